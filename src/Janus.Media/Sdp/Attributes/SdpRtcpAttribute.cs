using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary><c>a=rtcp:9 IN IP4 0.0.0.0</c> (RFC 3605 §2.1).</summary>
public sealed record SdpRtcpAttribute(int Port, SdpConnection? Connection = null)
{
    public override string ToString() => Connection is null ? SdpTokens.Invariant(Port) : SdpTokens.Invariant(Port) + " " + Connection;

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRtcpAttribute? rtcp)
    {
        rtcp = null;
        if (value is null)
            return false;
        var words = SdpTokens.Words(value);
        if (words.Length is not (1 or 4) || !SdpTokens.TryInt(words[0], 0, 65535, out int port))
            return false;
        rtcp = new SdpRtcpAttribute(port, words.Length == 4 ? new SdpConnection(words[1], words[2], words[3]) : null);
        return true;
    }
}
