using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary><c>a=group:BUNDLE 0 1 2</c> (RFC 5888 §5, RFC 9143).</summary>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids)
{
    public const string Bundle = "BUNDLE";

    /// <summary>Equal when written the same: the lists compare by content, not by reference.</summary>
    public bool Equals(SdpGroup? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Mids.Count == 0 ? Semantics : Semantics + " " + string.Join(' ', Mids);

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpGroup? group)
    {
        group = null;
        if (value is null)
            return false;
        var words = SdpTokens.Words(value);
        if (words.Length == 0)
            return false;
        group = new SdpGroup(words[0], words[1..]);
        return true;
    }
}
