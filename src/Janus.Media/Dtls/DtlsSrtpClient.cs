using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Janus.Media.Dtls;

/// <summary>Our side as DTLS client (SDP <c>a=setup:active</c>): offers use_srtp, checks the server's fingerprint.</summary>
internal sealed class DtlsSrtpClient(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsHandshakeState state, int handshakeTimeoutMillis)
    : DefaultTlsClient(crypto)
{
    private readonly BcTlsCrypto _crypto = crypto;
    private readonly DtlsCertificate _certificate = certificate;
    private readonly DtlsHandshakeState _state = state;

    public override int GetHandshakeTimeoutMillis() => handshakeTimeoutMillis;

    // Hostile or corrupted records after the handshake are dropped instead of failing the connection.
    public override bool IgnoreCorruptDtlsRecords => true;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
        TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsPeerPolicy.ClientCipherSuites);

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        // RFC 5764 §4.1.1: offer our profiles, best first, with an empty MKI.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(_state.SrtpProfiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData? chosen = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (chosen is null)
        {
            _state.FailureReason = "DTLS server did not negotiate SRTP";
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
        // RFC 5764 §4.1.1: the server answers with exactly one of the profiles we offered.
        if (chosen.ProtectionProfiles.Length != 1 || Array.IndexOf(_state.SrtpProfiles, chosen.ProtectionProfiles[0]) < 0)
        {
            _state.FailureReason = "DTLS server chose an SRTP profile we did not offer";
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }
        _state.SelectedProfile = chosen.ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        _state.AlertReceived?.Invoke(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _state.CaptureHandshakeResult(m_context);
    }

    private sealed class Authentication(DtlsSrtpClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            client._state.VerifyPeerCertificate(serverCertificate.Certificate);

        // WebRTC needs mutual authentication (RFC 5763 §5), so we always answer a CertificateRequest.
        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            DtlsPeerPolicy.CreateSigner(client.m_context, client._crypto, client._certificate,
                certificateRequest.SupportedSignatureAlgorithms);
    }
}
