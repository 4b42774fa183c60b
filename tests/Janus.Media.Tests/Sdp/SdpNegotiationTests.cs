using Janus.Media.Sdp;

namespace Janus.Media.Tests.Sdp;

public sealed class SdpNegotiationTests
{
    private const string ChromeSsrcSimulcast =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=rtpmap:96 VP8/90000\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n" +
        "a=ssrc-group:FID 100 200\r\na=ssrc-group:FID 101 201\r\na=ssrc-group:FID 102 202\r\na=ssrc-group:SIM 100 101 102\r\n" +
        "a=ssrc:100 cname:x\r\na=ssrc:200 cname:x\r\na=ssrc:101 cname:x\r\na=ssrc:201 cname:x\r\na=ssrc:102 cname:x\r\na=ssrc:202 cname:x\r\n";

    [Fact]
    public void SsrcSimulcastIsReadFromTheSimGroupWithItsRtx()
    {
        var video = SessionDescription.Parse(ChromeSsrcSimulcast).Media[0];
        var info = video.GetSimulcastInfo();
        Assert.True(info.IsSimulcast);
        Assert.False(info.UsesRids);
        Assert.Equal([100u, 101u, 102u], info.Ssrcs);
        Assert.Equal([200u, 201u, 202u], info.RtxSsrcs);
        Assert.Equal(100u, video.GetPrimarySsrc());
        Assert.Null(info.RidExtensionId);
    }

    [Fact]
    public void RidSimulcastIsReadWithTheExtensionIds()
    {
        var video = SessionDescription.Parse(SdpFixtures.FirefoxSimulcastOffer).Media[1];
        var info = video.GetSimulcastInfo();
        Assert.True(info.IsSimulcast);
        Assert.True(info.UsesRids);
        Assert.Equal(["h", "m", "l"], info.Rids);
        Assert.Equal([false, false, true], info.RidsPaused);
        Assert.Equal(10, info.RidExtensionId);
        Assert.Equal(11, info.RepairedRidExtensionId);
        Assert.Empty(info.Ssrcs);
    }

    [Fact]
    public void RidsWithoutASimulcastAttributeAreStillFound()
    {
        var sdp = SessionDescription.Parse("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rid:a send\r\na=rid:b send\r\na=rid:c recv\r\n");
        Assert.Equal(["a", "b"], sdp.Media[0].GetSimulcastInfo().Rids);
    }

    [Fact]
    public void NoSimulcastIsReportedForAPlainStream()
    {
        var info = SessionDescription.Parse(SdpFixtures.ChromeOffer).Media[1].GetSimulcastInfo();
        Assert.False(info.IsSimulcast);
        Assert.Empty(info.Rids);
        Assert.Equal(5, info.RidExtensionId);
    }

    [Fact]
    public void NegotiatedCodecIsTheFirstMediaPayloadType()
    {
        var answer = SdpAnswers.Create(SessionDescription.Parse(SdpFixtures.SafariOffer), new() { Video = new() { Codecs = ["h264"] } });
        var video = answer.Media[1].GetNegotiatedCodec()!;
        Assert.Equal(96, video.PayloadType);
        Assert.Equal("h264", video.CanonicalName);
        Assert.Equal("640c1f", video.GetParameter("profile-level-id"));
        Assert.Equal(5, video.Feedback.Count);
        Assert.Null(answer.Media[1].GetCodecs()[0].AssociatedPayloadType);
        Assert.Equal(96, answer.Media[1].GetCodecs()[1].AssociatedPayloadType);

        // RED listed first is a wrapper, not the codec: the negotiated one is the next payload type.
        var offeredRedFirst = SessionDescription.Parse(
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 63 0\r\na=rtpmap:63 red/48000/2\r\n");
        Assert.Equal("pcmu", offeredRedFirst.Media[0].GetNegotiatedCodec()!.CanonicalName);
        Assert.Null(SessionDescription.Parse(SdpFixtures.ChromeOffer).Media[2].GetNegotiatedCodec());
    }

    [Fact]
    public void StaticPayloadTypesWithoutRtpmapAreKnown()
    {
        var sdp = SessionDescription.Parse("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 8 0 9 97\r\n");
        var codecs = sdp.Media[0].GetCodecs();
        Assert.Equal(["pcma", "pcmu", "g722"], codecs.ConvertAll(c => c.CanonicalName));
    }

    [Fact]
    public void RtxMappingAndExtensionIdsAreRead()
    {
        var video = SessionDescription.Parse(SdpFixtures.ChromeOffer).Media[1];
        Assert.Equal(new Dictionary<int, int> { [96] = 97, [98] = 99, [100] = 101 }, video.GetRtxPayloadTypes());
        var ids = video.GetExtensionIds();
        Assert.Equal(11, ids.Count);
        Assert.Equal(3, ids[SdpRtpExtensions.TransportWideCc]);
        Assert.Equal(4, ids[SdpRtpExtensions.Mid]);
    }
}
