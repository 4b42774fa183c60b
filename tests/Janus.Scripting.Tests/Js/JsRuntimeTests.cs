using Janus.Core.Plugins;
using Janus.Scripting.Tests.Hosting;
using Janus.Scripting.Tests.Infrastructure;

namespace Janus.Scripting.Tests.Js;

public sealed class JsRuntimeTests : ScriptRuntimeContractTests
{
    protected override string Extension => ".js";
    protected override string Probe => JsScripts.ApiProbe;
    protected override string Language => "js";
    protected override string MinimalScript => "function init() {} function handleMessage() { return '{}'; }";
    protected override string InitFailingScript => "function init() {\n  throw new Error('no config');\n}";
    protected override string SyntaxErrorScript => "function init() {\n}\nvar x = ;\nfunction handleMessage() {}\n";
    protected override int SyntaxErrorLine => 3;

    [Fact]
    public async Task TheEngineExposesNoDotNet()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        PluginHandle handle = await fixture.AttachAsync();
        Assert.Equal("undefined,undefined,undefined,undefined", (await AskAsync(fixture, handle, Request("sandboxTypes")))!.GetValue<string>());
        PluginResult result = await fixture.Proxy.HandleMessageAsync(handle, "t", Request("sandbox"), null);
        Assert.Equal(PluginResultKind.Error, result.Kind);
        Assert.Contains("module 'nothing-here-throws' not found", result.Text);
    }

    [Fact]
    public async Task TheStringFormOfAMessageIsHiddenFromEnumeration()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        PluginHandle handle = await fixture.AttachAsync();
        var body = new System.Text.Json.Nodes.JsonObject { ["request"] = "native", ["inner"] = new System.Text.Json.Nodes.JsonObject { ["list"] = new System.Text.Json.Nodes.JsonArray(1, 2, 3) } };
        var result = (System.Text.Json.Nodes.JsonObject)(await AskAsync(fixture, handle, body))!;
        Assert.Equal("request,inner", result["keys"]!.GetValue<string>());
    }

    [Fact]
    public async Task ANegativeNumberIsAnError()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        PluginHandle handle = await fixture.AttachAsync();
        PluginResult result = await fixture.Proxy.HandleMessageAsync(handle, "t", Request("unknown"), null);
        Assert.Equal(PluginResultKind.Error, result.Kind);
    }

    [Fact]
    public Task AllocatingPastTheMemoryLimitIsStoppedAndThePluginKeepsAnswering() => AssertAllocatingPastTheMemoryLimitIsStoppedAsync();
}
