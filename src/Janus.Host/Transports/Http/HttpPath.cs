namespace Janus.Host.Transports.Http;

/// <summary>The parts of <c>/BASE[/SESSION[/HANDLE]]</c>; anything longer or elsewhere is not ours (404).</summary>
internal readonly record struct HttpPath(string? Session, string? Handle)
{
    public static bool TryParse(string path, string basePath, out HttpPath parsed)
    {
        parsed = default;
        string trimmedBase = basePath.Length > 1 ? basePath.TrimEnd('/') : basePath;
        if (path == trimmedBase)
        {
            return true;
        }
        string prefix = trimmedBase == "/" ? "/" : trimmedBase + "/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        string[] parts = path[prefix.Length..].Split('/');
        string? session = parts.Length > 0 && parts[0].Length > 0 ? parts[0] : null;
        string? handle = session is not null && parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null;
        if (session is not null && handle is not null && parts.Length > 2 && parts[2].Length > 0)
        {
            return false;
        }
        parsed = new HttpPath(session, handle);
        return true;
    }

    /// <summary>strtoull semantics: the leading digits, 0 if none.</summary>
    public static long LeadingNumber(string? text)
    {
        if (text is null)
        {
            return 0;
        }
        int end = 0;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }
        return end > 0 && long.TryParse(text.AsSpan(0, end), out long value) ? value : 0;
    }
}
