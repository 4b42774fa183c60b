using System.Security.Cryptography;
using System.Text;

namespace Janus.Core.Api;

/// <summary>
/// Janus's token authentication (auth.c). Two modes: stored tokens, added through the Admin API, each with the
/// plugins it may attach to; or signed tokens when a secret is set, <c>expiry,realm[,descriptor...]:base64(HMAC-SHA1)</c>
/// where the HMAC keyed with the secret covers everything before the colon, <c>expiry</c> is in Unix seconds,
/// the realm of the core is <c>janus</c> and a plugin's realm is its package.
/// </summary>
public sealed class TokenAuthenticator
{
    public const string CoreRealm = "janus";

    private readonly Dictionary<string, List<string>> _tokens = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private readonly byte[]? _secret;
    private readonly Func<DateTimeOffset> _now;

    public TokenAuthenticator(bool enabled, string? secret, Func<DateTimeOffset>? now = null)
    {
        IsEnabled = enabled;
        _secret = enabled && secret is not null ? Encoding.UTF8.GetBytes(secret) : null;
        _now = now ?? (() => DateTimeOffset.UtcNow);
    }

    public bool IsEnabled { get; }

    public bool IsStoredMode => IsEnabled && _secret is null;

    public bool IsSignedMode => IsEnabled && _secret is not null;

    /// <summary>Whether <paramref name="token"/> lets a request through (always true when authentication is off).</summary>
    public bool CheckToken(string? token)
    {
        if (!IsEnabled)
        {
            return true;
        }
        if (token is null)
        {
            return false;
        }
        if (_secret is not null)
        {
            return CheckSignature(token, CoreRealm);
        }
        lock (_lock)
        {
            return _tokens.ContainsKey(token);
        }
    }

    /// <summary>Whether the token may attach to <paramref name="package"/>.</summary>
    public bool CheckPlugin(string token, string package)
    {
        if (!IsEnabled)
        {
            return true;
        }
        if (_secret is not null)
        {
            return CheckSignatureContains(token, CoreRealm, package);
        }
        lock (_lock)
        {
            return _tokens.TryGetValue(token, out List<string>? plugins) && plugins.Contains(package);
        }
    }

    public bool AddToken(string token)
    {
        if (!IsStoredMode)
        {
            return false;
        }
        lock (_lock)
        {
            _tokens.TryAdd(token, new List<string>());
            return true;
        }
    }

    public bool RemoveToken(string token)
    {
        if (!IsStoredMode)
        {
            return false;
        }
        lock (_lock)
        {
            return _tokens.Remove(token);
        }
    }

    public bool AllowPlugin(string token, string package)
    {
        if (!IsStoredMode)
        {
            return false;
        }
        lock (_lock)
        {
            if (!_tokens.TryGetValue(token, out List<string>? plugins))
            {
                return false;
            }
            if (!plugins.Contains(package))
            {
                plugins.Add(package);
            }
            return true;
        }
    }

    public bool DisallowPlugin(string token, string package)
    {
        if (!IsStoredMode)
        {
            return false;
        }
        lock (_lock)
        {
            if (!_tokens.TryGetValue(token, out List<string>? plugins))
            {
                return false;
            }
            plugins.RemoveAll(p => p == package);
            return true;
        }
    }

    /// <summary>Forgets a plugin everywhere (it was unloaded).</summary>
    public void ForgetPlugin(string package)
    {
        lock (_lock)
        {
            foreach (List<string> plugins in _tokens.Values)
            {
                plugins.Remove(package);
            }
        }
    }

    public IReadOnlyList<string> PluginsOf(string token)
    {
        lock (_lock)
        {
            return _tokens.TryGetValue(token, out List<string>? plugins) ? plugins.ToArray() : Array.Empty<string>();
        }
    }

    public IReadOnlyList<(string Token, string[] Plugins)> ListTokens()
    {
        lock (_lock)
        {
            var list = new List<(string, string[])>(_tokens.Count);
            foreach (KeyValuePair<string, List<string>> entry in _tokens)
            {
                list.Add((entry.Key, entry.Value.ToArray()));
            }
            return list;
        }
    }

    /// <summary>A signed token valid now for <paramref name="realm"/> (auth.c's janus_auth_check_signature).</summary>
    public bool CheckSignature(string token, string realm)
    {
        if (_secret is null || !TrySplit(token, out string data, out string signature))
        {
            return false;
        }
        string[] fields = data.Split(',', 3);
        return fields.Length >= 2 && NotExpired(fields[0]) && fields[1] == realm && SignatureMatches(data, signature);
    }

    /// <summary>A signed token valid now for <paramref name="realm"/> that lists <paramref name="descriptor"/>.</summary>
    public bool CheckSignatureContains(string token, string realm, string descriptor)
    {
        if (_secret is null)
        {
            return true;
        }
        if (!TrySplit(token, out string data, out string signature))
        {
            return false;
        }
        string[] fields = data.Split(',');
        if (fields.Length < 2 || !NotExpired(fields[0]) || fields[1] != realm)
        {
            return false;
        }
        bool listed = false;
        for (int i = 2; i < fields.Length; i++)
        {
            if (fields[i] == descriptor)
            {
                listed = true;
                break;
            }
        }
        return listed && SignatureMatches(data, signature);
    }

    /// <summary>Builds a signed token the way an application server would (for tests and tools).</summary>
    public static string Sign(string secret, DateTimeOffset expiry, string realm, params string[] descriptors)
    {
        var data = new StringBuilder();
        data.Append(expiry.ToUnixTimeSeconds()).Append(',').Append(realm);
        foreach (string d in descriptors)
        {
            data.Append(',').Append(d);
        }
        string text = data.ToString();
        byte[] mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text));
        return text + ":" + Convert.ToBase64String(mac);
    }

    private static bool TrySplit(string token, out string data, out string signature)
    {
        // Exactly one data part and one signature part (g_strsplit(token, ":", 2) with no third piece).
        int colon = token.IndexOf(':');
        if (colon < 0)
        {
            data = signature = "";
            return false;
        }
        data = token[..colon];
        signature = token[(colon + 1)..];
        return true;
    }

    private bool NotExpired(string expiryField)
    {
        // strtoll semantics: leading digits (with optional sign) count, the rest is ignored.
        int end = 0;
        if (end < expiryField.Length && (expiryField[end] == '-' || expiryField[end] == '+'))
        {
            end++;
        }
        while (end < expiryField.Length && char.IsAsciiDigit(expiryField[end]))
        {
            end++;
        }
        if (!long.TryParse(expiryField.AsSpan(0, end), out long expiry))
        {
            expiry = 0;
        }
        return expiry >= 0 && _now().ToUnixTimeSeconds() <= expiry;
    }

    private bool SignatureMatches(string data, string signature)
    {
        byte[] mac = HMACSHA1.HashData(_secret!, Encoding.UTF8.GetBytes(data));
        byte[] expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(mac));
        byte[] given = Encoding.UTF8.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
