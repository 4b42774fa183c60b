using Janus.Core.Plugins;
using Janus.Scripting.Hosting;
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
    public async Task ASyntaxErrorInAFileWithALongPathNamesTheWholePath()
    {
        string folder = TempFolder.Create();
        string deep = Path.Combine(folder, new string('d', 40), new string('e', 40));
        Directory.CreateDirectory(deep);
        string file = Path.Combine(deep, "broken.lua");
        await File.WriteAllTextAsync(file, SyntaxErrorScript);
        var proxy = new ScriptPluginProxy(file, Language, ScriptLimits.Default, new FakeSdpAnswerer());
        var error = Assert.ThrowsAny<ScriptException>(() => Janus.Scripting.Management.ScriptLanguages.Load(Language, file, proxy.Api, ScriptLimits.Default));
        Assert.Equal(file, error.File);
        Assert.Equal(SyntaxErrorLine, error.Line);
        await proxy.DestroyAsync();
        TempFolder.Delete(folder);
    }

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
