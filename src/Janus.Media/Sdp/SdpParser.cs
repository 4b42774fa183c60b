namespace Janus.Media.Sdp;

/// <summary>
/// Line-by-line reader for RFC 8866 §5. It accepts CRLF or LF endings and is strict where a browser
/// would be (<c>v=0</c> first, a well-formed <c>o=</c> and <c>m=</c>), lenient elsewhere: unknown lines and
/// attributes are kept, not refused. Every fault becomes an <see cref="SdpParseException"/> value, never a throw
/// from inside.
/// </summary>
internal static class SdpParser
{
    public static SessionDescription Parse(string? sdp) =>
        TryParse(sdp, out var error) ?? throw error!;

    public static SessionDescription? TryParse(string? sdp, out SdpParseException? error)
    {
        error = null;
        if (string.IsNullOrEmpty(sdp))
        {
            error = new SdpParseException("empty SDP", 0);
            return null;
        }

        var description = new SessionDescription();
        MediaDescription? media = null;
        bool sawVersion = false, sawOrigin = false, sawName = false, sawTiming = false;
        int lineNumber = 0;
        int start = 0;
        while (start < sdp.Length)
        {
            int end = sdp.IndexOf('\n', start);
            int next = end < 0 ? sdp.Length : end + 1;
            if (end < 0)
                end = sdp.Length;
            int stop = end > start && sdp[end - 1] == '\r' ? end - 1 : end;
            lineNumber++;
            var line = sdp.AsSpan(start, stop - start);
            start = next;

            if (line.IsEmpty)
                continue; // blank lines (a trailing one most often) carry nothing
            if (line.Length < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
                return Fail(out error, "line is not of the form <type>=<value>", lineNumber);
            if (line.IndexOfAny('\0', '\r') >= 0)
                return Fail(out error, "control character in line", lineNumber);

            char type = line[0];
            string value = line[2..].ToString();
            if (!sawVersion)
            {
                if (type != 'v')
                    return Fail(out error, "missing v= line", lineNumber);
                if (value != "0")
                    return Fail(out error, "unsupported version v=" + value, lineNumber);
                sawVersion = true;
                continue;
            }

            switch (type)
            {
                case 'v':
                    return Fail(out error, "duplicate v= line", lineNumber);
                case 'm':
                    if (!sawOrigin)
                        return Fail(out error, "missing o= line before m=", lineNumber);
                    media = ParseMediaLine(value);
                    if (media is null)
                        return Fail(out error, "malformed m= line", lineNumber);
                    description.Media.Add(media);
                    break;
                case 'a':
                    if (value.Length == 0 || value[0] == ':')
                        return Fail(out error, "attribute without a name", lineNumber);
                    (media?.Attributes ?? description.Attributes).Add(SdpAttribute.FromLineValue(value));
                    break;
                case 'c':
                    if (!SdpConnection.TryParse(value, out var connection))
                        return Fail(out error, "malformed c= line", lineNumber);
                    if (media is not null)
                    {
                        if (media.Connection is not null)
                            media.ExtraLines.Add(new SdpLine(type, value)); // extra c= lines (multicast) kept verbatim
                        else
                            media.Connection = connection;
                    }
                    else if (description.Connection is null)
                    {
                        description.Connection = connection;
                    }
                    else
                    {
                        return Fail(out error, "duplicate session c= line", lineNumber);
                    }
                    break;
                case 'o' when media is null:
                    if (sawOrigin)
                        return Fail(out error, "duplicate o= line", lineNumber);
                    if (!SdpOrigin.TryParse(value, out var origin))
                        return Fail(out error, "malformed o= line", lineNumber);
                    description.Origin = origin;
                    sawOrigin = true;
                    break;
                case 's' when media is null && !sawName:
                    description.SessionName = value;
                    sawName = true;
                    break;
                case 't' when media is null && !sawTiming:
                    description.Timing = value;
                    sawTiming = true;
                    break;
                default:
                    (media?.ExtraLines ?? description.ExtraLines).Add(new SdpLine(type, value));
                    break;
            }
        }

        if (!sawVersion)
            return Fail(out error, "missing v= line", 0);
        if (!sawOrigin)
            return Fail(out error, "missing o= line", 0);
        if (!sawName)
            description.SessionName = null;
        if (!sawTiming)
            description.Timing = null;
        return description;
    }

    /// <summary><c>m=&lt;media&gt; &lt;port&gt;[/&lt;number&gt;] &lt;proto&gt; &lt;fmt&gt; ...</c> (RFC 8866 §5.14).</summary>
    private static MediaDescription? ParseMediaLine(string value)
    {
        var words = value.Split(' ');
        if (words.Length < 3)
            return null;
        foreach (var word in words)
        {
            if (word.Length == 0)
                return null;
        }
        var portText = words[1];
        int? portCount = null;
        int slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpTokens.TryInt(portText[(slash + 1)..], 1, 65535, out int count))
                return null;
            portCount = count;
            portText = portText[..slash];
        }
        if (!SdpTokens.TryInt(portText, 0, 65535, out int port))
            return null;
        return new MediaDescription(words[0], port, words[2], words[3..]) { PortCount = portCount };
    }

    private static SessionDescription? Fail(out SdpParseException? error, string reason, int lineNumber)
    {
        error = new SdpParseException(reason, lineNumber);
        return null;
    }
}
