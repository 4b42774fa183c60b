namespace Janus.Core.Logging;

/// <summary>Janus's log levels (the <c>-d</c> option): 0 none ... 7 huge.</summary>
public enum JanusLogLevel
{
    None = 0,
    Fatal = 1,
    Error = 2,
    Warn = 3,
    Info = 4,
    Verbose = 5,
    Huge = 6,
    Dbg = 7,
}

/// <summary>
/// The one log every layer writes to. The host sets the level and the sink; check
/// <see cref="IsEnabled"/> before building a message on a busy path.
/// </summary>
public static class JanusLog
{
    private static volatile int s_level = (int)JanusLogLevel.Info;
    private static Action<JanusLogLevel, string> s_sink = DefaultSink;

    public static JanusLogLevel Level
    {
        get => (JanusLogLevel)s_level;
        set => s_level = (int)value;
    }

    public static bool Timestamps { get; set; }

    public static void SetSink(Action<JanusLogLevel, string> sink) => s_sink = sink;

    public static bool IsEnabled(JanusLogLevel level) => (int)level <= s_level && level != JanusLogLevel.None;

    public static void Write(JanusLogLevel level, string message)
    {
        if (IsEnabled(level))
        {
            s_sink(level, message);
        }
    }

    public static void Error(string message) => Write(JanusLogLevel.Error, message);
    public static void Warn(string message) => Write(JanusLogLevel.Warn, message);
    public static void Info(string message) => Write(JanusLogLevel.Info, message);
    public static void Verbose(string message) => Write(JanusLogLevel.Verbose, message);
    public static void Debug(string message) => Write(JanusLogLevel.Dbg, message);

    /// <summary>
    /// A log line as Janus prints it: an optional timestamp (<see cref="Timestamps"/>, Janus's -D), then
    /// <c>[ERR]</c>/<c>[WARN]</c>/<c>[FATAL]</c> for those levels, then the message. Sinks set by the host use it too.
    /// </summary>
    public static string FormatLine(JanusLogLevel level, string message)
    {
        string prefix = level switch
        {
            JanusLogLevel.Fatal => "[FATAL] ",
            JanusLogLevel.Error => "[ERR] ",
            JanusLogLevel.Warn => "[WARN] ",
            _ => "",
        };
        return Timestamps ? $"[{DateTime.Now:ddd MMM d HH:mm:ss.ffffff yyyy}] {prefix}{message}" : prefix + message;
    }

    private static void DefaultSink(JanusLogLevel level, string message) => Console.Out.WriteLine(FormatLine(level, message));
}
