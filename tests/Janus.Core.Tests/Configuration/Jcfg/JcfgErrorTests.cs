using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Tests.Configuration.Jcfg;

public sealed class JcfgErrorTests
{
    private static JcfgParseException Error(string text) =>
        Assert.Throws<JcfgParseException>(() => JcfgDocument.Parse(text, "bad.jcfg"));

    [Theory]
    [InlineData("x = ;", 1, 5)]                         // no value
    [InlineData("general: {\n\tport = 80\n", 3, 1)]     // group not closed: error at end of file
    [InlineData("a = 1;\n  b 2;", 2, 5)]                 // missing '='
    [InlineData("a = 1;\n\tb = foo;", 2, 6)]             // a name is not a value
    [InlineData("a = [1, \"x\"];", 1, 9)]                // mixed array
    [InlineData("a = [ {} ];", 1, 7)]                    // groups are not array elements
    [InlineData("a = (1 2);", 1, 8)]                     // list needs commas
    [InlineData("a = [1 2];", 1, 8)]
    [InlineData("a = 1;\nx = \"open\n\n", 2, 5)]         // unterminated string: at its quote
    [InlineData("a = 1; /* never closed", 1, 8)]
    [InlineData("a = 1;\na = 2;", 2, 1)]                 // duplicate name
    [InlineData("g = { k = 1; k = 2; }", 1, 14)]
    [InlineData("a = 1; }", 1, 8)]                       // stray closing brace
    [InlineData("= 1;", 1, 1)]
    [InlineData("a = 1;\n\t\tb = $;", 2, 7)]             // garbage character
    [InlineData("a = 99999999999999999999;", 1, 5)]      // out of 64-bit range
    [InlineData("a = 0xFFFFFFFFFFFFFFFF;", 1, 5)]
    [InlineData("a = -;", 1, 5)]
    [InlineData("a = .E5;", 1, 5)]                       // a float needs a mantissa digit (found by the fuzz test)
    [InlineData("a = .;", 1, 5)]
    [InlineData("1a = 2;", 1, 1)]                         // names cannot start with a digit
    [InlineData("a = { b = 1 };\n@include \"/nonexistent/x.jcfg\"\n", 2, 1)]
    [InlineData("@include nothing-quoted", 1, 1)]
    public void ErrorNamesFileLineAndColumn(string text, int line, int column)
    {
        JcfgParseException error = Error(text);
        Assert.Equal("bad.jcfg", error.FileName);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"bad.jcfg:{line}:{column}: ", error.Message);
    }

    [Fact]
    public void DeepNestingIsAParseErrorNotAStackOverflow()
    {
        string text = "x = " + new string('(', 100_000);
        JcfgParseException error = Error(text);
        Assert.Contains("nested", error.Reason);
    }

    [Fact]
    public void LoadReportsTheFilePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"jcfg-{Guid.NewGuid():N}.jcfg");
        File.WriteAllText(path, "general: {\n\tport = 80;;\n}\n");
        try
        {
            JcfgParseException error = Assert.Throws<JcfgParseException>(() => JcfgDocument.Load(path));
            Assert.Equal(path, error.FileName);
            Assert.Equal((2, 12), (error.Line, error.Column));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
