using Janus.Media.Sdp;

namespace Janus.Media.Tests.Sdp;

public sealed class SdpRoundTripTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var sdp in SdpFixtures.All)
            data.Add(sdp);
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void ParseThenWriteGivesTheSameBytes(string sdp)
    {
        var parsed = SessionDescription.Parse(sdp);
        Assert.Equal(sdp, parsed.ToString());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void LfOnlyInputIsReadAndWrittenWithCrlf(string sdp)
    {
        var lfOnly = sdp.Replace("\r\n", "\n");
        var parsed = SessionDescription.Parse(lfOnly);
        Assert.Equal(sdp, parsed.ToString());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void CloneWritesTheSameBytesAndIsIndependent(string sdp)
    {
        var parsed = SessionDescription.Parse(sdp);
        var clone = parsed.Clone();
        Assert.Equal(sdp, clone.ToString());
        clone.Media[0].Attributes.Add("x-test");
        clone.Attributes.Add("x-session");
        Assert.Equal(sdp, parsed.ToString());
    }

    [Fact]
    public void UnknownAttributesAndLinesAreKeptInPlace()
    {
        const string sdp =
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\ni=a session\r\nu=http://example.com\r\ne=a@example.com\r\nc=IN IP4 0.0.0.0\r\n" +
            "b=AS:300\r\nt=0 0\r\nr=604800 3600 0 90000\r\nz=2882844526 -1h\r\na=x-custom:value with spaces\r\na=x-flag\r\n" +
            "m=video 9 UDP/TLS/RTP/SAVPF 96\r\ni=camera\r\nc=IN IP4 0.0.0.0\r\nb=TIAS:1000000\r\na=x-google-flag:conference\r\n" +
            "a=rtpmap:96 VP8/90000\r\na=framerate:30\r\n";
        var parsed = SessionDescription.Parse(sdp);
        Assert.Equal(sdp, parsed.ToString());
        Assert.Equal("value with spaces", parsed.Attributes.GetValue("x-custom"));
        Assert.True(parsed.Attributes.Has("x-flag"));
        Assert.Equal("30", parsed.Media[0].Attributes.GetValue("framerate"));
        Assert.Contains(new SdpLine('b', "TIAS:1000000"), parsed.Media[0].ExtraLines);
    }

    [Fact]
    public void BlankLinesAreIgnored()
    {
        var parsed = SessionDescription.Parse("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n\r\n");
        Assert.Equal("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", parsed.ToString());
    }

    [Fact]
    public void MissingFinalLineEndingIsAccepted()
    {
        var parsed = SessionDescription.Parse("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0");
        Assert.Single(parsed.Media);
        Assert.EndsWith("m=audio 9 RTP/AVP 0\r\n", parsed.ToString());
    }

    [Fact]
    public void PortCountIsKept()
    {
        var parsed = SessionDescription.Parse("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 49170/2 RTP/AVP 31\r\n");
        Assert.Equal(49170, parsed.Media[0].Port);
        Assert.Equal(2, parsed.Media[0].PortCount);
        Assert.Contains("m=video 49170/2 RTP/AVP 31\r\n", parsed.ToString());
    }
}
