using System.Text;
using System.Text.Json.Nodes;
using Janus.Core.Plugins;
using Janus.Scripting.Hosting;
using Janus.Scripting.Tests.Infrastructure;

namespace Janus.Scripting.Tests.Hosting;

/// <summary>The behaviours every script runtime shares, run against each language's probe script.</summary>
public abstract class ScriptRuntimeContractTests
{
    protected abstract string Extension { get; }
    protected abstract string Probe { get; }
    protected abstract string Language { get; }
    protected abstract string MinimalScript { get; }
    protected abstract string InitFailingScript { get; }
    protected abstract string SyntaxErrorScript { get; }
    protected abstract int SyntaxErrorLine { get; }
    protected virtual string BadApiCallMessage => "not valid JSON";

    private static readonly JsonObject Config = new() { ["room"] = new JsonObject { ["name"] = "lobby" } };

    private protected Task<ScriptFixture> StartProbeAsync(ScriptLimits? limits = null) =>
        ScriptFixture.StartAsync("probe" + Extension, Probe, limits, Config);

    private protected static async Task<JsonNode?> AskAsync(ScriptFixture fixture, PluginHandle handle, JsonObject body, JsonObject? jsep = null)
    {
        PluginResult result = await fixture.Proxy.HandleMessageAsync(handle, "tx1", body, jsep);
        Assert.True(result.Kind == PluginResultKind.Ok, $"{result.Kind}: {result.Text}");
        return result.Content!["result"];
    }

    protected static JsonObject Request(string name) => new() { ["request"] = name };

