using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary><c>a=extmap:3/sendonly urn:... attributes</c> (RFC 8285 §8). <see cref="Direction"/> is None when not written.</summary>
public sealed record SdpExtmap(int Id, string Uri, SdpDirection Direction = SdpDirection.None, string? ExtensionAttributes = null)
{
    public override string ToString()
    {
        var id = SdpTokens.Invariant(Id);
        if (Direction.ToAttributeName() is { } direction)
            id += "/" + direction;
        return ExtensionAttributes is null ? id + " " + Uri : id + " " + Uri + " " + ExtensionAttributes;
    }

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpExtmap? extmap)
    {
        extmap = null;
        if (value is null)
            return false;
        var words = SdpTokens.Words(value);
        if (words.Length < 2)
            return false;
        var idPart = words[0];
        var direction = SdpDirection.None;
        int slash = idPart.IndexOf('/');
        if (slash >= 0)
        {
            direction = SdpDirections.FromAttributeName(idPart[(slash + 1)..]);
            if (direction == SdpDirection.None)
                return false;
            idPart = idPart[..slash];
        }
        // 1-14 one-byte, up to 255 two-byte header extensions (RFC 8285 §4.2, §4.3).
        if (!SdpTokens.TryInt(idPart, 1, 255, out int id))
            return false;
        extmap = new SdpExtmap(id, words[1], direction, words.Length > 2 ? string.Join(' ', words, 2, words.Length - 2) : null);
        return true;
    }
}
