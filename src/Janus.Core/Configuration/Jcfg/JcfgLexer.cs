using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Janus.Core.Configuration.Jcfg;

/// <summary>
/// Splits libconfig text into tokens, following libconfig's scanner: <c>#</c>, <c>//</c> and <c>/* */</c>
/// comments, strings with C escapes (<c>\xHH</c> is a byte; an unknown escape keeps its backslash),
/// names <c>[A-Za-z*][-A-Za-z0-9_*]*</c>, booleans in any case, decimal/hex/binary/octal integers with an
/// optional <c>L</c>/<c>LL</c> suffix, floats, and <c>@include "file"</c> at the start of a line, which
/// splices that file's tokens in place.
/// </summary>
internal sealed class JcfgLexer
{
    /// <summary>libconfig's limit on nested includes (it also stops include cycles).</summary>
    internal const int MaxIncludeDepth = 10;

    private static readonly Regex s_float = new(@"\G(?:[-+]?[0-9]*\.[0-9]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)", RegexOptions.CultureInvariant);
    private static readonly Regex s_decimal = new(@"\G[-+]?[0-9]+(?:LL?)?", RegexOptions.CultureInvariant);
    private static readonly Regex s_binary = new(@"\G0[bB][01]{1,64}(?:LL?)?", RegexOptions.CultureInvariant);
    private static readonly Regex s_octal = new(@"\G0[oOqQ][0-7]{1,21}(?:LL?)?", RegexOptions.CultureInvariant);
    private static readonly Regex s_hex = new(@"\G0[xX][0-9A-Fa-f]{1,16}(?:LL?)?", RegexOptions.CultureInvariant);

    private readonly Stack<JcfgSource> _sources = new();

    public JcfgLexer(JcfgSource root)
    {
        _sources.Push(root);
    }

    public JcfgToken Next()
    {
        while (true)
        {
            JcfgSource source = _sources.Peek();
            if (source.AtEnd)
            {
                if (_sources.Count == 1)
                {
                    return new JcfgToken(JcfgTokenKind.End, source.Position);
                }

                _sources.Pop();
                continue;
            }

            char c = source.Current;
            if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\a' or '\b' or '\v')
            {
                source.Advance();
                continue;
            }

            if (c == '#' || (c == '/' && source.Peek(1) == '/'))
            {
                SkipLineComment(source);
                continue;
            }

            if (c == '/' && source.Peek(1) == '*')
            {
                SkipBlockComment(source);
                continue;
            }

            if (c == '@' && source.OnlyBlanksBeforeOnLine() && IsIncludeKeyword(source))
            {
                PushInclude(source);
                continue;
            }

            return Scan(source);
        }
    }

    private static JcfgToken Scan(JcfgSource source)
    {
        JcfgPosition start = source.Position;
        char c = source.Current;
        JcfgTokenKind? punctuation = c switch
        {
            '=' or ':' => JcfgTokenKind.Equals,
            ',' => JcfgTokenKind.Comma,
            ';' => JcfgTokenKind.Semicolon,
            '{' => JcfgTokenKind.GroupStart,
            '}' => JcfgTokenKind.GroupEnd,
            '[' => JcfgTokenKind.ArrayStart,
            ']' => JcfgTokenKind.ArrayEnd,
            '(' => JcfgTokenKind.ListStart,
            ')' => JcfgTokenKind.ListEnd,
            _ => null,
        };
        if (punctuation is JcfgTokenKind kind)
        {
            source.Advance();
            return new JcfgToken(kind, start);
        }

        if (c == '"')
        {
            return ScanString(source, start);
        }

        if (char.IsAsciiLetter(c) || c == '*')
        {
            return ScanName(source, start);
        }

        if (char.IsAsciiDigit(c) || c is '-' or '+' or '.')
        {
            return ScanNumber(source, start);
        }

        throw new JcfgParseException(start.FileName, start.Line, start.Column, $"unexpected character {Printable(c)}");
    }

