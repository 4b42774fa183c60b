using System.Globalization;
using System.Text;

namespace Janus.Media.Recording;

/// <summary>
/// The JSON description a <c>.mjr</c> file carries after its <c>MJR00002</c> tag, written byte for byte as
/// Janus 1.x writes it: Janus builds the object with jansson and dumps it with <c>JSON_PRESERVE_ORDER</c> and no
/// other flag, which gives <c>{"t": "a", "c": "opus", "s": 1, "u": 2}</c> (", " and ": " separators, UTF-8 kept
/// as is) with the keys in record.c's order: t, c, f, s, u, e.
/// </summary>
internal static class MjrInfo
{
    public static byte[] Build(RecordingKind kind, string codec, string? fmtp, long createdUs, long firstFrameUs, bool encrypted)
    {
        var json = new StringBuilder(96);
        json.Append("{\"t\": \"").Append(TypeLetter(kind)).Append('"');
        json.Append(", \"c\": ");
        AppendString(json, codec);
        if (fmtp is not null)
        {
            json.Append(", \"f\": ");
            AppendString(json, fmtp);
        }
        json.Append(", \"s\": ").Append(createdUs.ToString(CultureInfo.InvariantCulture));
        json.Append(", \"u\": ").Append(firstFrameUs.ToString(CultureInfo.InvariantCulture));
        if (encrypted)
        {
            json.Append(", \"e\": true");
        }
        json.Append('}');
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    public static char TypeLetter(RecordingKind kind) => kind switch
    {
        RecordingKind.Audio => 'a',
        RecordingKind.Video => 'v',
        _ => 'd',
    };

    // jansson's escaping without JSON_ENSURE_ASCII or JSON_ESCAPE_SLASH: quote, backslash and control characters.
    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        json.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.Append(c);
                    }
                    break;
            }
        }
        json.Append('"');
    }
}
