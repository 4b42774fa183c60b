namespace Janus.Scripting.Hosting;

/// <summary>A script failed: a syntax error, an error it raised, or a limit it hit. Carries where, when known.</summary>
public class ScriptException : Exception
{
    public ScriptException(string message, string? file = null, int line = 0, Exception? inner = null)
        : base(message, inner)
    {
        File = file;
        Line = line;
    }

    public string? File { get; }

    /// <summary>1-based line, 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>"file:line: message", the form the log and the Admin API show.</summary>
    public string Describe() => File is null ? Message : Line > 0 ? $"{Path.GetFileName(File)}:{Line}: {Message}" : $"{Path.GetFileName(File)}: {Message}";
}

/// <summary>A call ran past <see cref="ScriptLimits.CallTimeout"/>.</summary>
public sealed class ScriptTimeoutException(string message, string? file = null) : ScriptException(message, file);

/// <summary>A call went over <see cref="ScriptLimits.MemoryLimitBytes"/>.</summary>
public sealed class ScriptMemoryException(string message, string? file = null) : ScriptException(message, file);
