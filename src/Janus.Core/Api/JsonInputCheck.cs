using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Janus.Core.Api;

/// <summary>
/// What jansson refuses and System.Text.Json lets through until a value is read: a string that is not valid UTF-8
/// (raw bytes, or an escaped lone surrogate such as <c>\ud800</c>) and a key given twice in one object. JsonNode parses
/// lazily, so without this check such input fails deep inside a request (an internal error, or an exception on a path
/// with no catch); checked once at the transport's door, every transport answers 454 instead.
/// </summary>
/// <remarks>
/// Janus (jansson without JSON_REJECT_DUPLICATES) keeps the last of duplicate keys; we refuse them, because the lazily
/// built JsonObject would throw on first access and no client sends them on purpose.
/// </remarks>
internal static class JsonInputCheck
{
    /// <summary>
    /// Walks <paramref name="utf8"/> once; throws <see cref="JsonException"/> (with line and byte position, as a parse
    /// error would) at the first malformed token, duplicate key or invalid string.
    /// </summary>
    public static void Validate(ReadOnlySpan<byte> utf8, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(utf8, options);
        // The keys seen so far in each open object, by depth; allocated only for objects with keys.
        List<HashSet<string>?>? keys = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    {
                        // The object's keys sit one level deeper than its opening brace.
                        int inner = reader.CurrentDepth + 1;
                        keys ??= new List<HashSet<string>?>();
                        while (keys.Count <= inner)
                        {
                            keys.Add(null);
                        }
                        keys[inner]?.Clear();
                        break;
                    }
                case JsonTokenType.PropertyName:
                    {
                        string name = ReadString(ref reader, utf8);
                        int depth = reader.CurrentDepth;
                        HashSet<string> seen = keys![depth] ??= new HashSet<string>(StringComparer.Ordinal);
                        if (!seen.Add(name))
                        {
                            throw Error(utf8, reader.TokenStartIndex, $"Duplicate key '{Printable(name)}' in an object");
                        }
                        break;
                    }
                case JsonTokenType.String:
                    if (!reader.ValueIsEscaped)
                    {
                        // The common case, checked without making a string.
                        if (!Utf8.IsValid(reader.ValueSpan))
                        {
                            throw Error(utf8, reader.TokenStartIndex, "Invalid UTF-8 in a string");
                        }
                    }
                    else
                    {
                        ReadString(ref reader, utf8);
                    }
                    break;
            }
        }
    }

    private static string ReadString(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        if (!reader.ValueIsEscaped && !Utf8.IsValid(reader.ValueSpan))
        {
            throw Error(utf8, reader.TokenStartIndex, "Invalid UTF-8 in a string");
        }
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // GetString refuses invalid UTF-8 and escaped lone surrogates (\ud800) alike.
            throw Error(utf8, reader.TokenStartIndex, "Invalid Unicode (UTF-8 or \\u escape) in a string");
        }
    }

    private static JsonException Error(ReadOnlySpan<byte> utf8, long at, string what)
    {
        ReadOnlySpan<byte> before = utf8[..(int)at];
        int line = before.Count((byte)'\n');
        int lineStart = before.LastIndexOf((byte)'\n') + 1;
        return new JsonException(what, null, line, at - lineStart);
    }

    private static string Printable(string name)
    {
        var text = new StringBuilder(Math.Min(name.Length, 64));
        foreach (char c in name.Length > 64 ? name[..64] : name)
        {
            text.Append(char.IsControl(c) ? '?' : c);
        }
        return text.ToString();
    }
}
