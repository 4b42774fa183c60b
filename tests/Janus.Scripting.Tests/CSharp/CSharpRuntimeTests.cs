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
    public async Task A_packet_call_that_runs_too_long_is_cancelled_each_time_by_the_plugins_one_watchdog()
    {
        const string script = """
            class Spinner : ScriptPlugin
            {
                private int _cancelled;
                public override ScriptReply HandleMessage(long id, string tx, JsonObject m, JsonObject? j) =>
                    ScriptReply.Sync(new JsonObject { ["cancelled"] = _cancelled });
                public override void IncomingRtp(long id, bool video, ReadOnlySpan<byte> buffer)
                {
                    while (!CallCancelled.IsCancellationRequested) { }
                    _cancelled++;
                }
            }
            return new Spinner();
            """;
        await using ScriptFixture fixture = await ScriptFixture.StartAsync("spinner.csx", script, new ScriptLimits { CallTimeout = TimeSpan.FromMilliseconds(200) });
        Janus.Core.Plugins.PluginHandle handle = await fixture.AttachAsync();
        byte[] rtp = [0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2];
        // Two overlong calls in a row: the watchdog is re-armed for the second one, not left spent by the first.
        ScriptFixture.NodeOf(handle).ReceiveRtp(rtp, false, 0, -1, Janus.Media.Rtp.Codecs.RtpVideoCodec.None, Janus.Media.Rtp.FrameLayers.Unknown);
        ScriptFixture.NodeOf(handle).ReceiveRtp(rtp, false, 0, -1, Janus.Media.Rtp.Codecs.RtpVideoCodec.None, Janus.Media.Rtp.FrameLayers.Unknown);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        int cancelled = 0;
        while (cancelled < 2 && DateTime.UtcNow < deadline)
        {
            var reply = await fixture.Proxy.HandleMessageAsync(handle, "t", new System.Text.Json.Nodes.JsonObject(), null);
            cancelled = reply.Content?["cancelled"]?.GetValue<int>() ?? 0;
        }
        Assert.Equal(2, cancelled);
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
