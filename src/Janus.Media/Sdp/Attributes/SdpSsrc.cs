using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary><c>a=ssrc:1234 cname:abc</c> (RFC 5576 §4.1). <see cref="Value"/> is null for a bare attribute.</summary>
public sealed record SdpSsrc(uint Ssrc, string Attribute, string? Value = null)
{
    public override string ToString() =>
        SdpTokens.Invariant(Ssrc) + " " + (Value is null ? Attribute : Attribute + ":" + Value);

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpSsrc? ssrc)
    {
        ssrc = null;
        if (value is null || !SdpTokens.SplitFirst(value.Trim(), out var id, out var rest) || !SdpTokens.TryUInt(id, out uint parsed))
            return false;
        int colon = rest.IndexOf(':');
        ssrc = colon < 0 ? new SdpSsrc(parsed, rest) : new SdpSsrc(parsed, rest[..colon], rest[(colon + 1)..]);
        return ssrc.Attribute.Length > 0;
    }
}
