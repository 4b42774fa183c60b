using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary>
/// <c>a=candidate:1 1 udp 2015363327 10.0.2.15 36058 typ host [raddr A rport P] [extensions]</c> (RFC 8839 §5.1).
/// <see cref="Raw"/> is the attribute value as received; the ICE layer may parse it further.
/// </summary>
public sealed record SdpCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type,
    string? RelatedAddress,
    int? RelatedPort,
    string Raw)
{
    public override string ToString() => Raw;

    /// <summary>Parses the value with or without the <c>candidate:</c> prefix trickle messages carry.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpCandidate? candidate)
    {
        candidate = null;
        if (value is null)
            return false;
        var raw = value.StartsWith("candidate:", StringComparison.Ordinal) ? value["candidate:".Length..] : value;
        var words = SdpTokens.Words(raw);
        if (words.Length < 8 || words[6] != "typ")
            return false;
        if (!SdpTokens.TryInt(words[1], 1, 256, out int component)
            || !SdpTokens.TryUInt(words[3], out uint priority)
            || !SdpTokens.TryInt(words[5], 0, 65535, out int port))
            return false;
        string? relatedAddress = null;
        int? relatedPort = null;
        for (int i = 8; i + 1 < words.Length; i += 2)
        {
            if (words[i] == "raddr")
                relatedAddress = words[i + 1];
            else if (words[i] == "rport" && SdpTokens.TryInt(words[i + 1], 0, 65535, out int rport))
                relatedPort = rport;
        }
        candidate = new SdpCandidate(words[0], component, words[2], priority, words[4], port, words[7], relatedAddress, relatedPort, raw);
        return true;
    }
}
