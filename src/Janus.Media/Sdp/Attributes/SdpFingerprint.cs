using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary><c>a=fingerprint:sha-256 AB:CD:...</c> (RFC 8122 §5).</summary>
public sealed record SdpFingerprint(string Algorithm, string Value)
{
    public override string ToString() => Algorithm + " " + Value;

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpFingerprint? fingerprint)
    {
        fingerprint = null;
        if (value is null)
            return false;
        var words = SdpTokens.Words(value);
        if (words.Length != 2)
            return false;
        fingerprint = new SdpFingerprint(words[0].ToLowerInvariant(), words[1]);
        return true;
    }
}
