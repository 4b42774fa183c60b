using System.Reflection;
using Janus.Scripting.Api;
using Janus.Scripting.Hosting;

namespace Janus.Scripting.Tests.Hosting;

/// <summary>
/// The C# side of the script API is a typed class, not made from the description: these tests hold it to the
/// description (Lua and JavaScript are made from it, and their probes check it in the runtime contract).
/// </summary>
public sealed class ScriptApiDescriptionTests
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>The server functions a C# plugin can call: ScriptPlugin's protected members.</summary>
    internal static IEnumerable<string> CSharpFunctions() =>
        typeof(ScriptPlugin).GetMethods(Declared).Where(m => m.IsFamily && !m.IsSpecialName).Select(m => m.Name)
            .Concat(typeof(ScriptPlugin).GetProperties(Declared).Where(p => p.GetMethod is { IsFamily: true } && p.Name != "CallCancelled").Select(p => p.Name))
            .Distinct();

    [Fact]
    public void ScriptPluginOffersExactlyTheDescribedFunctions()
    {
        Assert.Equal(ScriptApi.Functions.Select(f => f.CSharpName).Order(), CSharpFunctions().Order());
    }

    [Fact]
    public void ScriptPluginLetsAPluginDefineExactlyTheDescribedCallbacks()
    {
        IEnumerable<string> overridable = typeof(ScriptPlugin).GetMethods(Declared).Where(m => m.IsVirtual && m.IsPublic).Select(m => m.Name);
        Assert.Equal(ScriptApi.Callbacks.Select(c => c.CSharpName).Order(), overridable.Order());
    }

    [Fact]
    public void ScriptReplyHasTheResultHelpersOfTheOtherLanguages()
    {
        IEnumerable<string> helpers = typeof(ScriptReply).GetMethods(BindingFlags.Static | BindingFlags.Public).Select(m => m.Name);
        Assert.All(ScriptApi.ResultHelpers, name => Assert.Contains(char.ToUpperInvariant(name[0]) + name[1..], helpers));
    }

    [Fact]
    public void EveryOptionalCallbackHasItsOwnFeatureFlag()
    {
        ScriptFeatures[] flags = Enum.GetValues<ScriptFeatures>().Where(f => f != ScriptFeatures.None).ToArray();
        Assert.Equal(flags.Order(), ScriptApi.Callbacks.Where(c => c.Feature != ScriptFeatures.None).Select(c => c.Feature).Order());
    }

    [Fact]
    public void EveryCallbackButTheGettersReachesTheRuntimesThroughIScriptInstance()
    {
        IEnumerable<string> instance = typeof(IScriptInstance).GetMethods().Select(m => m.Name);
        IEnumerable<string> expected = ScriptApi.Callbacks.Select(c => c.CSharpName).Where(n => !n.StartsWith("Get", StringComparison.Ordinal));
        Assert.All(expected, name => Assert.Contains(name, instance));
    }

    [Fact]
    public void FunctionNamesAndAliasesAreUnique()
    {
        string[] names = ScriptApi.Functions.SelectMany(f => f.Aliases.Prepend(f.Name)).ToArray();
        Assert.Equal(names.Length, names.Distinct().Count());
    }
}
