using System.Diagnostics;
using System.Text.Json.Nodes;
using Janus.Host.Tests.Infrastructure;

namespace Janus.Host.Tests.Api;

/// <summary>/info's <c>commit-hash</c> comes from the build (Janus.Core.csproj asks git), not a fixed string.</summary>
public sealed class InfoCommitHashTests
{
    /// <summary>The commit of the checkout these tests were built in, or null outside git (a source tarball).</summary>
    private static string? CheckoutCommit()
    {
        try
        {
            using Process git = Process.Start(new ProcessStartInfo("git", "rev-parse HEAD")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;  // no git on this machine
        }
    }

    [Fact]
    public async Task Info_reports_the_commit_the_server_was_built_from()
    {
        (JanusServer server, _) = await TestServer.StartAsync();
        await using (server)
        {
            await using JanusWsClient ws = await JanusWsClient.ConnectAsync(server.WebSocketPort);
            JsonObject info = await ws.RequestAsync(new JsonObject { ["janus"] = "info" });
            string hash = info["commit-hash"]!.GetValue<string>();
            if (CheckoutCommit() is null)
            {
                Assert.Equal("not-a-git-repo", hash);
            }
            else
            {
                // Not compared with HEAD: a commit made after the build (tests run with --no-build) moves HEAD.
                Assert.Matches("^[0-9a-f]{40}$", hash);
            }
        }
    }
}
