namespace Janus.Media.Sdp;

/// <summary>The <c>m=</c> transport protocols WebRTC uses (RFC 8829 §5.1.2, RFC 8841 §4).</summary>
public static class SdpProtocols
{
    public const string RtpSavpf = "UDP/TLS/RTP/SAVPF";
    public const string SctpDataChannel = "UDP/DTLS/SCTP";
    public const string TcpSctpDataChannel = "TCP/DTLS/SCTP";
    /// <summary>The pre-RFC 8841 form: <c>m=application 9 DTLS/SCTP 5000</c> with <c>a=sctpmap</c>.</summary>
    public const string LegacySctp = "DTLS/SCTP";
    public const string DataChannelFormat = "webrtc-datachannel";

    public static bool IsRtp(string protocol) => protocol.Contains("RTP/", StringComparison.Ordinal);

    public static bool IsSctp(string protocol) => protocol.EndsWith("SCTP", StringComparison.Ordinal);
}
