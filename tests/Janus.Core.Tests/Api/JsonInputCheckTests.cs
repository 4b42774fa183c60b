using System.Text;
using System.Text.Json;
using Janus.Core.Api;

namespace Janus.Core.Tests.Api;

/// <summary>The one check every transport runs before parsing: what jansson refuses, and duplicate keys, are JSON errors.</summary>
public sealed class JsonInputCheckTests
{
    private static void Check(byte[] utf8, bool multiple = false)
        => JsonInputCheck.Validate(utf8, new JsonReaderOptions { AllowMultipleValues = multiple, MaxDepth = 64 });

    [Theory]
    [InlineData("""{"janus":"ping","janus":"ping"}""")]
    [InlineData("""{"body":{"a":1,"b":2,"a":3}}""")]
    [InlineData("""{"a":1,"\u0061":2}""")]
    [InlineData("""[{"x":[{"k":1,"k":1}]}]""")]
    public void Duplicate_key_in_any_object_is_refused(string json)
    {
        JsonException error = Assert.Throws<JsonException>(() => Check(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("Duplicate key", error.Message);
    }

    [Theory]
    [InlineData("""{"a":{"a":1},"b":{"a":2},"c":[{"a":1},{"a":2}]}""")]
    [InlineData("""{"t":"\ud83d\ude00","u":"é","v":"\u00e9"}""")]
    public void Same_key_in_different_objects_and_valid_unicode_pass(string json) => Check(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Separate_values_in_one_message_each_have_their_own_keys()
        => Check("""{"janus":"ping"} {"janus":"ping"}"""u8.ToArray(), multiple: true);

    [Theory]
    [InlineData("""{"t":"\ud800"}""")]
    [InlineData("""{"t":"\udc00x"}""")]
    [InlineData("""{"\ud800":1}""")]
    public void Escaped_lone_surrogate_is_refused(string json)
        => Assert.Throws<JsonException>(() => Check(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData(new byte[] { 0xff })]
    [InlineData(new byte[] { 0xc3, 0x28 })]
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })] // a surrogate encoded as UTF-8
    public void Invalid_utf8_in_a_value_or_a_key_is_refused(byte[] bad)
    {
        Assert.Throws<JsonException>(() => Check([.. "{\"t\":\""u8, .. bad, .. "\"}"u8]));
        Assert.Throws<JsonException>(() => Check([.. "{\""u8, .. bad, .. "\":1}"u8]));
        Assert.Throws<JsonException>(() => Check([.. "{\"x\":\"\\n"u8, .. bad, .. "\"}"u8]));
    }

    [Fact]
    public void Error_carries_line_and_position_like_a_parse_error()
    {
        JsonException error = Assert.Throws<JsonException>(() => Check("{\n  \"a\":1,\n  \"a\":2}"u8.ToArray()));
        Assert.Equal(2, error.LineNumber);
        Assert.Equal(2, error.BytePositionInLine);
    }
}
