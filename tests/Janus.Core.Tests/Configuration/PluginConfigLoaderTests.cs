using Janus.Core.Configuration;
using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Tests.Configuration;

public sealed class PluginConfigLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("plugin-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void LoadsThePackagesFileAsJson()
    {
        File.WriteAllText(Path.Combine(_folder, "janus.plugin.echotest.jcfg"), "general: {\n\tevents = false\n}\nroom-1: { pin = \"1234\" }\n");
        var json = PluginConfigLoader.Load(_folder, "janus.plugin.echotest");
        Assert.NotNull(json);
        Assert.Equal("""{"general":{"events":false},"room-1":{"pin":"1234"}}""", json!.ToJsonString());
    }

    [Fact]
    public void MissingFileIsNull() => Assert.Null(PluginConfigLoader.Load(_folder, "janus.plugin.absent"));

    [Fact]
    public void SyntaxErrorNamesFileLineAndColumn()
    {
        string path = Path.Combine(_folder, "janus.plugin.broken.jcfg");
        File.WriteAllText(path, "general: {\n\tevents = \n}\n");
        JcfgParseException error = Assert.Throws<JcfgParseException>(() => PluginConfigLoader.Load(_folder, "janus.plugin.broken"));
        Assert.Equal(path, error.FileName);
        Assert.Equal((3, 1), (error.Line, error.Column));
    }
}
