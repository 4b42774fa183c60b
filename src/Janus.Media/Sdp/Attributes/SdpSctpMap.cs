using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary>The legacy <c>a=sctpmap:5000 webrtc-datachannel 1024</c> of draft-ietf-mmusic-sctp-sdp-05 (old Chrome, old Janus clients).</summary>
public sealed record SdpSctpMap(int Number, string Application, int? Streams = null)
{
    public override string ToString() =>
        SdpTokens.Invariant(Number) + " " + Application + (Streams is { } s ? " " + SdpTokens.Invariant(s) : string.Empty);

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpSctpMap? map)
    {
        map = null;
        if (value is null)
            return false;
        var words = SdpTokens.Words(value);
        if (words.Length is < 2 or > 3 || !SdpTokens.TryInt(words[0], 0, 65535, out int number))
            return false;
        int? streams = null;
        if (words.Length == 3)
        {
            if (!SdpTokens.TryInt(words[2], 0, 65535, out int count))
                return false;
            streams = count;
        }
        map = new SdpSctpMap(number, words[1], streams);
        return true;
    }
}
