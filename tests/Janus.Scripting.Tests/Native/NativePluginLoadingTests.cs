using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Scripting.Api;
using Janus.Scripting.Management;
using Janus.Scripting.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Janus.Scripting.Tests.Native;

/// <summary>A compiled plugin in plugins/native/NAME/NAME.dll is loaded in its own context and reloaded when rebuilt.</summary>
public sealed class NativePluginLoadingTests
{
    private static void Build(string dll, int version)
    {
        string source = $$"""
            using System.Text.Json.Nodes;
            using Janus.Scripting.Api;
            public sealed class NativeEcho : ScriptPlugin
            {
                public override string? GetPackage() => "janus.plugin.nativeecho";
                public override ScriptReply HandleMessage(long id, string tx, JsonObject m, JsonObject? j) =>
                    ScriptReply.Sync(new JsonObject { ["version"] = {{version}} });
            }
            """;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
            .Append(typeof(ScriptPlugin).Assembly.Location)
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

    [Fact]
    public async Task ACompiledScriptPluginIsLoadedAndReloaded()
    {
        string root = TempFolder.Create();
        string folder = Path.Combine(root, "native", "nativeecho");
        Directory.CreateDirectory(folder);
        string dll = Path.Combine(folder, "nativeecho.dll");
        Build(dll, 1);
        var catalog = new FakeCatalog(root);
        await using var manager = new ScriptPluginManager(catalog, new ScriptPluginOptions { PluginsFolder = root, WatchForChanges = false });
        await manager.StartAsync();
        PluginStatus status = manager.Status.Single();
        Assert.Equal(("janus.plugin.nativeecho", "native", PluginLoadState.Loaded), (status.Package, status.Language, status.State));

        PluginHandle handle = await catalog.AttachAsync("janus.plugin.nativeecho");
        IPlugin plugin = catalog.Plugins.Single();
        Assert.Equal(1, (await plugin.HandleMessageAsync(handle, "t", [], null)).Content!["version"]!.GetValue<int>());

        Build(dll, 2);
        await manager.ReloadAsync("janus.plugin.nativeecho");
        Assert.Equal(2, (await plugin.HandleMessageAsync(handle, "t", [], null)).Content!["version"]!.GetValue<int>());
        Assert.False(handle.IsStopped);
        TempFolder.Delete(root);
    }
}
