using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary><c>a=ssrc-group:FID 1 2</c> or <c>SIM 1 2 3</c> (RFC 5576 §4.2).</summary>
public sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    public const string Fid = "FID";
    public const string Sim = "SIM";

    /// <summary>Equal when written the same: the lists compare by content, not by reference.</summary>
    public bool Equals(SdpSsrcGroup? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString()
    {
        var parts = new string[Ssrcs.Count + 1];
        parts[0] = Semantics;
        for (int i = 0; i < Ssrcs.Count; i++)
            parts[i + 1] = SdpTokens.Invariant(Ssrcs[i]);
        return string.Join(' ', parts);
    }

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpSsrcGroup? group)
    {
        group = null;
        if (value is null)
            return false;
        var words = SdpTokens.Words(value);
        if (words.Length < 2)
            return false;
        var ssrcs = new uint[words.Length - 1];
        for (int i = 1; i < words.Length; i++)
        {
            if (!SdpTokens.TryUInt(words[i], out ssrcs[i - 1]))
                return false;
        }
        group = new SdpSsrcGroup(words[0], ssrcs);
        return true;
    }
}
