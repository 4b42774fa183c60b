using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Tests.Configuration.Jcfg;

public sealed class JcfgSyntaxTests
{
    private static JcfgValue Value(string text, string path = "x") =>
        JcfgDocument.Parse(text).Find(path) ?? throw new InvalidOperationException("missing " + path);

    private static object Scalar(string text) => ((JcfgScalar)Value(text)).Value;

    [Theory]
    [InlineData("x = 1;")]
    [InlineData("x: 1;")]
    [InlineData("x = 1,")]
    [InlineData("x = 1")]
    [InlineData("x=1")]
    [InlineData("  x\t=\n1\n;")]
    public void SettingAcceptsEitherAssignmentAndAnyTerminator(string text) => Assert.Equal(1, Scalar(text));

    [Fact]
    public void SettingsWithoutTerminatorsFollowEachOther()
    {
        JcfgDocument document = JcfgDocument.Parse("a = 1 b = \"two\" c = true");
        Assert.Equal(1, document.GetInt32("a"));
        Assert.Equal("two", document.GetString("b"));
        Assert.True(document.GetBoolean("c"));
    }

    [Theory]
    [InlineData("x = 42;", 42)]
    [InlineData("x = -42;", -42)]
    [InlineData("x = +7;", 7)]
    [InlineData("x = 0x1F;", 31)]
    [InlineData("x = 0XfF;", 255)]
    [InlineData("x = 0b101;", 5)]
    [InlineData("x = 0o17;", 15)]
    [InlineData("x = 0q17;", 15)]
    [InlineData("x = 2147483647;", int.MaxValue)]
    [InlineData("x = 0xFFFFFFFF;", -1)] // libconfig reads 32-bit hex as two's complement
    public void IntegersIn32Bits(string text, int expected)
    {
        JcfgValue value = Value(text);
        Assert.Equal(JcfgValueKind.Integer, value.Kind);
        Assert.Equal(expected, ((JcfgScalar)value).Value);
    }

    [Theory]
    [InlineData("x = 5L;", 5L)]
    [InlineData("x = 5LL;", 5L)]
    [InlineData("x = -9223372036854775808;", long.MinValue)]
    [InlineData("x = 2147483648;", 2147483648L)] // too big for 32 bits: promoted
    [InlineData("x = 0x100000000;", 0x100000000L)]
    [InlineData("x = 0x7FFFFFFFFFFFFFFFL;", long.MaxValue)]
    [InlineData("x = 0b11L;", 3L)]
    public void Integers64Bit(string text, long expected)
    {
        JcfgValue value = Value(text);
        Assert.Equal(JcfgValueKind.Integer64, value.Kind);
        Assert.Equal(expected, ((JcfgScalar)value).Value);
    }

    [Theory]
    [InlineData("x = 1.5;", 1.5)]
    [InlineData("x = -0.25;", -0.25)]
    [InlineData("x = .5;", 0.5)]
    [InlineData("x = 5.;", 5.0)]
    [InlineData("x = 1e3;", 1000.0)]
    [InlineData("x = 2.5E-1;", 0.25)]
    [InlineData("x = +1.0e+2;", 100.0)]
    public void Floats(string text, double expected)
    {
        JcfgValue value = Value(text);
        Assert.Equal(JcfgValueKind.Float, value.Kind);
        Assert.Equal(expected, (double)((JcfgScalar)value).Value, 12);
    }

    [Theory]
    [InlineData("x = true;", true)]
    [InlineData("x = TRUE;", true)]
    [InlineData("x = True;", true)]
    [InlineData("x = false;", false)]
    [InlineData("x = FaLsE;", false)]
    public void BooleansInAnyCase(string text, bool expected)
    {
        JcfgValue value = Value(text);
        Assert.Equal(JcfgValueKind.Boolean, value.Kind);
        Assert.Equal(expected, ((JcfgScalar)value).Value);
    }

