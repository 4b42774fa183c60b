using Janus.Media.Sdp;

namespace Janus.Media.Tests.Sdp;

public sealed class SdpAccessorTests
{
    private static readonly SessionDescription s_chrome = SessionDescription.Parse(SdpFixtures.ChromeOffer);
    private static readonly SessionDescription s_firefox = SessionDescription.Parse(SdpFixtures.FirefoxSimulcastOffer);

    [Fact]
    public void SessionLinesOfTheChromeOfferAreRead()
    {
        Assert.Equal(0, s_chrome.Version);
        Assert.Equal(new SdpOrigin("-", "1298443446168106922", "2", "IN", "IP4", "127.0.0.1"), s_chrome.Origin);
        Assert.Equal("-", s_chrome.SessionName);
        Assert.Equal("0 0", s_chrome.Timing);
        Assert.Equal(["0", "1", "2"], s_chrome.BundleGroup!.Mids);
        Assert.True(s_chrome.ExtmapAllowMixed);
        Assert.Equal("WMS", s_chrome.MsidSemantic!.Semantic);
        Assert.Equal(["bY3S0cVTCSQ1MEKrGLjFeoJZ6bvOnXpsAox8"], s_chrome.MsidSemantic.StreamIds);
        Assert.False(s_chrome.IceLite);
        Assert.Equal(3, s_chrome.Media.Count);
    }

