using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Scripting.Management;
using Janus.Scripting.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Janus.Scripting.Tests.Management;

/// <summary>
/// <c>reload_plugins</c> without a package reloads only the files that changed since they were loaded: a compiled
/// plugin that implements <see cref="IPlugin"/> itself cannot hand its state over, so reloading it detaches every
/// handle, and doing that to an unchanged dll (as a full reload did) dropped every EchoTest user for nothing.
/// </summary>
public sealed class ReloadOnlyChangedTests
{
    private const string RawPackage = "janus.plugin.rawecho";
    private const string ScriptPackage = "janus.plugin.counter";

    /// <summary>Compiles a plugin that implements IPlugin directly (no ScriptPlugin, so no state carried over).</summary>
    private static void BuildRaw(string dll, int version)
    {
        string source = $$"""
            using System.Text.Json.Nodes;
            using System.Threading;
            using System.Threading.Tasks;
            using Janus.Core.Plugins;
            public sealed class RawEcho : IPlugin
            {
                public PluginDescriptor Descriptor { get; } = new("{{RawPackage}}", "Raw echo", "test", "test", {{version}}, "{{version}}");
                public ValueTask InitAsync(IPluginGateway gateway, PluginContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
                public ValueTask DestroyAsync() => ValueTask.CompletedTask;
                public ValueTask CreateSessionAsync(PluginHandle handle) => ValueTask.CompletedTask;
                public ValueTask DestroySessionAsync(PluginHandle handle) => ValueTask.CompletedTask;
                public ValueTask<JsonObject?> QuerySessionAsync(PluginHandle handle) => ValueTask.FromResult<JsonObject?>(null);
                public ValueTask<PluginResult> HandleMessageAsync(PluginHandle handle, string transaction, JsonObject? body, JsonObject? jsep) =>
                    ValueTask.FromResult(PluginResult.Ok(new JsonObject { ["version"] = {{version}} }));
                public ValueTask<JsonObject?> HandleAdminMessageAsync(JsonObject message) => ValueTask.FromResult<JsonObject?>(null);
                public void SetupMedia(PluginHandle handle) {}
                public void HangupMedia(PluginHandle handle) {}
                public PluginMediaInterest MediaInterest => PluginMediaInterest.None;
                public void IncomingRtp(PluginHandle handle, RtpPacket packet) {}
                public void IncomingRtcp(PluginHandle handle, RtcpPacket packet) {}
                public void IncomingData(PluginHandle handle, DataPacket packet) {}
                public void DataReady(PluginHandle handle) {}
                public void SlowLink(PluginHandle handle, int mindex, bool video, bool uplink) {}
            }
            """;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
            .Append(typeof(IPlugin).Assembly.Location)
            .Select(p => MetadataReference.CreateFromFile(p));
        CSharpCompilation compilation = CSharpCompilation.Create(
            Path.GetFileNameWithoutExtension(dll),
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var result = compilation.Emit(dll);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
    }

    private static async Task<int> VersionAsync(IPlugin plugin, PluginHandle handle) =>
        (await plugin.HandleMessageAsync(handle, "t", [], null)).Content!["version"]!.GetValue<int>();

    [Fact]
    public async Task Reloading_without_a_name_keeps_unchanged_plugins_and_their_handles_and_reloads_changed_ones()
    {
        string root = TempFolder.Create();
        string nativeFolder = Path.Combine(root, "native", "rawecho");
        Directory.CreateDirectory(nativeFolder);
        string dll = Path.Combine(nativeFolder, "rawecho.dll");
        BuildRaw(dll, 1);
        Directory.CreateDirectory(Path.Combine(root, "lua"));
        string script = Path.Combine(root, "lua", "counter.lua");
        await File.WriteAllTextAsync(script, ReloadScripts.Good("lua", 1));
        var catalog = new FakeCatalog(root);
        await using var manager = new ScriptPluginManager(catalog, new ScriptPluginOptions { PluginsFolder = root, WatchForChanges = false });
        await manager.StartAsync();
        Assert.True(catalog.TryGet(RawPackage, out IPlugin raw));
        Assert.True(catalog.TryGet(ScriptPackage, out IPlugin counter));
        PluginHandle rawHandle = await catalog.AttachAsync(RawPackage);
        PluginHandle scriptHandle = await catalog.AttachAsync(ScriptPackage);

        // Nothing changed: nothing is reloaded, no handle is detached.
        IReadOnlyList<PluginStatus> statuses = await manager.ReloadAsync();
        Assert.All(statuses, s => Assert.Equal((PluginLoadState.Loaded, 0), (s.State, s.Reloads)));
        Assert.Empty(catalog.Removed);
        Assert.False(rawHandle.IsStopped);
        Assert.True(catalog.TryGet(RawPackage, out IPlugin sameRaw));
        Assert.Same(raw, sameRaw);
        Assert.Equal(1, await VersionAsync(raw, rawHandle));

        // The script changed: it alone reloads, and keeps its handle; the unchanged dll stays as it is.
        await File.WriteAllTextAsync(script, ReloadScripts.Good("lua", 2));
        statuses = await manager.ReloadAsync();
        Assert.Equal(1, statuses.Single(s => s.Package == ScriptPackage).Reloads);
        Assert.Equal(0, statuses.Single(s => s.Package == RawPackage).Reloads);
        Assert.Equal(2, await VersionAsync(counter, scriptHandle));
        Assert.Empty(catalog.Removed);
        Assert.False(rawHandle.IsStopped);

        // The dll was rebuilt: it reloads (and, being a raw IPlugin, its handles are detached, as before).
        BuildRaw(dll, 2);
        statuses = await manager.ReloadAsync();
        Assert.Equal(1, statuses.Single(s => s.Package == RawPackage).Reloads);
        Assert.Equal(1, statuses.Single(s => s.Package == ScriptPackage).Reloads);
        Assert.Equal([RawPackage], catalog.Removed);
        Assert.True(rawHandle.IsStopped);
        Assert.True(catalog.TryGet(RawPackage, out IPlugin newRaw));
        Assert.Equal(2, newRaw.Descriptor.Version);
        TempFolder.Delete(root);
    }

    [Fact]
    public async Task Reloading_by_name_reloads_the_plugin_even_when_its_file_has_not_changed()
    {
        string root = TempFolder.Create();
        Directory.CreateDirectory(Path.Combine(root, "lua"));
        await File.WriteAllTextAsync(Path.Combine(root, "lua", "counter.lua"), ReloadScripts.Good("lua", 1));
        var catalog = new FakeCatalog(root);
        await using var manager = new ScriptPluginManager(catalog, new ScriptPluginOptions { PluginsFolder = root, WatchForChanges = false });
        await manager.StartAsync();

        IReadOnlyList<PluginStatus> statuses = await manager.ReloadAsync(ScriptPackage);
        Assert.Equal((PluginLoadState.Loaded, 1), (statuses.Single().State, statuses.Single().Reloads));
        TempFolder.Delete(root);
    }
}
