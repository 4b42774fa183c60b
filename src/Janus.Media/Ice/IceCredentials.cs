using System.Security.Cryptography;

namespace Janus.Media.Ice;

/// <summary>An ice-ufrag and ice-pwd pair (RFC 8839 §5.4).</summary>
public sealed record IceCredentials(string Ufrag, string Password)
{
    // RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/".
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>
    /// Random credentials: an 8-character ufrag (at least 4 required, 24 bits of randomness) and a 24-character
    /// password (at least 22, 128 bits). The ufrag avoids '+' and '/' so it is safe in any signalling.
    /// </summary>
    public static IceCredentials Generate() =>
        new(RandomNumberGenerator.GetString(IceChars.AsSpan(0, 62), 8), RandomNumberGenerator.GetString(IceChars, 24));

    /// <summary>RFC 8839 §5.4 length rules.</summary>
    public static bool AreValid(string? ufrag, string? password) =>
        ufrag is { Length: >= 4 and <= 256 } && password is { Length: >= 22 and <= 256 };
}
