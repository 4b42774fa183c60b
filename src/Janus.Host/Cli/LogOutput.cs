using Janus.Core.Configuration;
using Janus.Core.Logging;

namespace Janus.Host.Cli;

/// <summary>
/// Where log lines go, as Janus's -N (no stdout) and -L (also a file) say. The file is appended to, like Janus's,
/// and flushed per line so a crash loses nothing already logged.
/// </summary>
internal sealed class LogOutput : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TextWriter? _console;
    private readonly StreamWriter? _file;
    private bool _closed;

    private LogOutput(TextWriter? console, StreamWriter? file)
    {
        _console = console;
        _file = file;
    }

    /// <summary>Opens the log file if one is set; throws <see cref="IOException"/> (or access errors) when it cannot be opened.</summary>
    public static LogOutput Open(ServerOptions options, TextWriter console)
    {
        StreamWriter? file = null;
        if (options.LogFile is not null)
        {
            file = new StreamWriter(new FileStream(options.LogFile, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        }

        return new LogOutput(options.DisableStdout ? null : console, file);
    }

    public void Write(JanusLogLevel level, string message)
    {
        string line = JanusLog.FormatLine(level, message);
        lock (_gate)
        {
            _console?.WriteLine(line);
            if (!_closed)
            {
                // A line logged while the process exits, after the file closed, still reaches the console.
                _file?.WriteLine(line);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            _file?.Dispose();
        }
    }
}
