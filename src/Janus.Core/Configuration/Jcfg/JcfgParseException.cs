namespace Janus.Core.Configuration.Jcfg;

/// <summary>
/// A <c>.jcfg</c> file could not be read: a syntax error, a bad number, a duplicate name, or an
/// <c>@include</c> that cannot be opened. <see cref="Line"/> and <see cref="Column"/> are 1-based and point at
/// the first character of the offending token (a tab counts as one column).
/// </summary>
public sealed class JcfgParseException : Exception
{
    public JcfgParseException(string fileName, int line, int column, string reason, Exception? inner = null)
        : base($"{fileName}:{line}:{column}: {reason}", inner)
    {
        FileName = fileName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    public string FileName { get; }
    public int Line { get; }
    public int Column { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }
}
