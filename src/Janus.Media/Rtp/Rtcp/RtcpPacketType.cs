namespace Janus.Media.Rtp.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611).</summary>
public static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    public const byte ApplicationDefined = 204;
    public const byte TransportFeedback = 205;
    public const byte PayloadFeedback = 206;
    public const byte ExtendedReport = 207;

    /// <summary>RTPFB formats (RFC 4585 §6.2, RFC 5104 §4.2, draft-holmer-rmcat-transport-wide-cc-extensions).</summary>
    public const int FormatGenericNack = 1;
    public const int FormatTmmbr = 3;
    public const int FormatTmmbn = 4;
    public const int FormatTransportCc = 15;

    /// <summary>PSFB formats (RFC 4585 §6.3, RFC 5104 §4.3, draft-alvestrand-rmcat-remb).</summary>
    public const int FormatPli = 1;
    public const int FormatSli = 2;
    public const int FormatRpsi = 3;
    public const int FormatFir = 4;
    public const int FormatApplicationLayer = 15;

    /// <summary>
    /// Whether a first byte pair looks like RTCP rather than RTP on a muxed port (RFC 5761 §4: payload types
    /// 64-95 are avoided by RTP, so 192-223 in the second byte means RTCP).
    /// </summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet) => packet.Length >= 2 && packet[1] >= 192 && packet[1] <= 223;
}
