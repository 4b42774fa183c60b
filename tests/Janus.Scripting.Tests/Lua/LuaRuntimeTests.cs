using Janus.Core.Plugins;
using Janus.Scripting.Tests.Hosting;
using Janus.Scripting.Tests.Infrastructure;

namespace Janus.Scripting.Tests.Lua;

public sealed class LuaRuntimeTests : ScriptRuntimeContractTests
{
    protected override string Extension => ".lua";
    protected override string Probe => LuaScripts.ApiProbe;
    protected override string Language => "lua";
    protected override string MinimalScript => "function init() end function handleMessage() return 0, '{}' end";
    protected override string InitFailingScript => "function init()\n error('no config')\nend";
    protected override string SyntaxErrorScript => "function init()\nend\nfunction handleMessage(\n";
    protected override int SyntaxErrorLine => 4;

    [Fact]
    public async Task TheSandboxHasNoOsIoDebugNativeModulesOrBytecode()
    {
        await using ScriptFixture fixture = await StartProbeAsync();
        PluginHandle handle = await fixture.AttachAsync();
        Assert.Equal("nil,nil,nil,nil,nil,nil,nil,nil,false,function", (await AskAsync(fixture, handle, Request("sandbox")))!.GetValue<string>());
        string bytecode = (await AskAsync(fixture, handle, Request("bytecode")))!.GetValue<string>();
        Assert.StartsWith("nil:", bytecode);
        Assert.Contains("binary", bytecode);
    }


    [Fact]
    public Task AllocatingPastTheMemoryLimitIsStoppedAndThePluginKeepsAnswering() => AssertAllocatingPastTheMemoryLimitIsStoppedAsync();
}
