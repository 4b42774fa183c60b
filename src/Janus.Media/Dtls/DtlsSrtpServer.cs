using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Janus.Media.Dtls;

/// <summary>
/// Our side as DTLS server (SDP <c>a=setup:passive</c>): picks an SRTP profile from the client's offer,
/// asks for the client's certificate and checks its fingerprint.
/// </summary>
internal sealed class DtlsSrtpServer(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsHandshakeState state, int handshakeTimeoutMillis)
    : DefaultTlsServer(crypto)
{
    private readonly BcTlsCrypto _crypto = crypto;

    public override int GetHandshakeTimeoutMillis() => handshakeTimeoutMillis;

    public override bool IgnoreCorruptDtlsRecords => true;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    // Only the suites our key can sign for: ECDHE_ECDSA with the generated certificate, ECDHE_RSA with an RSA one.
    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto,
        certificate.IsEcdsa ? DtlsPeerPolicy.EcdsaCipherSuites : DtlsPeerPolicy.RsaCipherSuites);

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        UseSrtpData? offered = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offered is null)
        {
            state.FailureReason = "DTLS client did not offer SRTP";
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
        int selected = SrtpProtectionProfiles.Select(state.SrtpProfiles, offered.ProtectionProfiles);
        if (selected < 0)
        {
            state.FailureReason = "DTLS client offered no SRTP profile we support";
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
        state.SelectedProfile = selected;
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([state.SelectedProfile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    // RFC 5763 §5: the server MUST request the client's certificate.
    public override CertificateRequest GetCertificateRequest() => new(
        [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
        TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context),
        null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        state.VerifyPeerCertificate(clientCertificate);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => CreateSigner();

    protected override TlsCredentialedSigner GetRsaSignerCredentials() => CreateSigner();

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        state.AlertReceived?.Invoke(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        state.CaptureHandshakeResult(m_context);
    }

    private TlsCredentialedSigner CreateSigner() =>
        DtlsPeerPolicy.CreateSigner(m_context, _crypto, certificate, m_context.SecurityParameters.ClientSigAlgs);
}
