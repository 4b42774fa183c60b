using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Janus.Scripting.CSharp;
using Janus.Scripting.Hosting;
using Janus.Scripting.Tests.Hosting;
using Janus.Scripting.Tests.Infrastructure;

namespace Janus.Scripting.Tests.CSharp;

public sealed class CSharpRuntimeTests : ScriptRuntimeContractTests
{
    protected override string Extension => ".csx";
    protected override string Probe => CSharpScripts.ApiProbe;
    protected override string Language => "csx";
    protected override string MinimalScript => "class P : ScriptPlugin { public override ScriptReply HandleMessage(long id, string tx, JsonObject m, JsonObject? j) => ScriptReply.Sync(new JsonObject()); }\nreturn new P();";
    protected override string InitFailingScript => "class P : ScriptPlugin {\n  public override void Init(string? c) => throw new InvalidOperationException(\"no config\");\n  public override ScriptReply HandleMessage(long id, string tx, JsonObject m, JsonObject? j) => ScriptReply.Sync(new JsonObject());\n}\nreturn new P();";
    protected override string SyntaxErrorScript => "class P : ScriptPlugin {\n  public override ScriptReply HandleMessage(long id, string tx, JsonObject m, JsonObject? j) => ScriptReply.Sync(new JsonObject());\n  int x = ;\n}\nreturn new P();";
    protected override int SyntaxErrorLine => 3;
    protected override string BadApiCallMessage => "generateAnswer: not an SDP offer";

    /// <summary>C# is not made from the description: its base class is checked against it instead.</summary>
    [Fact]
    public override Task EveryDescribedFunctionAndResultHelperIsDefined()
    {
        Assert.Equal(ScriptApi.Functions.Select(f => f.CSharpName).Order(), ScriptApiDescriptionTests.CSharpFunctions().Order());
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheMessageObjectReachesTheScriptAsItIsWithoutATextRoundTrip()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        Janus.Core.Plugins.PluginHandle handle = await fixture.AttachAsync();
        var body = new System.Text.Json.Nodes.JsonObject { ["request"] = "same" };
        Janus.Core.Plugins.PluginResult result = await fixture.Proxy.HandleMessageAsync(handle, "t", body, null);
        Assert.Same(body, result.Content);
    }

    [Fact]
    public async Task AScriptThatReturnsNoPluginIsRefused()
    {
        string folder = TempFolder.Create();
        string file = Path.Combine(folder, "nothing.csx");
        await File.WriteAllTextAsync(file, "return 42;");
        var proxy = new ScriptPluginProxy(file, "csx", ScriptLimits.Default, new FakeSdpAnswerer());
        var error = Assert.Throws<ScriptException>(() => CSharpScriptCompiler.Load(file, proxy.Api));
        Assert.Contains("ScriptPlugin", error.Message);
        await proxy.DestroyAsync();
        TempFolder.Delete(folder);
    }

    [Fact]
    public async Task UnloadingAVersionLeavesItsLoadContextCollectable()
    {
        string folder = TempFolder.Create();
        string file = Path.Combine(folder, "gone.csx");
        await File.WriteAllTextAsync(file, MinimalScript);
        var proxy = new ScriptPluginProxy(file, "csx", ScriptLimits.Default, new FakeSdpAnswerer());
        WeakReference context = LoadAndUnload(file, proxy);
        for (int i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(10);
        }

        Assert.False(context.IsAlive);
        await proxy.DestroyAsync();
        TempFolder.Delete(folder);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndUnload(string file, ScriptPluginProxy proxy)
    {
        ScriptPluginInstance instance = CSharpScriptCompiler.Load(file, proxy.Api);
        var context = new WeakReference(AssemblyLoadContext.GetLoadContext(instance.Plugin.GetType().Assembly));
        Assert.True(((AssemblyLoadContext)context.Target!).IsCollectible);
        instance.Dispose();
        return context;
    }
}
