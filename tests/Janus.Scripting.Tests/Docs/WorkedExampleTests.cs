using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Janus.Core.Plugins;
using Janus.Scripting.Tests.Infrastructure;

namespace Janus.Scripting.Tests.Docs;

/// <summary>The three worked examples of docs/plugins.md, run as they are printed there.</summary>
public sealed partial class WorkedExampleTests
{
    public static TheoryData<string, string, string> Examples => new()
    {
        { "lua", "hello.lua", "janus.plugin.hellolua" },
        { "js", "hello.js", "janus.plugin.hellojs" },
        { "csharp", "hello.csx", "janus.plugin.hellocsx" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task TheExampleAnswersRefusesAndEchoesAsTheDocsSay(string fence, string file, string package)
    {
        await using ScriptFixture fixture = await ScriptFixture.StartAsync(file, ExampleSource(fence));
        Assert.Equal(package, fixture.Proxy.Descriptor.Package);
        PluginHandle handle = await fixture.AttachAsync();

        PluginResult hello = await fixture.Proxy.HandleMessageAsync(handle, "t1", new JsonObject { ["request"] = "hello", ["name"] = "Ada" }, null);
        Assert.Equal(PluginResultKind.Ok, hello.Kind);
        Assert.Equal(("Ada", "1"), (hello.Content!["hello"]!.GetValue<string>(), hello.Content["calls"]!.ToJsonString()));

        PluginResult refused = await fixture.Proxy.HandleMessageAsync(handle, "t2", new JsonObject { ["request"] = "bye" }, null);
        Assert.Equal((PluginResultKind.Error, "unknown request", 499), (refused.Kind, refused.Text, refused.ErrorCode));

        ScriptFixture.NodeOf(handle).PeerDataReady();
        ScriptFixture.NodeOf(handle).ReceiveData("chat", null, false, Encoding.UTF8.GetBytes("héllo ☃ 😀"));
        fixture.Gateway.WaitForData(1);
        Assert.Equal("héllo ☃ 😀", Encoding.UTF8.GetString(fixture.Gateway.Data[0].Data));
    }

    [Fact]
    public void TheThreeExamplesHaveTheirOwnPackages()
    {
        string[] packages = ["lua", "js", "csharp"];
        Assert.Equal(3, packages.Select(f => PackagePattern().Match(ExampleSource(f)).Value).Distinct().Count());
    }

    private static string ExampleSource(string fence)
    {
        string docs = File.ReadAllText(Path.Combine(RepoPaths.Plugins, "..", "docs", "plugins.md"));
        string examples = docs[docs.IndexOf("## Worked examples", StringComparison.Ordinal)..];
        Match block = Regex.Match(examples, "```" + fence + "\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, $"no {fence} example in docs/plugins.md");
        return block.Groups[1].Value;
    }

    [GeneratedRegex(@"janus\.plugin\.\w+")]
    private static partial Regex PackagePattern();
}
