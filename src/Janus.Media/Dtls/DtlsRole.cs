namespace Janus.Media.Dtls;

/// <summary>
/// Which side of the DTLS handshake we play. RFC 5763 §5: the endpoint whose SDP says
/// <c>a=setup:active</c> is the DTLS client; <c>passive</c> is the server. The caller maps SDP to this.
/// </summary>
public enum DtlsRole
{
    Client,
    Server,
}
