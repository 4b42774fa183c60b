using Janus.Media.Sdp;

namespace Janus.Media.Tests.Sdp;

public sealed class SdpParseErrorTests
{
    private const string Head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    [Theory]
    [InlineData(null, "empty SDP")]
    [InlineData("", "empty SDP")]
    [InlineData("\r\n\r\n", "missing v= line")]
    [InlineData("o=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n", "missing v= line")]
    [InlineData("v=1\r\no=- 1 2 IN IP4 127.0.0.1\r\n", "unsupported version v=1")]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\n", "missing o= line")]
    [InlineData("v=0\r\no=- 1 2 IN\r\ns=-\r\n", "malformed o= line")]
    [InlineData("v=0\r\nm=audio 9 RTP/AVP 0\r\n", "missing o= line before m=")]
    [InlineData(Head + "m=audio\r\n", "malformed m= line")]
    [InlineData(Head + "m=audio 9\r\n", "malformed m= line")]
    [InlineData(Head + "m=audio x UDP/TLS/RTP/SAVPF 111\r\n", "malformed m= line")]
    [InlineData(Head + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n", "malformed m= line")]
    [InlineData(Head + "m=audio -1 UDP/TLS/RTP/SAVPF 111\r\n", "malformed m= line")]
    [InlineData(Head + "m=audio 9/0 UDP/TLS/RTP/SAVPF 111\r\n", "malformed m= line")]
    [InlineData(Head + "m=audio  9 UDP/TLS/RTP/SAVPF 111\r\n", "malformed m= line")]
    [InlineData(Head + "c=IN IP4\r\n", "malformed c= line")]
    [InlineData(Head + "a=\r\n", "attribute without a name")]
    [InlineData(Head + "a=:value\r\n", "attribute without a name")]
    [InlineData(Head + "this is not sdp\r\n", "line is not of the form <type>=<value>")]
    [InlineData(Head + "A=upper\r\n", "line is not of the form <type>=<value>")]
    [InlineData(Head + "=x\r\n", "line is not of the form <type>=<value>")]
    [InlineData(Head + "v=0\r\n", "duplicate v= line")]
    [InlineData(Head + "o=- 1 2 IN IP4 127.0.0.1\r\n", "duplicate o= line")]
    [InlineData(Head + "a=x\0y\r\n", "control character in line")]
    [InlineData(Head + "a=x\ry\r\n", "control character in line")]
    [InlineData("{\"type\":\"offer\"}", "line is not of the form <type>=<value>")]
    public void MalformedSdpIsRefusedWithAReason(string? sdp, string reason)
    {
        Assert.False(SessionDescription.TryParse(sdp, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.NotNull(error);
        Assert.Equal(reason, error.Reason);
        var thrown = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(sdp));
        Assert.Equal(reason, thrown.Reason);
        Assert.IsAssignableFrom<FormatException>(thrown);
    }

    [Fact]
    public void TheErrorNamesTheFaultyLine()
    {
        Assert.False(SessionDescription.TryParse(Head + "a=mid:0\r\nm=audio nine RTP/AVP 0\r\n", out _, out var error));
        Assert.Equal(6, error!.LineNumber);
        Assert.Equal("Invalid SDP at line 6: malformed m= line", error.Message);
    }

    [Fact]
    public void MalformedAttributeValuesDoNotFailTheParseButTheirTypedViewIsEmpty()
    {
        var parsed = SessionDescription.Parse(Head +
            "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:xx VP8/90000\r\na=extmap:0 urn:bad\r\na=ssrc:notanumber cname:x\r\n" +
            "a=simulcast:send\r\na=fingerprint:sha-256\r\na=setup:sideways\r\na=sctp-port:huge\r\na=rid:h sideways\r\n");
        var media = parsed.Media[0];
        Assert.Empty(media.RtpMaps);
        Assert.Empty(media.Extmaps);
        Assert.Empty(media.Ssrcs);
        Assert.Null(media.Simulcast);
        Assert.Null(media.Fingerprint);
        Assert.Equal(SdpSetup.None, media.Setup);
        Assert.Null(media.SctpPort);
        Assert.Empty(media.Rids);
        Assert.Equal(8, media.Attributes.Count);
    }
}
