using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Scripting.Management;
using Janus.Scripting.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Janus.Scripting.Tests.Management;

public sealed class HotReloadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Languages => new() { "lua", "js", "csx" };

    private static string Extension(string language) => language == "csx" ? ".csx" : "." + language;

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task TenRewritesWhileCallsRunSwapOnlyGoodVersionsAndKeepState(string language)
    {
        string root = TempFolder.Create();
        string folder = Path.Combine(root, language);
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, "counter" + Extension(language));
        await File.WriteAllTextAsync(file, ReloadScripts.Good(language, 1));
        var catalog = new FakeCatalog(root);
        await using var manager = new ScriptPluginManager(catalog, new ScriptPluginOptions { PluginsFolder = root, Debounce = TimeSpan.FromMilliseconds(50) });
        await manager.StartAsync();
        Assert.Equal(PluginLoadState.Loaded, manager.Status.Single().State);
        const string package = "janus.plugin.counter";
        PluginHandle handle = await catalog.AttachAsync(package);
        IPlugin plugin = catalog.Plugins.Single();

        var answers = new ConcurrentQueue<(int Version, int Count)>();
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        Task caller = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                PluginResult result = await plugin.HandleMessageAsync(handle, "t", new JsonObject(), null);
                if (result.Kind != PluginResultKind.Ok)
                {
                    failures.Enqueue(result.Kind + ": " + result.Text);
                    continue;
                }

                answers.Enqueue((result.Content!["version"]!.GetValue<int>(), result.Content!["count"]!.GetValue<int>()));
                await Task.Delay(2);
            }
        });

        var latencies = new List<double>();
        int expected = 1;
        for (int edit = 1; edit <= 10; edit++)
        {
            if (edit is 3 or 7)
            {
                await File.WriteAllTextAsync(file, ReloadScripts.Broken(language));
                await WaitUntilAsync(() => manager.Status.Single().LastError is not null);
                Assert.Contains(Path.GetFileName(file), manager.Status.Single().LastError);
                Assert.Equal(PluginLoadState.Loaded, manager.Status.Single().State);
                int seen = answers.Count;
                await WaitUntilAsync(() => answers.Count > seen + 2);
                Assert.Equal(expected, answers.Last().Version);
                continue;
            }

            expected = edit + 1;
            var watch = Stopwatch.StartNew();
            await File.WriteAllTextAsync(file, ReloadScripts.Good(language, expected));
            await WaitUntilAsync(() => !answers.IsEmpty && answers.Last().Version == expected);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        stop.Cancel();
        await caller;
        Assert.Empty(failures);
        (int Version, int Count)[] all = [.. answers];
        for (int i = 1; i < all.Length; i++)
        {
            Assert.True(all[i].Version >= all[i - 1].Version, "versions go backwards");
            Assert.Equal(all[i - 1].Count + 1, all[i].Count);
        }

        Assert.Equal(1, all[0].Count);
        Assert.Equal(11, all[^1].Version);
        Assert.Null(manager.Status.Single().LastError);
        Assert.Equal(8, manager.Status.Single().Reloads);
        output.WriteLine($"{language}: reload latency (file save -> new version answering), ms: {string.Join(", ", latencies.Select(l => l.ToString("0")))}; median {Median(latencies):0} ms");

        File.Delete(file);
        await WaitUntilAsync(() => catalog.Removed.Contains(package));
        Assert.True(handle.IsStopped);
        // The status turns Unloaded just after the catalog removal returns: wait for it rather than race it.
        await WaitUntilAsync(() => manager.Status.Single().State == PluginLoadState.Unloaded);
        Assert.Equal(PluginLoadState.Unloaded, manager.Status.Single().State);
        TempFolder.Delete(root);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task AVersionWithoutStateFunctionsIsToldTheLiveSessions(string language)
    {
        string root = TempFolder.Create();
        string folder = Path.Combine(root, language);
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, "plain" + Extension(language));
        await File.WriteAllTextAsync(file, ReloadScripts.Stateless(language, 1));
        var catalog = new FakeCatalog(root);
        await using var manager = new ScriptPluginManager(catalog, new ScriptPluginOptions { PluginsFolder = root, WatchForChanges = false });
        await manager.StartAsync();
        PluginHandle handle = await catalog.AttachAsync("janus.plugin.plain");
        IPlugin plugin = catalog.Plugins.Single();
        Assert.Equal(1, (await plugin.HandleMessageAsync(handle, "t", [], null)).Content!["count"]!.GetValue<int>());
        Assert.Equal(2, (await plugin.HandleMessageAsync(handle, "t", [], null)).Content!["count"]!.GetValue<int>());

        await File.WriteAllTextAsync(file, ReloadScripts.Stateless(language, 2));
        await manager.ReloadAsync("janus.plugin.plain");
        JsonObject answer = (await plugin.HandleMessageAsync(handle, "t", [], null)).Content!;
        Assert.Equal((2, 1), (answer["version"]!.GetValue<int>(), answer["count"]!.GetValue<int>()));
        TempFolder.Delete(root);
    }

    [Fact]
    public async Task AFileThatFailsToLoadIsReportedAndNotAdded()
    {
        string root = TempFolder.Create();
        Directory.CreateDirectory(Path.Combine(root, "lua"));
        await File.WriteAllTextAsync(Path.Combine(root, "lua", "broken.lua"), ReloadScripts.Broken("lua"));
        var catalog = new FakeCatalog(root);
        await using var manager = new ScriptPluginManager(catalog, new ScriptPluginOptions { PluginsFolder = root, WatchForChanges = false });
        await manager.StartAsync();
        PluginStatus status = manager.Status.Single();
        Assert.Equal((PluginLoadState.Failed, "lua"), (status.State, status.Language));
        Assert.StartsWith("broken.lua:3:", status.LastError);
        Assert.Empty(catalog.Plugins);
        TempFolder.Delete(root);
    }

    [Fact]
    public async Task MeasureDispatchOverheadPerCall()
    {
        foreach (string language in new[] { "lua", "js", "csx" })
        {
            await using ScriptFixture fixture = await ScriptFixture.StartAsync("counter" + Extension(language), ReloadScripts.Good(language, 1));
            PluginHandle handle = await fixture.AttachAsync();
            for (int i = 0; i < 200; i++)
            {
                await fixture.Proxy.HandleMessageAsync(handle, "t", [], null);
            }

            const int calls = 2000;
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++)
            {
                PluginResult result = await fixture.Proxy.HandleMessageAsync(handle, "t", [], null);
                Assert.Equal(PluginResultKind.Ok, result.Kind);
            }

            output.WriteLine($"{language}: handleMessage round trip (queue hop + JSON + script) {watch.Elapsed.TotalMicroseconds / calls:0.0} µs per call");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Patience, "condition not met in time");
            await Task.Delay(1);
        }
    }
}
