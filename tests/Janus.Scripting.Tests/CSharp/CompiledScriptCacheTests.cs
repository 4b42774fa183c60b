using Janus.Scripting.CSharp;
using Janus.Scripting.Hosting;
using Janus.Scripting.Management;
using Janus.Scripting.Tests.Infrastructure;

namespace Janus.Scripting.Tests.CSharp;

[CollectionDefinition(nameof(CompiledScriptCacheTests), DisableParallelization = true)]
public sealed class CompiledScriptCacheCollection;

/// <summary>
/// A C# script compiled once is not compiled again while its source and the server's build stay the same: a start or
/// a reload of an unchanged script does not load Roslyn. Runs alone: it counts the process's compilations.
/// </summary>
[Collection(nameof(CompiledScriptCacheTests))]
public sealed class CompiledScriptCacheTests : IDisposable
{
    private const string Script = "class P : ScriptPlugin { public override string? GetPackage() => \"janus.plugin.cached\"; public override ScriptReply HandleMessage(long id, string tx, JsonObject m, JsonObject? j) => ScriptReply.Sync(new JsonObject()); }\nreturn new P();";

    private readonly string _cacheFolder = TempFolder.Create();
    private readonly CompiledScriptCache? _saved = CSharpScriptCompiler.Cache;

    public CompiledScriptCacheTests() => CSharpScriptCompiler.Cache = new CompiledScriptCache(_cacheFolder);

    public void Dispose()
    {
        CSharpScriptCompiler.Cache = _saved;
        TempFolder.Delete(_cacheFolder);
    }

    [Fact]
    public async Task An_unchanged_script_loads_from_the_cache_and_a_changed_one_compiles()
    {
        int before = CSharpScriptCompiler.Compilations;
        await using ScriptFixture fixture = await ScriptFixture.StartAsync("cached.csx", Script);
        Assert.Equal(before + 1, CSharpScriptCompiler.Compilations);
        Assert.Single(Directory.GetFiles(_cacheFolder, "*.entry"));

        using (IScriptInstance again = ScriptLanguages.Load(ScriptLanguages.CSharp, fixture.File, fixture.Proxy.Api, ScriptLimits.Default))
        {
            Assert.Equal("janus.plugin.cached", again.Info.Package);
        }
        Assert.Equal(before + 1, CSharpScriptCompiler.Compilations);

        await File.WriteAllTextAsync(fixture.File, Script.Replace("janus.plugin.cached", "janus.plugin.edited", StringComparison.Ordinal));
        using (IScriptInstance edited = ScriptLanguages.Load(ScriptLanguages.CSharp, fixture.File, fixture.Proxy.Api, ScriptLimits.Default))
        {
            Assert.Equal("janus.plugin.edited", edited.Info.Package);
        }
        Assert.Equal(before + 2, CSharpScriptCompiler.Compilations);
    }

    [Fact]
    public async Task A_damaged_cache_entry_is_compiled_again_not_fatal()
    {
        await using ScriptFixture fixture = await ScriptFixture.StartAsync("damaged.csx", Script);
        foreach (string dll in Directory.GetFiles(_cacheFolder, "*.dll"))
        {
            await File.WriteAllBytesAsync(dll, [1, 2, 3]);
        }
        int before = CSharpScriptCompiler.Compilations;
        using IScriptInstance reloaded = ScriptLanguages.Load(ScriptLanguages.CSharp, fixture.File, fixture.Proxy.Api, ScriptLimits.Default);
        Assert.Equal("janus.plugin.cached", reloaded.Info.Package);
        Assert.Equal(before + 1, CSharpScriptCompiler.Compilations);
    }

    [Fact]
    public void The_key_follows_the_source_and_the_path()
    {
        string key = CompiledScriptCache.KeyOf("/a/x.csx", Script);
        Assert.Equal(key, CompiledScriptCache.KeyOf("/a/x.csx", Script));
        Assert.NotEqual(key, CompiledScriptCache.KeyOf("/a/y.csx", Script));
        Assert.NotEqual(key, CompiledScriptCache.KeyOf("/a/x.csx", Script + " "));
    }
}