    [Fact]
    public void AudioSectionOfTheChromeOfferIsRead()
    {
        var audio = s_chrome.Media[0];
        Assert.Equal(SdpMediaKind.Audio, audio.Kind);
        Assert.Equal(9, audio.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.True(audio.IsRtp);
        Assert.False(audio.IsRejected);
        Assert.Equal([111, 103, 104, 9, 0, 8, 106, 105, 13, 110, 112, 113, 126], audio.PayloadTypes);
        Assert.Equal(SdpConnection.For("0.0.0.0"), audio.Connection);
        Assert.Equal(new SdpRtcpAttribute(9, new SdpConnection("IN", "IP4", "0.0.0.0")), audio.Rtcp);
        Assert.Equal("OBYC", audio.IceUfrag);
        Assert.Equal("glOqF413EKEaXEl5OKxkZoev", audio.IcePwd);
        Assert.Equal(["trickle"], audio.IceOptions);
        Assert.Equal("sha-256", audio.Fingerprint!.Algorithm);
        Assert.StartsWith("2E:A3:59", audio.Fingerprint.Value);
        Assert.Equal(SdpSetup.ActPass, audio.Setup);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.Equal(new SdpMsid("bY3S0cVTCSQ1MEKrGLjFeoJZ6bvOnXpsAox8", "7ecac6bd-b288-4510-97c7-887efc669c86"), audio.Msid);
        Assert.True(audio.RtcpMux);
        Assert.False(audio.RtcpRsize);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), audio.GetRtpMap(111));
        Assert.Equal("minptime=10;useinbandfec=1", audio.GetFmtp(111)!.Parameters);
        Assert.Equal("1", audio.GetFmtp(111)!.Get("useinbandfec"));
        Assert.Equal([new SdpRtcpFeedback(111, "transport-cc")], audio.GetRtcpFeedbacks(111));
        Assert.Equal(1, audio.GetExtensionId(SdpRtpExtensions.AudioLevel));
        Assert.Equal(6, audio.Extmaps.Count);
        Assert.Equal(new SdpSsrc(4085458354, "cname", "jnfRqpPdTG61m2cF"), audio.Ssrcs[0]);
        Assert.Equal(4, audio.Ssrcs.Count);
        Assert.Empty(audio.Candidates);
        Assert.False(audio.EndOfCandidates);
    }

    [Fact]
    public void VideoSectionOfTheChromeOfferIsRead()
    {
        var video = s_chrome.Media[1];
        Assert.Equal(SdpMediaKind.Video, video.Kind);
        Assert.True(video.RtcpRsize);
        Assert.Equal(5, video.GetRtcpFeedbacks(96).Count);
        Assert.Contains(new SdpRtcpFeedback(96, "nack", "pli"), video.RtcpFeedbacks);
        Assert.Equal("nack pli", new SdpRtcpFeedback(96, "nack", "pli").Kind);
        var fid = Assert.Single(video.SsrcGroups);
        Assert.Equal("FID", fid.Semantics);
        Assert.Equal([2080201980u, 334907082u], fid.Ssrcs);
        Assert.Equal(2080201980u, video.GetPrimarySsrc());
        Assert.Equal(334907082u, video.GetRtxSsrcs()[2080201980]);
        Assert.Equal(13, video.GetExtensionId(SdpRtpExtensions.VideoOrientation));
    }

    [Fact]
    public void DataChannelSectionIsRead()
    {
        var data = s_chrome.Media[2];
        Assert.True(data.IsDataChannel);
        Assert.False(data.IsLegacyDataChannel);
        Assert.False(data.IsRtp);
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144, data.MaxMessageSize);
        Assert.Null(data.SctpMap);
        Assert.Empty(data.PayloadTypes);
    }

    [Fact]
    public void LegacyDataChannelSectionIsRead()
    {
        var data = SessionDescription.Parse(SdpFixtures.LegacyDataChannelOffer).Media[0];
        Assert.True(data.IsDataChannel);
        Assert.True(data.IsLegacyDataChannel);
        Assert.Equal("DTLS/SCTP", data.Protocol);
        Assert.Equal(["5000"], data.Formats);
        Assert.Equal(new SdpSctpMap(5000, "webrtc-datachannel", 1024), data.SctpMap);
        Assert.Null(data.SctpPort);
        Assert.Equal("data", data.Mid);
    }

    [Fact]
    public void CandidatesAndEndOfCandidatesAreRead()
    {
        var data = SessionDescription.Parse(SdpFixtures.DataChannelOnlyOffer).Media[0];
        var candidates = data.Candidates;
        Assert.Equal(3, candidates.Count);
        var srflx = candidates[0];
        Assert.Equal("842163049", srflx.Foundation);
        Assert.Equal(1, srflx.Component);
        Assert.Equal("udp", srflx.Transport);
        Assert.Equal(1677729535u, srflx.Priority);
        Assert.Equal("203.0.113.7", srflx.Address);
        Assert.Equal(50312, srflx.Port);
        Assert.Equal("srflx", srflx.Type);
        Assert.Equal("192.168.1.20", srflx.RelatedAddress);
        Assert.Equal(50312, srflx.RelatedPort);
        Assert.Equal("tcp", candidates[2].Transport);
        Assert.True(data.EndOfCandidates);
    }

    [Fact]
    public void FirefoxSessionLevelFingerprintAndRidsAreRead()
    {
        Assert.Equal("sha-256", s_firefox.Fingerprint!.Algorithm);
        Assert.Equal(["trickle"], s_firefox.IceOptions);
        Assert.Equal("WMS", s_firefox.MsidSemantic!.Semantic);
        Assert.Equal(["*"], s_firefox.MsidSemantic.StreamIds);
        Assert.Null(s_firefox.Media[0].Fingerprint);

        var audio = s_firefox.Media[0];
        Assert.Equal(new SdpExtmap(2, "urn:ietf:params:rtp-hdrext:csrc-audio-level", SdpDirection.RecvOnly), audio.Extmaps[1]);
        Assert.Equal(new SdpRtpMap(9, "G722", 8000, 1), audio.GetRtpMap(9));

        var video = s_firefox.Media[1];
        Assert.Equal(["h", "m", "l"], video.Rids.ConvertAll(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(SdpRidDirection.Send, r.Direction));
        var simulcast = video.Simulcast!;
        Assert.Equal(3, simulcast.Send.Count);
        Assert.Empty(simulcast.Recv);
        Assert.Equal(new SdpSimulcastRid("l", Paused: true), simulcast.SendRids[2]);
        Assert.Equal(3, video.GetRtxSsrcs().Count);
        Assert.Equal(SdpDirection.RecvOnly, video.GetExtmap(SdpRtpExtensions.PlayoutDelay)!.Direction);
    }

    [Fact]
    public void DirectionSetterReplacesTheAttributeInPlace()
    {
        var sdp = SessionDescription.Parse(SdpFixtures.ChromeOffer);
        var audio = sdp.Media[0];
        int index = audio.Attributes.IndexOf("sendrecv");
        audio.Direction = SdpDirection.RecvOnly;
        Assert.Equal(SdpDirection.RecvOnly, audio.Direction);
        Assert.Equal(index, audio.Attributes.IndexOf("recvonly"));
        Assert.False(audio.Attributes.Has("sendrecv"));
        audio.Direction = SdpDirection.None;
        Assert.Equal(SdpDirection.None, audio.Direction);
        Assert.Equal(SdpDirection.SendRecv, SdpDirections.AnswerTo(audio.Direction, null));
    }

    [Fact]
    public void MidSetterReplacesOrRemoves()
    {
        var sdp = SessionDescription.Parse(SdpFixtures.ChromeOffer);
        var video = sdp.Media[1];
        video.Mid = "video";
        Assert.Equal("video", video.Mid);
        Assert.Same(video, sdp.FindByMid("video"));
        video.Mid = null;
        Assert.False(video.Attributes.Has("mid"));
        Assert.Null(sdp.FindByMid("1"));
    }

    [Fact]
    public void AttributeListSetKeepsPositionAndDropsDuplicates()
    {
        var list = new SdpAttributeList();
        list.Add("a", "1");
        list.Add("b");
        list.Add("a", "2");
        list.Set("a", "3");
        Assert.Equal([new SdpAttribute("a", "3"), new SdpAttribute("b")], list);
        list.Set("c", "4");
        Assert.Equal("c:4", list[2].ToString());
        Assert.Equal(1, list.Remove("b"));
        Assert.Equal(["3"], list.GetValues("a"));
    }
}
