using Janus.Core.Configuration;

namespace Janus.Host.Cli;

/// <summary>
/// One option of <c>janus --help</c>. <see cref="ValueName"/> is null for a flag. <see cref="Apply"/> writes the
/// value into the options and throws <see cref="CommandLineException"/> when the value is unusable.
/// </summary>
internal sealed record CommandLineOption(
    char? Short,
    string Long,
    string? ValueName,
    string Description,
    Action<ServerOptions, string> Apply,
    bool NotYetInEffect = false)
{
    public bool TakesValue => ValueName is not null;

    /// <summary>The left column of the help text, e.g. <c>-d, --debug-level=1-7</c>.</summary>
    public string Signature =>
        (Short is char letter ? $"-{letter}, " : "    ") + "--" + Long + (ValueName is null ? "" : "=" + ValueName);

    public string Display => Short is char letter ? $"'--{Long}' ('-{letter}')" : $"'--{Long}'";
}
