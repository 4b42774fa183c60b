namespace Janus.Media.Dtls;

/// <summary>How one PeerConnection's DTLS runs.</summary>
public sealed class DtlsTransportOptions
{
    /// <summary>Client or server, decided by the caller from SDP <c>a=setup</c> (RFC 5763 §5).</summary>
    public required DtlsRole Role { get; init; }

    /// <summary>Our certificate (one per process).</summary>
    public required DtlsCertificate Certificate { get; init; }

    /// <summary>The fingerprint the remote SDP announced; the peer's certificate must hash to it.</summary>
    public required DtlsFingerprint RemoteFingerprint { get; init; }

    /// <summary>Largest datagram we send (janus.jcfg <c>dtls_mtu</c>); handshake messages are fragmented to fit.</summary>
    public int Mtu { get; init; } = 1200;

    /// <summary>
    /// The SRTP profiles we offer (as client) or accept (as server), best first. Null: AEAD_AES_128_GCM,
    /// AEAD_AES_256_GCM, then AES128_CM_HMAC_SHA1_80, which covers what Chromium, Firefox and Safari offer.
    /// </summary>
    public IReadOnlyList<SrtpProtectionProfile>? SrtpProfiles { get; init; }

    /// <summary>How long the whole handshake may take before <see cref="DtlsTransport.Failed"/>.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
