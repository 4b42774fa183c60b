using System.Security.Cryptography;

namespace Janus.Media.Dtls;

/// <summary>
/// A certificate fingerprint as SDP carries it (RFC 8122 §5, <c>a=fingerprint:sha-256 AB:CD:...</c>):
/// a hash function name and the digest as colon-separated upper-case hex.
/// </summary>
public sealed record DtlsFingerprint(string Algorithm, string Value)
{
    /// <summary>Hashes a DER certificate; the algorithm is an RFC 8122 hash name (sha-1, sha-256, sha-384, sha-512).</summary>
    public static DtlsFingerprint Compute(string algorithm, ReadOnlySpan<byte> certificateDer)
    {
        string name = algorithm.ToLowerInvariant();
        byte[] digest = name switch
        {
            "sha-1" => SHA1.HashData(certificateDer),
            "sha-256" => SHA256.HashData(certificateDer),
            "sha-384" => SHA384.HashData(certificateDer),
            "sha-512" => SHA512.HashData(certificateDer),
            _ => throw new ArgumentException($"unsupported fingerprint algorithm '{algorithm}'", nameof(algorithm)),
        };
        return new DtlsFingerprint(name, FormatHex(digest));
    }

    /// <summary>Parses the value of an SDP fingerprint attribute, <c>sha-256 AB:CD:...</c>; null if malformed.</summary>
    public static DtlsFingerprint? TryParse(string? attributeValue)
    {
        if (string.IsNullOrWhiteSpace(attributeValue))
        {
            return null;
        }
        string[] parts = attributeValue.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !IsSupportedAlgorithm(parts[0]) || !IsColonHex(parts[1]))
        {
            return null;
        }
        return new DtlsFingerprint(parts[0].ToLowerInvariant(), parts[1].ToUpperInvariant());
    }

    public static bool IsSupportedAlgorithm(string algorithm) =>
        algorithm.ToLowerInvariant() is "sha-1" or "sha-256" or "sha-384" or "sha-512";

    /// <summary>Whether this fingerprint is that of the given DER certificate (hex compared without regard to case).</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        if (!IsSupportedAlgorithm(Algorithm))
        {
            return false;
        }
        DtlsFingerprint actual = Compute(Algorithm, certificateDer);
        return string.Equals(actual.Value, Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The SDP attribute value, <c>sha-256 AB:CD:...</c>.</summary>
    public override string ToString() => Algorithm + " " + Value;

    internal static string FormatHex(ReadOnlySpan<byte> digest)
    {
        if (digest.IsEmpty)
        {
            return string.Empty;
        }
        return string.Create(digest.Length * 3 - 1, digest.ToArray(), static (chars, bytes) =>
        {
            const string hex = "0123456789ABCDEF";
            for (int i = 0; i < bytes.Length; i++)
            {
                int at = i * 3;
                if (i > 0)
                {
                    chars[at - 1] = ':';
                }
                chars[at] = hex[bytes[i] >> 4];
                chars[at + 1] = hex[bytes[i] & 0xF];
            }
        });
    }

    private static bool IsColonHex(string text)
    {
        // Groups of two hex digits separated by colons: length 3n-1.
        if (text.Length < 2 || (text.Length + 1) % 3 != 0)
        {
            return false;
        }
        for (int i = 0; i < text.Length; i++)
        {
            bool ok = i % 3 == 2 ? text[i] == ':' : char.IsAsciiHexDigit(text[i]);
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
