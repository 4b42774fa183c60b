using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Tests.Configuration.Jcfg;

public sealed class JcfgIncludeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jcfg-include-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void IncludeSplicesTheFileInPlace()
    {
        Write("extra.jcfg", "port = 8088\nsecure = { on = true }\n");
        string main = Write("main.jcfg", "general: {\n  @include \"extra.jcfg\"\n  after = 1\n}\n");
        JcfgDocument document = JcfgDocument.Load(main);
        Assert.Equal(8088, document.GetInt32("general.port"));
        Assert.True(document.GetBoolean("general.secure.on"));
        Assert.Equal(1, document.GetInt32("general.after"));
    }

    [Fact]
    public void IncludedValuesCarryTheirOwnFileAndLine()
    {
        string extra = Write("sub/extra.jcfg", "\n\nx = 5;\n");
        string main = Write("main.jcfg", "@include \"sub/extra.jcfg\"\n");
        JcfgValue x = JcfgDocument.Load(main).Find("x")!;
        Assert.Equal(Path.GetFullPath(extra), Path.GetFullPath(x.Position.FileName));
        Assert.Equal(3, x.Position.Line);
    }

    [Fact]
    public void SyntaxErrorInsideAnIncludeNamesTheIncludedFile()
    {
        string extra = Write("broken.jcfg", "ok = 1;\nbad = ;\n");
        string main = Write("main.jcfg", "@include \"broken.jcfg\"\n");
        JcfgParseException error = Assert.Throws<JcfgParseException>(() => JcfgDocument.Load(main));
        Assert.Equal(Path.GetFullPath(extra), Path.GetFullPath(error.FileName));
        Assert.Equal((2, 7), (error.Line, error.Column));
    }

    [Fact]
    public void IncludeCyclesStopAtTheDepthLimit()
    {
        string main = Write("loop.jcfg", "@include \"loop.jcfg\"\n");
        JcfgParseException error = Assert.Throws<JcfgParseException>(() => JcfgDocument.Load(main));
        Assert.Contains("nested more than", error.Reason);
    }

    [Fact]
    public void IncludeOnlyCountsAtTheStartOfALine()
    {
        JcfgParseException error = Assert.Throws<JcfgParseException>(() => JcfgDocument.Parse("a = 1; @include \"x\"", "t.jcfg"));
        Assert.Equal((1, 8), (error.Line, error.Column));
    }
}