    private static JcfgToken ScanName(JcfgSource source, JcfgPosition start)
    {
        int begin = source.Offset;
        source.Advance();
        while (!source.AtEnd && (char.IsAsciiLetterOrDigit(source.Current) || source.Current is '-' or '_' or '*'))
        {
            source.Advance();
        }

        string name = source.Text[begin..source.Offset];
        if (name.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return new JcfgToken(JcfgTokenKind.Boolean, start, name, Integer: 1);
        }

        if (name.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return new JcfgToken(JcfgTokenKind.Boolean, start, name, Integer: 0);
        }

        return new JcfgToken(JcfgTokenKind.Name, start, name);
    }

    private static JcfgToken ScanNumber(JcfgSource source, JcfgPosition start)
    {
        string text = source.Text;
        int offset = source.Offset;

        // Longest match wins, as in the flex scanner; on a tie the decimal integer comes first.
        Match best = s_decimal.Match(text, offset);
        int numberBase = 10;
        foreach ((Regex pattern, int candidateBase) in new[] { (s_binary, 2), (s_octal, 8), (s_hex, 16) })
        {
            Match candidate = pattern.Match(text, offset);
            if (candidate.Success && candidate.Length > (best.Success ? best.Length : 0))
            {
                best = candidate;
                numberBase = candidateBase;
            }
        }

        Match floating = s_float.Match(text, offset);
        if (floating.Success && floating.Length > (best.Success ? best.Length : 0))
        {
            // libconfig's pattern also matches "." or ".e5" (atof makes them 0); a float here needs a mantissa digit.
            if (!MantissaHasDigit(floating.Value)
                || !double.TryParse(floating.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw new JcfgParseException(start.FileName, start.Line, start.Column, $"malformed number '{floating.Value}'");
            }

            source.Advance(floating.Length);
            return new JcfgToken(JcfgTokenKind.Float, start, floating.Value, Float: value);
        }

        if (!best.Success)
        {
            throw new JcfgParseException(start.FileName, start.Line, start.Column, $"unexpected character {Printable(text[offset])}");
        }

        source.Advance(best.Length);
        return IntegerToken(best.Value, numberBase, start);
    }

    private static bool MantissaHasDigit(string literal)
    {
        foreach (char c in literal)
        {
            if (c is 'e' or 'E')
            {
                return false;
            }

            if (char.IsAsciiDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static JcfgToken IntegerToken(string literal, int numberBase, JcfgPosition start)
    {
        string digits = literal.TrimEnd('L');
        bool suffixed = digits.Length != literal.Length;
        long value;
        try
        {
            value = numberBase == 10
                ? long.Parse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                : checked((long)Convert.ToUInt64(digits[2..], numberBase));
        }
        catch (Exception ex) when (ex is OverflowException or FormatException)
        {
            throw new JcfgParseException(start.FileName, start.Line, start.Column, $"integer '{literal}' is out of range", ex);
        }

        // libconfig reads hex, binary and octal 0x80000000..0xFFFFFFFF as 32-bit two's complement (util.c).
        if (numberBase != 10 && value is > int.MaxValue and <= uint.MaxValue)
        {
            value = unchecked((int)value);
        }

        bool is64Bit = suffixed || value is < int.MinValue or > int.MaxValue;
        return new JcfgToken(is64Bit ? JcfgTokenKind.Integer64 : JcfgTokenKind.Integer, start, literal, Integer: value);
    }

    private static JcfgToken ScanString(JcfgSource source, JcfgPosition start)
    {
        var bytes = new ArrayBufferWriter<byte>();
        Span<byte> scratch = stackalloc byte[4];
        source.Advance();
        while (true)
        {
            if (source.AtEnd)
            {
                throw new JcfgParseException(start.FileName, start.Line, start.Column, "unterminated string");
            }

            char c = source.Current;
            if (c == '"')
            {
                source.Advance();
                break;
            }

            if (c == '\\')
            {
                byte? escaped = DecodeEscape(source);
                if (escaped is byte b)
                {
                    bytes.Write([b]);
                    continue;
                }

                // An escape libconfig does not know keeps its backslash; the next character is read as text.
                bytes.Write("\\"u8);
                source.Advance();
                continue;
            }

            if (char.IsHighSurrogate(c) && char.IsLowSurrogate(source.Peek(1)))
            {
                int written = new Rune(c, source.Peek(1)).EncodeToUtf8(scratch);
                bytes.Write(scratch[..written]);
                source.Advance(2);
                continue;
            }

            int length = Rune.TryCreate(c, out Rune rune) ? rune.EncodeToUtf8(scratch) : Rune.ReplacementChar.EncodeToUtf8(scratch);
            bytes.Write(scratch[..length]);
            source.Advance();
        }

        return new JcfgToken(JcfgTokenKind.String, start, Encoding.UTF8.GetString(bytes.WrittenSpan));
    }

    /// <summary>Consumes a known escape at the cursor and returns its byte, or returns null without consuming.</summary>
    private static byte? DecodeEscape(JcfgSource source)
    {
        char next = source.Peek(1);
        byte? simple = next switch
        {
            'a' => (byte)'\a',
            'b' => (byte)'\b',
            'n' => (byte)'\n',
            'r' => (byte)'\r',
            't' => (byte)'\t',
            'v' => (byte)'\v',
            'f' => (byte)'\f',
            '\\' => (byte)'\\',
            '"' => (byte)'"',
            _ => null,
        };
        if (simple is not null)
        {
            source.Advance(2);
            return simple;
        }

        if (next is 'x' or 'X' && char.IsAsciiHexDigit(source.Peek(2)) && char.IsAsciiHexDigit(source.Peek(3)))
        {
            byte value = byte.Parse(source.Text.AsSpan(source.Offset + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            source.Advance(4);
            return value;
        }

        return null;
    }

    private static void SkipLineComment(JcfgSource source)
    {
        while (!source.AtEnd && source.Current != '\n')
        {
            source.Advance();
        }
    }

    private static void SkipBlockComment(JcfgSource source)
    {
        JcfgPosition start = source.Position;
        source.Advance(2);
        while (!source.AtEnd)
        {
            if (source.Current == '*' && source.Peek(1) == '/')
            {
                source.Advance(2);
                return;
            }

            source.Advance();
        }

        throw new JcfgParseException(start.FileName, start.Line, start.Column, "unterminated comment");
    }

    private static bool IsIncludeKeyword(JcfgSource source) =>
        string.CompareOrdinal(source.Text, source.Offset, "@include", 0, 8) == 0 && source.Peek(8) is ' ' or '\t';

    private void PushInclude(JcfgSource source)
    {
        JcfgPosition at = source.Position;
        source.Advance(8);
        while (!source.AtEnd && source.Current is ' ' or '\t')
        {
            source.Advance();
        }

        if (source.AtEnd || source.Current != '"')
        {
            throw new JcfgParseException(at.FileName, at.Line, at.Column, "@include needs a quoted file name");
        }

        source.Advance();
        var path = new StringBuilder();
        while (true)
        {
            if (source.AtEnd || source.Current == '\n')
            {
                throw new JcfgParseException(at.FileName, at.Line, at.Column, "unterminated @include file name");
            }

            char c = source.Current;
            if (c == '"')
            {
                source.Advance();
                break;
            }

            // Only \\ and \" are escapes in an include path, as in libconfig's scanner.
            if (c == '\\' && source.Peek(1) is '\\' or '"')
            {
                path.Append(source.Peek(1));
                source.Advance(2);
                continue;
            }

            path.Append(c);
            source.Advance();
        }

        if (_sources.Count > MaxIncludeDepth)
        {
            throw new JcfgParseException(at.FileName, at.Line, at.Column, $"@include nested more than {MaxIncludeDepth} deep");
        }

        string resolved = ResolveInclude(path.ToString(), source.Directory);
        string text;
        try
        {
            text = File.ReadAllText(resolved);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new JcfgParseException(at.FileName, at.Line, at.Column, $"cannot open @include file '{path}': {ex.Message}", ex);
        }

        _sources.Push(new JcfgSource(text, resolved, Path.GetDirectoryName(Path.GetFullPath(resolved))));
    }

    /// <summary>
    /// A relative path is looked up beside the including file first; libconfig (as Janus uses it, with no include
    /// directory set) looks it up from the working directory, which is the fallback.
    /// </summary>
    private static string ResolveInclude(string path, string? directory)
    {
        if (Path.IsPathRooted(path) || directory is null)
        {
            return path;
        }

        string besides = Path.Combine(directory, path);
        return File.Exists(besides) || !File.Exists(path) ? besides : path;
    }

    private static string Printable(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
