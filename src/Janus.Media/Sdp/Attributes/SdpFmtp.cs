using System.Diagnostics.CodeAnalysis;

namespace Janus.Media.Sdp;

/// <summary><c>a=fmtp:96 profile-level-id=42e01f;packetization-mode=1</c> (RFC 8866 §6.15); parameters kept as written.</summary>
public sealed record SdpFmtp(int PayloadType, string Parameters)
{
    public override string ToString() => SdpTokens.Invariant(PayloadType) + " " + Parameters;

    /// <summary>The <c>key=value</c> pairs, keys lower-cased; a bare token (as in some telephone-event fmtps) maps to "".</summary>
    public IReadOnlyDictionary<string, string> ToDictionary()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in Parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq < 0)
                result[part] = string.Empty;
            else
                result[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }
        return result;
    }

    public string? Get(string parameter) => ToDictionary().TryGetValue(parameter, out var value) ? value : null;

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpFmtp? fmtp)
    {
        fmtp = null;
        if (value is null)
            return false;
        SdpTokens.SplitFirst(value.Trim(), out var pt, out var parameters);
        if (!SdpTokens.TryInt(pt, 0, 127, out int payloadType))
            return false;
        fmtp = new SdpFmtp(payloadType, parameters.Trim());
        return true;
    }
}