    [Fact]
    public async Task GettersDescribeThePlugin()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        PluginDescriptor d = fixture.Proxy.Descriptor;
        Assert.Equal(("janus.plugin.probe" + Language, "Probe", 7, "0.0.7", "probe", "tests", Language), (d.Package, d.Name, d.Version, d.VersionString, d.Description, d.Author, d.Language));
    }

    [Fact]
    public async Task PackageDefaultsToTheFileName()
    {
        await using ScriptFixture fixture = await ScriptFixture.StartAsync("myroom" + Extension, MinimalScript);
        Assert.Equal("janus.plugin.myroom", fixture.Proxy.Descriptor.Package);
    }

    [Fact]
    public async Task InitGetsTheConfigPathAndTheConfigTable()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        PluginHandle handle = await fixture.AttachAsync();
        Assert.Equal("lobby/lobby", (await AskAsync(fixture, handle, Request("config")))!.GetValue<string>());
        string history = (await AskAsync(fixture, handle, Request("history")))!.GetValue<string>();
        Assert.StartsWith("init:" + Path.Combine(fixture.Folder, "plugin.jcfg"), history);
    }

    [Fact]
    public async Task HandleMessageFollowsJanusReturnConventions()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        PluginHandle handle = await fixture.AttachAsync();

        PluginResult sync = await fixture.Proxy.HandleMessageAsync(handle, "t1", Request("sync"), null);
        Assert.Equal(PluginResultKind.Ok, sync.Kind);
        Assert.Equal("t1", sync.Content!["tx"]!.GetValue<string>());

        PluginResult async = await fixture.Proxy.HandleMessageAsync(handle, "t2", Request("async"), null);
        Assert.Equal(PluginResultKind.OkWait, async.Kind);

        PluginResult refused = await fixture.Proxy.HandleMessageAsync(handle, "t3", Request("refuse"), null);
        Assert.Equal(PluginResultKind.Error, refused.Kind);
        Assert.EndsWith("refused by script", refused.Text);
    }

    [Fact]
    public async Task ARuntimeErrorInHandleMessageIsAPluginErrorWithItsLine()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        PluginHandle handle = await fixture.AttachAsync();
        PluginResult result = await fixture.Proxy.HandleMessageAsync(handle, "t", Request("boom"), null);
        Assert.Equal(PluginResultKind.Error, result.Kind);
        Assert.True(result.Text!.Contains("probe" + Extension + ":"), result.Text);
        Assert.Contains("kaboom", result.Text);
        Assert.Equal(PluginResultKind.Ok, (await fixture.Proxy.HandleMessageAsync(handle, "t", Request("sync"), null)).Kind);
    }

    [Fact]
    public async Task AnErrorInInitRefusesThePlugin()
    {
        var error = await Assert.ThrowsAsync<PluginException>(async () =>
        {
            await using ScriptFixture fixture = await ScriptFixture.StartAsync("bad" + Extension, InitFailingScript);
        });
        Assert.Contains("bad" + Extension + ":2", error.Message);
        Assert.Contains("no config", error.Message);
    }

    [Fact]
    public async Task ASyntaxErrorFailsTheLoadWithFileAndLine()
    {
        string folder = TempFolder.Create();
        string file = Path.Combine(folder, "broken" + Extension);
        await File.WriteAllTextAsync(file, SyntaxErrorScript);
        var proxy = new ScriptPluginProxy(file, Language, ScriptLimits.Default, new FakeSdpAnswerer());
        var error = Assert.ThrowsAny<ScriptException>(() => Janus.Scripting.Management.ScriptLanguages.Load(Language, file, proxy.Api, ScriptLimits.Default));
        Assert.Equal(SyntaxErrorLine, error.Line);
        Assert.EndsWith("broken" + Extension, error.File);
        await proxy.DestroyAsync();
        TempFolder.Delete(folder);
    }

    [Fact]
    public async Task EveryServerFunctionIsReachable()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        FakeGateway gateway = fixture.Gateway;
        PluginHandle handle = await fixture.AttachAsync();
        PluginHandle other = await fixture.AttachAsync();
        long otherId = ScriptFixture.IdOf(other);

        Assert.Equal(0, (await AskAsync(fixture, handle, Request("push"), new JsonObject { ["type"] = "answer", ["sdp"] = "v=0" }))!.GetValue<int>());
        Assert.Equal("event", gateway.Events[^1].Message["probe"]!.GetValue<string>());
        Assert.Equal("answer", gateway.Events[^1].Jsep!["type"]!.GetValue<string>());
        await AskAsync(fixture, handle, Request("pushTable"));
        Assert.Equal(3, gateway.Events[^1].Message["list"]!.AsArray().Count);
        await AskAsync(fixture, handle, Request("notify"));
        Assert.Equal(("janus.plugin.probe" + Language, handle), (gateway.Notified[^1].Plugin, gateway.Notified[^1].Handle));
        Assert.True((await AskAsync(fixture, handle, Request("eventsEnabled")))!.GetValue<bool>());
        await AskAsync(fixture, handle, Request("closePc"));
        Assert.Contains(handle, gateway.ClosedPcs);
        await AskAsync(fixture, handle, Request("endSession"));
        Assert.Contains(handle, gateway.EndedSessions);

        var node = ScriptFixture.NodeOf(handle);
        await AskAsync(fixture, handle, new JsonObject { ["request"] = "configure", ["medium"] = "video", ["direction"] = "in", ["enabled"] = false });
        Assert.False(node.IsEnabled(RelayMedium.Video, RelayDirection.In));
        await AskAsync(fixture, handle, new JsonObject { ["request"] = "addRecipient", ["to"] = otherId });
        Assert.Equal(other, node.Recipients[0].Handle);
        await AskAsync(fixture, handle, new JsonObject { ["request"] = "removeRecipient", ["to"] = otherId });
        Assert.Equal(0, node.Recipients.Length);
        await AskAsync(fixture, handle, new JsonObject { ["request"] = "bitrate", ["bitrate"] = 128000 });
        Assert.Equal((handle, 128000u), gateway.Rembs[^1]);
        await AskAsync(fixture, handle, new JsonObject { ["request"] = "pliFreq", ["seconds"] = 3 });
        Assert.Equal(3, node.PliFrequencySeconds);
        await AskAsync(fixture, handle, new JsonObject { ["request"] = "substream", ["substream"] = 1 });
        await AskAsync(fixture, handle, new JsonObject { ["request"] = "temporal", ["temporal"] = 1 });
        Assert.Equal((1, 1), (node.Simulcast.TargetSubstream, node.Simulcast.TargetTemporalLayer));
        await AskAsync(fixture, handle, Request("pli"));
        Assert.Contains(handle, gateway.Plis);
        await AskAsync(fixture, handle, Request("rtp"));
        Assert.Equal(new byte[] { 0x80, 0x60, 0, 1 }, gateway.Rtp[^1].Data);
        await AskAsync(fixture, handle, Request("rtcp"));
        Assert.Equal(new byte[] { 0x81, 0xC9, 0, 1 }, gateway.Rtcp[^1].Data);

        Assert.Equal(-1, (await AskAsync(fixture, handle, Request("text")))!.GetValue<int>()); // channel not ready yet
        node.PeerDataReady();
        Assert.Equal(0, (await AskAsync(fixture, handle, Request("text")))!.GetValue<int>());
        Assert.Equal("hello", Encoding.UTF8.GetString(gateway.Data[^1].Data));
        await AskAsync(fixture, handle, Request("binary"));
        Assert.True(gateway.Data[^1].Binary);
        Assert.Equal(new byte[] { 0, 1, 2 }, gateway.Data[^1].Data);

        string folder = Path.Combine(Path.GetTempPath(), "contract-" + Guid.NewGuid().ToString("N"));
        try
        {
            JsonObject Recording(string request) => new() { ["request"] = request, ["folder"] = folder };
            Assert.Equal(-1, (await AskAsync(fixture, handle, Recording("recordBad")))!.GetValue<int>());
            Assert.Equal(-1, (await AskAsync(fixture, handle, Recording("recordArgs")))!.GetValue<int>());
            Assert.False(node.Recorders.Active);
            Assert.Equal(0, (await AskAsync(fixture, handle, Recording("record")))!.GetValue<int>());
            Assert.Equal(Path.Combine(folder, "x.mjr"), node.Recorders.Audio?.FilePath);
            Assert.Equal(Path.Combine(folder, "x-data.mjr"), node.Recorders.Data?.FilePath);
            Assert.Equal(0, (await AskAsync(fixture, handle, Request("stopRecord")))!.GetValue<int>());
            Assert.Null(node.Recorders.Audio);
            Assert.NotNull(node.Recorders.Data);
        }
        finally
        {
            node.Recorders.StopAll();
            Directory.Delete(folder, recursive: true);
        }
        await AskAsync(fixture, handle, Request("poke"));
        await AskAsync(fixture, handle, Request("timer"));
        await AskAsync(fixture, handle, Request("log"));
        Assert.StartsWith("v=0\r\ns=answer\r\na=x-options:{\"audio\":true}", (await AskAsync(fixture, handle, Request("answer")))!.GetValue<string>());
        await WaitUntilAsync(async () => (await AskAsync(fixture, handle, Request("history")))!.GetValue<string>().Contains("later:tick"));
        string history = (await AskAsync(fixture, handle, Request("history")))!.GetValue<string>();
        Assert.Contains("resumed", history);

        JsonObject? query = await fixture.Proxy.QuerySessionAsync(handle);
        Assert.Equal(ScriptFixture.IdOf(handle), query!["id"]!.GetValue<long>());
        JsonObject? admin = await fixture.Proxy.HandleAdminMessageAsync(new JsonObject { ["ping"] = "pong" });
        Assert.Equal("pong", admin!["admin"]!.GetValue<string>());
    }

    [Fact]
    public async Task MediaCallbacksReachTheScriptInOrder()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        PluginHandle handle = await fixture.AttachAsync();
        fixture.Proxy.SetupMedia(handle);
        fixture.Hangup(handle);
        string history = (await AskAsync(fixture, handle, Request("history")))!.GetValue<string>();
        Assert.EndsWith($"create:{ScriptFixture.IdOf(handle)},setup,hangup", history);
    }

    [Fact]
    public async Task DataChannelTextGoesToTheScriptWhenItDefinesIncomingTextData()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        PluginHandle handle = await fixture.AttachAsync();
        ScriptFixture.NodeOf(handle).PeerDataReady();
        ScriptFixture.NodeOf(handle).ReceiveData("chat", null, false, "hi"u8);
        fixture.Gateway.WaitForData(1);
        Assert.Equal("echo:hi", Encoding.UTF8.GetString(fixture.Gateway.Data[0].Data));
        Assert.Equal("chat", fixture.Gateway.Data[0].Label);
    }

    [Fact]
    public async Task AWrongApiCallIsAScriptErrorNotACrash()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        PluginHandle handle = await fixture.AttachAsync();
        PluginResult result = await fixture.Proxy.HandleMessageAsync(handle, "t", Request("badPush"), null);
        Assert.Equal(PluginResultKind.Error, result.Kind);
        Assert.Contains(BadApiCallMessage, result.Text);
    }

    [Theory]
    [InlineData("spin")]
    [InlineData("spinProtected")]
    [InlineData("spinCoroutine")]
    public virtual async Task AnEndlessLoopIsStoppedAndThePluginKeepsAnswering(string request)
    {
        // The limit applies to every call, init included: 1 s leaves room for a first call's JIT on a loaded machine.
        await using ScriptFixture fixture = await StartProbeAsync(new ScriptLimits { CallTimeout = TimeSpan.FromSeconds(1) });
        PluginHandle handle = await fixture.AttachAsync();
        PluginResult result = await fixture.Proxy.HandleMessageAsync(handle, "t", Request(request), null);
        Assert.Equal(PluginResultKind.Error, result.Kind);
        Assert.Contains("time limit", result.Text);
        Assert.Equal(PluginResultKind.Ok, (await fixture.Proxy.HandleMessageAsync(handle, "t", Request("sync"), null)).Kind);
    }

    /// <summary>Lua and JS only: C# has no memory limit.</summary>
    private protected async Task AssertAllocatingPastTheMemoryLimitIsStoppedAsync()
    {
        await using ScriptFixture fixture = await StartProbeAsync(new ScriptLimits { MemoryLimitBytes = 16L * 1024 * 1024 });
        PluginHandle handle = await fixture.AttachAsync();
        PluginResult result = await fixture.Proxy.HandleMessageAsync(handle, "t", Request("hog"), null);
        Assert.Equal(PluginResultKind.Error, result.Kind);
        Assert.Contains("memory limit", result.Text);
        Assert.Equal(PluginResultKind.Ok, (await fixture.Proxy.HandleMessageAsync(handle, "t", Request("sync"), null)).Kind);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