    [Theory]
    [InlineData(@"x = ""plain"";", "plain")]
    [InlineData(@"x = """";", "")]
    [InlineData(@"x = ""a\nb\tc\rd"";", "a\nb\tc\rd")]
    [InlineData(@"x = ""q\""uote\\slash"";", "q\"uote\\slash")]
    [InlineData(@"x = ""\a\b\f\v"";", "\a\b\f\v")]
    [InlineData(@"x = ""\x41\x62"";", "Ab")]
    [InlineData(@"x = ""\xC3\xA9"";", "é")] // \x escapes are bytes of UTF-8
    [InlineData(@"x = ""\q"";", "\\q")] // unknown escapes keep the backslash, as libconfig does
    [InlineData(@"x = ""\x4"";", "\\x4")]
    [InlineData(@"x = ""# not // a /* comment"";", "# not // a /* comment")]
    [InlineData(@"x = ""@certdir@/cert.pem"";", "@certdir@/cert.pem")]
    [InlineData("x = \"héllo ✓ 😀\";", "héllo ✓ 😀")]
    [InlineData("x = \"two\nlines\";", "two\nlines")]
    public void StringsWithEscapes(string text, string expected) => Assert.Equal(expected, Scalar(text));

    [Fact]
    public void AdjacentStringsAreJoinedAcrossWhitespaceAndComments()
    {
        Assert.Equal("abc", Scalar("x = \"a\" \"b\"\n  # comment\n /* c */ \"c\";"));
    }

    [Fact]
    public void CommentsOfAllThreeKindsAreIgnored()
    {
        JcfgDocument document = JcfgDocument.Parse(
            "# hash\n" +
            "a = 1; # after\n" +
            "// slashes\n" +
            "b = 2; // after\n" +
            "/* block\n spanning * lines / */ c = /* inline */ 3;\n");
        Assert.Equal(1, document.GetInt32("a"));
        Assert.Equal(2, document.GetInt32("b"));
        Assert.Equal(3, document.GetInt32("c"));
        Assert.Equal(3, document.Root.Settings.Count);
    }

    [Fact]
    public void NamesMayHoldDashesUnderscoresDigitsAndStars()
    {
        JcfgDocument document = JcfgDocument.Parse("room-1234 = { nat_1_1_mapping = 1; *wild* = 2; A9-b_c = 3; }");
        Assert.Equal(1, document.GetInt32("room-1234.nat_1_1_mapping"));
        Assert.Equal(2, document.GetInt32("room-1234.*wild*"));
        Assert.Equal(3, document.GetInt32("room-1234.A9-b_c"));
    }

    [Fact]
    public void NamesThatStartLikeBooleansAreNames()
    {
        JcfgDocument document = JcfgDocument.Parse("trueish = 1; false_start = 2;");
        Assert.Equal(1, document.GetInt32("trueish"));
        Assert.Equal(2, document.GetInt32("false_start"));
    }

    [Fact]
    public void GroupsNestAndKeepFileOrder()
    {
        JcfgDocument document = JcfgDocument.Parse("general: { b = 1; a = { deep = \"yes\" }; }\nempty: {}");
        JcfgGroup general = document.FindGroup("general")!;
        Assert.Equal(new[] { "b", "a" }, general.Settings.Select(s => s.Name));
        Assert.Equal("yes", document.GetString("general.a.deep"));
        Assert.Empty(document.FindGroup("empty")!.Settings);
    }

    [Fact]
    public void ArraysHoldScalarsOfOneTypeWithOptionalTrailingComma()
    {
        var array = (JcfgCollection)Value("x = [ \"/bin\", \"/usr\", ];");
        Assert.Equal(JcfgValueKind.Array, array.Kind);
        Assert.Equal(new[] { "/bin", "/usr" }, array.Items.Select(i => i.ToString()));
        Assert.Empty(((JcfgCollection)Value("x = [];")).Items);
        Assert.Equal(2, ((JcfgCollection)Value("x = [1, 2L];")).Items.Count);
    }

    [Fact]
    public void ListsHoldAnyValuesIncludingUnnamedGroups()
    {
        var list = (JcfgCollection)Value("x = ( 1, \"two\", 3.0, true, [4, 5], ( 6 ), { seven = 7; }, );");
        Assert.Equal(JcfgValueKind.List, list.Kind);
        Assert.Equal(
            new[] { JcfgValueKind.Integer, JcfgValueKind.String, JcfgValueKind.Float, JcfgValueKind.Boolean, JcfgValueKind.Array, JcfgValueKind.List, JcfgValueKind.Group },
            list.Items.Select(i => i.Kind));
        Assert.Equal(7, ((JcfgGroup)list.Items[6])["seven"]!.TryGetInt32(out int seven) ? seven : 0);
        Assert.Empty(((JcfgCollection)Value("x = ();")).Items);
    }

    [Fact]
    public void EmptyTextAndCommentOnlyTextAreEmptyDocuments()
    {
        Assert.Empty(JcfgDocument.Parse("").Root.Settings);
        Assert.Empty(JcfgDocument.Parse("  # nothing\n/* at */ // all\n").Root.Settings);
    }

    [Fact]
    public void CarriageReturnLineEndingsParse()
    {
        JcfgDocument document = JcfgDocument.Parse("general: {\r\n\tport = 8088\r\n}\r\n");
        Assert.Equal(8088, document.GetInt32("general.port"));
    }

    [Fact]
    public void LookupsConvertTheWayJanusReadsValues()
    {
        JcfgDocument document = JcfgDocument.Parse(
            "g = { quoted_port = \"8088\"; yes = \"yes\"; no = \"No\"; one = 1; zero = 0; f = 2.0; flag = true; s = \"text\"; }");
        Assert.Equal(8088, document.GetInt32("g.quoted_port"));
        Assert.True(document.GetBoolean("g.yes"));
        Assert.False(document.GetBoolean("g.no", true));
        Assert.True(document.GetBoolean("g.one"));
        Assert.False(document.GetBoolean("g.zero", true));
        Assert.Equal(2, document.GetInt32("g.f"));
        Assert.Equal("true", document.GetString("g.flag"));
        Assert.Equal("8088", document.GetString("g.quoted_port"));
        Assert.Equal(2.0, document.GetDouble("g.f"));
        Assert.Equal(8088.0, document.GetDouble("g.quoted_port"));
        Assert.Equal(8088L, document.GetInt64("g.quoted_port"));
    }

    [Fact]
    public void LookupsFallBackToDefaultsWhenMissingOrUnconvertible()
    {
        JcfgDocument document = JcfgDocument.Parse("g = { s = \"text\"; grp = {}; }");
        Assert.Equal(7, document.GetInt32("g.s", 7));
        Assert.Equal(7, document.GetInt32("g.missing", 7));
        Assert.Equal(7, document.GetInt32("nothing.at.all", 7));
        Assert.True(document.GetBoolean("g.s", true));
        Assert.Equal("dflt", document.GetString("g.grp", "dflt"));
        Assert.Null(document.Find("g.s.deeper"));
    }

    [Fact]
    public void ValuesRememberWhereTheyStart()
    {
        JcfgDocument document = JcfgDocument.Parse("a: {\n\tport = 8088\n}", "my.jcfg");
        JcfgValue port = document.Find("a.port")!;
        Assert.Equal(new JcfgPosition("my.jcfg", 2, 9), port.Position);
        Assert.Equal(new JcfgPosition("my.jcfg", 2, 2), document.FindGroup("a")!.Settings[0].Position);
    }
}
