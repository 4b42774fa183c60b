namespace Janus.Media.Net;

/// <summary>What a datagram carries, told apart by its first byte (RFC 7983 §7).</summary>
public enum DatagramKind
{
    Unknown,
    Stun,
    Dtls,
    Rtp,
}

internal static class DatagramClassifier
{
    /// <summary>
    /// RFC 7983 §7: 0–3 STUN, 20–63 DTLS, 128–191 RTP/RTCP. ZRTP (16–19) and TURN channels (64–79) are not used
    /// here and count as unknown.
    /// </summary>
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return DatagramKind.Unknown;
        }
        byte b = datagram[0];
        return b switch
        {
            <= 3 => DatagramKind.Stun,
            >= 20 and <= 63 => DatagramKind.Dtls,
            >= 128 and <= 191 => DatagramKind.Rtp,
            _ => DatagramKind.Unknown,
        };
    }
}
