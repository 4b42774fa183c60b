using System.Runtime.InteropServices;
using Janus.Core.Logging;
using Janus.Host;
using Janus.Host.Cli;

var options = ServerStartup.LoadOptions(args, Console.Out, Console.Error, out int exitCode);
if (options is null)
{
    return exitCode;
}

JanusLog.Level = (JanusLogLevel)Math.Clamp(options.DebugLevel, 0, 7);
JanusLog.Timestamps = options.DebugTimestamps;
LogOutput logOutput;
try
{
    logOutput = LogOutput.Open(options, Console.Out);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Could not open the log file {options.LogFile}: {ex.Message}");
    return 1;
}

using var closeLog = logOutput;
JanusLog.SetSink(logOutput.Write);

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});

JanusApplication server;
try
{
    server = await JanusApplication.StartAsync(options);
}
catch (Exception ex)
{
    JanusLog.Write(JanusLogLevel.Fatal, $"Could not start the server: {ex.Message}");
    return 1;
}

await using (server)
{
    JanusLog.Info("Janus started; Ctrl+C to stop");
    await stop.Task;
    JanusLog.Info("Stopping...");
}
return 0;
