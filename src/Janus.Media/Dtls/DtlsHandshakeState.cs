using Org.BouncyCastle.Tls;

namespace Janus.Media.Dtls;

/// <summary>
/// What the BouncyCastle peer (our TlsClient or TlsServer) learns during one handshake, read by
/// <see cref="DtlsTransport"/> once the handshake ends. Written on the handshake thread only, except the
/// alert callbacks, which also run on whichever thread feeds records in after the handshake.
/// </summary>
internal sealed class DtlsHandshakeState(DtlsFingerprint remoteFingerprint, int[] srtpProfiles)
{
    public DtlsFingerprint RemoteFingerprint { get; } = remoteFingerprint;

    /// <summary>Our SRTP profiles as wire ids, best first.</summary>
    public int[] SrtpProfiles { get; } = srtpProfiles;

    /// <summary>Why we aborted the handshake ourselves, when we did (bad fingerprint, no SRTP profile...).</summary>
    public string? FailureReason { get; set; }

    public int SelectedProfile { get; set; } = -1;

    public byte[]? KeyingMaterial { get; set; }

    public bool ExtendedMasterSecret { get; set; }

    public int CipherSuite { get; set; }

    /// <summary>Raised with (level, description) for each alert the peer sends us.</summary>
    public Action<short, short>? AlertReceived { get; set; }

    /// <summary>RFC 5763 §5: the certificate must hash to the fingerprint the peer signalled in SDP.</summary>
    public void VerifyPeerCertificate(Certificate? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            // RFC 5763 §5: both sides MUST present a certificate (mutual authentication).
            FailureReason = "DTLS peer sent no certificate";
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
        byte[] leaf = chain.GetCertificateAt(0).GetEncoded();
        if (!RemoteFingerprint.Matches(leaf))
        {
            FailureReason = "DTLS fingerprint mismatch";
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    /// <summary>Exports RFC 5764 §4.2 keying material once the handshake is complete.</summary>
    public void CaptureHandshakeResult(TlsContext context)
    {
        SecurityParameters parameters = context.SecurityParameters;
        ExtendedMasterSecret = parameters.IsExtendedMasterSecret;
        CipherSuite = parameters.CipherSuite;
        if (SelectedProfile < 0)
        {
            return;
        }
        int length = DtlsSrtpKeys.MaterialLength((SrtpProtectionProfile)SelectedProfile);
        KeyingMaterial = context.ExportKeyingMaterial(DtlsSrtpKeys.ExporterLabel, null, length);
    }
}
