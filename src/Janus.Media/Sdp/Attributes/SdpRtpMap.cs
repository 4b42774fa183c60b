using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary><c>a=rtpmap:111 opus/48000/2</c> (RFC 8866 §6.6).</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    public override string ToString() =>
        $"{SdpTokens.Invariant(PayloadType)} {EncodingName}/{SdpTokens.Invariant(ClockRate)}" +
        (Channels is { } channels ? "/" + SdpTokens.Invariant(channels) : string.Empty);

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRtpMap? rtpMap)
    {
        rtpMap = null;
        if (value is null || !SdpTokens.SplitFirst(value.Trim(), out var pt, out var encoding))
            return false;
        if (!SdpTokens.TryInt(pt, 0, 127, out int payloadType))
            return false;
        var parts = encoding.Trim().Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !SdpTokens.TryInt(parts[1], 1, int.MaxValue, out int clock))
            return false;
        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpTokens.TryInt(parts[2], 1, 255, out int count))
                return false;
            channels = count;
        }
        rtpMap = new SdpRtpMap(payloadType, parts[0], clock, channels);
        return true;
    }
}
