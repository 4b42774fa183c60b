using System.Diagnostics;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Interop;

/// <summary>Runs tests/interop/janode/test.mjs (the janode client library, unchanged) against an in-process server.</summary>
public sealed class JanodeInteropTests
{
    private static string InteropFolder()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Janus.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return Path.Combine(dir ?? throw new InvalidOperationException("repository root not found"), "tests", "interop", "janode");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string folder, string file, string arguments, int timeoutMs)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish: {await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Janode_drives_sessions_handles_messages_and_admin_api()
    {
        string folder = InteropFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "janode")))
        {
            (int npmExit, string npmOutput) = await RunAsync(folder, "npm", "ci --no-audit --no-fund", 300_000);
            Assert.True(npmExit == 0, "npm ci failed: " + npmOutput);
        }
        (JanusServer server, TestEchoPlugin plugin) = await TestServer.StartAsync();
        await using (server)
        {
            (int exit, string output) = await RunAsync(folder, "node",
                $"test.mjs ws://127.0.0.1:{server.WebSocketPort} ws://127.0.0.1:{server.AdminWebSocketPort} janusoverlord {TestEchoPlugin.PackageName}", 60_000);
            Assert.True(exit == 0, output);
            Assert.Contains("JANODE INTEROP PASSED", output);
            Assert.Contains("ok asynchronous message answered by an event", output);
            await TestServer.WaitUntilAsync(() => server.Core.SessionCount == 0 && plugin.LiveSessions == 0);
        }
    }
}
