using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary><c>a=msid:stream track</c> (RFC 8830 §2); the track id is optional.</summary>
public sealed record SdpMsid(string StreamId, string? TrackId = null)
{
    public override string ToString() => TrackId is null ? StreamId : StreamId + " " + TrackId;

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpMsid? msid)
    {
        msid = null;
        if (value is null)
            return false;
        var words = SdpTokens.Words(value);
        if (words.Length is 0 or > 2)
            return false;
        msid = new SdpMsid(words[0], words.Length == 2 ? words[1] : null);
        return true;
    }
}

/// <summary>The session-level <c>a=msid-semantic: WMS id ...</c> Chrome and Janus still write.</summary>
public sealed record SdpMsidSemantic(string Semantic, IReadOnlyList<string> StreamIds)
{
    /// <summary>Written with the space after the colon, as browsers and Janus write it.</summary>
    /// <summary>Equal when written the same: the lists compare by content, not by reference.</summary>
    public bool Equals(SdpMsidSemantic? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString() => " " + (StreamIds.Count == 0 ? Semantic : Semantic + " " + string.Join(' ', StreamIds));

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpMsidSemantic? semantic)
    {
        semantic = null;
        if (value is null)
            return false;
        var words = SdpTokens.Words(value);
        if (words.Length == 0)
            return false;
        semantic = new SdpMsidSemantic(words[0], words[1..]);
        return true;
    }
}
