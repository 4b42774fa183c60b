using Janus.Core.Configuration;
using Janus.Core.Logging;
using Janus.Host.Cli;

namespace Janus.Host.Tests.Cli;

public sealed class LogOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("logoutput-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_log_file_gets_every_line_appended_beside_stdout()
    {
        string file = Path.Combine(_folder, "janus.log");
        File.WriteAllText(file, "from an earlier run\n");
        var console = new StringWriter();
        using (LogOutput output = LogOutput.Open(new ServerOptions { LogFile = file }, console))
        {
            output.Write(JanusLogLevel.Warn, "careful");
            // Flushed per line: readable while the server runs.
            Assert.EndsWith("[WARN] careful\n", File.ReadAllText(file), StringComparison.Ordinal);
        }

        Assert.StartsWith("from an earlier run\n", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.EndsWith("[WARN] careful" + Environment.NewLine, console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Disable_stdout_leaves_the_console_silent_and_the_file_written()
    {
        string file = Path.Combine(_folder, "janus.log");
        var console = new StringWriter();
        using (LogOutput output = LogOutput.Open(new ServerOptions { LogFile = file, DisableStdout = true }, console))
        {
            output.Write(JanusLogLevel.Info, "hello");
        }

        Assert.Empty(console.ToString());
        Assert.EndsWith("hello\n", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_carry_a_timestamp_when_timestamps_are_on()
    {
        var console = new StringWriter();
        bool before = JanusLog.Timestamps;
        try
        {
            using LogOutput output = LogOutput.Open(new ServerOptions(), console);
            JanusLog.Timestamps = true;
            output.Write(JanusLogLevel.Error, "with");
            JanusLog.Timestamps = false;
            output.Write(JanusLogLevel.Error, "without");
        }
        finally
        {
            JanusLog.Timestamps = before;
        }

        string[] lines = console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        // Janus's layout: "[Sun Dec 6 14:39:54.123456 2026] [ERR] with".
        Assert.Matches(@"^\[\w{3} \w{3} \d{1,2} \d{2}:\d{2}:\d{2}\.\d{6} \d{4}\] \[ERR\] with$", lines[0]);
        Assert.Equal("[ERR] without", lines[1]);
    }
}
