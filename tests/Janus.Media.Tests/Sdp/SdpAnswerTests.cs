using Janus.Media.Sdp;

namespace Janus.Media.Tests.Sdp;

public sealed class SdpAnswerTests
{
    private static SessionDescription Answer(string offer, SdpAnswerOptions? options = null) =>
        SdpAnswers.Create(SessionDescription.Parse(offer), options);

    [Fact]
    public void ChromeOfferIsAnsweredWithOpusVp8RtxAndTheDataChannel()
    {
        var answer = Answer(SdpFixtures.ChromeOffer);
        Assert.Equal(["0", "1", "2"], answer.BundleGroup!.Mids);
        Assert.True(answer.ExtmapAllowMixed);

        var audio = answer.Media[0];
        Assert.Equal("audio", audio.MediaType);
        Assert.Equal(9, audio.Port);
        Assert.Equal(["111"], audio.Formats);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), audio.GetRtpMap(111));
        Assert.Equal("minptime=10;useinbandfec=1", audio.GetFmtp(111)!.Parameters);
        Assert.Equal(["transport-cc"], audio.RtcpFeedbacks.ConvertAll(f => f.Kind));
        // abs-send-time is not in the default list; the rest of what Chrome offered for audio is.
        Assert.Equal([1, 3, 4, 5, 6], audio.Extmaps.ConvertAll(e => e.Id));

        var video = answer.Media[1];
        Assert.Equal(["96", "97"], video.Formats);
        Assert.Equal(new Dictionary<int, int> { [96] = 97 }, video.GetRtxPayloadTypes());
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], video.GetRtcpFeedbacks(96).ConvertAll(f => f.Kind));
        Assert.Empty(video.GetRtcpFeedbacks(97));
        Assert.True(video.RtcpRsize);
        Assert.Equal(13, video.GetExtensionId(SdpRtpExtensions.VideoOrientation));
        Assert.Equal(12, video.GetExtensionId(SdpRtpExtensions.PlayoutDelay));
        Assert.Null(video.GetExtensionId(SdpRtpExtensions.TimeOffset));
        Assert.Null(video.GetExtensionId("http://www.webrtc.org/experiments/rtp-hdrext/video-timing"));
        Assert.Empty(video.Ssrcs);
        Assert.Null(video.IceUfrag);

        var data = answer.Media[2];
        Assert.Equal("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n", data.ToString());
    }

    [Fact]
    public void AnswerParsesBackToTheSameText()
    {
        var answer = Answer(SdpFixtures.ChromeOffer);
        var text = answer.ToString();
        Assert.Equal(text, SessionDescription.Parse(text).ToString());
    }

    [Fact]
    public void PreferenceListPicksTheFirstOfferedMatch()
    {
        var options = new SdpAnswerOptions
        {
            Audio = new() { Codecs = ["pcma", "opus"] },
            Video = new() { Codecs = ["av1", "vp9", "vp8"] },
        };
        var answer = Answer(SdpFixtures.ChromeOffer, options);
        Assert.Equal(["8"], answer.Media[0].Formats);
        Assert.Equal(new SdpRtpMap(8, "PCMA", 8000), answer.Media[0].GetRtpMap(8));
        Assert.Equal(["98", "99"], answer.Media[1].Formats);
        Assert.Equal("profile-id=0", answer.Media[1].GetFmtp(98)!.Parameters);
        Assert.Equal("apt=98", answer.Media[1].GetFmtp(99)!.Parameters);
    }

    [Fact]
    public void Vp9ProfileIsRequiredWhenAsked()
    {
        var wrongProfile = Answer(SdpFixtures.ChromeOffer, new() { Video = new() { Codecs = ["vp9"], Vp9Profile = "2" } });
        Assert.True(wrongProfile.Media[1].IsRejected);
        var rightProfile = Answer(SdpFixtures.ChromeOffer, new() { Video = new() { Codecs = ["vp9"], Vp9Profile = "0" } });
        Assert.Equal(["98", "99"], rightProfile.Media[1].Formats);
    }

    [Fact]
    public void H264ProfileLevelIdAndPacketizationModeSelectThePayloadType()
    {
        var any = Answer(SdpFixtures.SafariOffer, new() { Video = new() { Codecs = ["h264"] } });
        Assert.Equal(["96", "97"], any.Media[1].Formats);
        var baseline = Answer(SdpFixtures.SafariOffer, new() { Video = new() { Codecs = ["h264"], H264ProfileLevelId = "42E01F" } });
        Assert.Equal(["98", "99"], baseline.Media[1].Formats);
        Assert.Contains("profile-level-id=42e01f", baseline.Media[1].GetFmtp(98)!.Parameters);

        // Firefox offers 126 (packetization-mode=1) and 97 (mode 0): without a mode, 1 wins; asking for 0 gets 97.
        var firefoxDefault = Answer(SdpFixtures.FirefoxSimulcastOffer, new() { Video = new() { Codecs = ["h264"] } });
        Assert.Equal(["126", "127"], firefoxDefault.Media[1].Formats);
        var modeZero = Answer(SdpFixtures.FirefoxSimulcastOffer, new() { Video = new() { Codecs = ["h264"], H264PacketizationMode = 0 } });
        Assert.Equal(["97", "98"], modeZero.Media[1].Formats);
    }

    [Fact]
    public void SafariDirectionsAreMirrored()
    {
        var answer = Answer(SdpFixtures.SafariOffer);
        Assert.Equal(SdpDirection.RecvOnly, answer.Media[0].Direction);
        Assert.Equal(SdpDirection.SendOnly, answer.Media[1].Direction);
        Assert.Equal(["111"], answer.Media[0].Formats);
        Assert.Equal(["127", "125"], answer.Media[1].Formats);
    }

    [Fact]
    public void WantedDirectionIsLimitedByTheOffer()
    {
        var options = new SdpAnswerOptions
        {
            Audio = new() { Direction = SdpDirection.RecvOnly },
            Video = new() { Direction = SdpDirection.SendOnly },
        };
        var answer = Answer(SdpFixtures.ChromeOffer, options);
        Assert.Equal(SdpDirection.RecvOnly, answer.Media[0].Direction);
        Assert.Equal(SdpDirection.SendOnly, answer.Media[1].Direction);
        var safari = Answer(SdpFixtures.SafariOffer, new() { Audio = new() { Direction = SdpDirection.SendRecv } });
        Assert.Equal(SdpDirection.RecvOnly, safari.Media[0].Direction);
    }

    [Fact]
    public void RefusedMediaGetPortZeroKeepTheirMidAndLeaveTheBundle()
    {
        var answer = Answer(SdpFixtures.ChromeOffer, new() { Audio = new() { Accept = false }, Data = false });
        var audio = answer.Media[0];
        Assert.Equal("m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=inactive\r\na=mid:0\r\n", audio.ToString());
        Assert.True(audio.IsRejected);
        Assert.True(answer.Media[2].IsRejected);
        Assert.Equal("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\n", answer.Media[2].ToString());
        Assert.Equal(["1"], answer.BundleGroup!.Mids);
        Assert.Equal(3, answer.Media.Count);
    }

    [Fact]
    public void MediaWithNoAcceptableCodecIsRefused()
    {
        var answer = Answer(SdpFixtures.ChromeOffer, new() { Video = new() { Codecs = ["h265"] } });
        Assert.True(answer.Media[1].IsRejected);
        Assert.Equal(["0", "2"], answer.BundleGroup!.Mids);
    }

    [Fact]
    public void RejectedOfferedMediaAndUnknownMediaStayRejected()
    {
        const string offer =
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 1\r\n" +
            "m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n" +
            "m=text 9 UDP/TLS/RTP/SAVPF 98\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=rtpmap:98 t140/1000\r\n";
        var answer = Answer(offer);
        Assert.True(answer.Media[0].IsRejected);
        Assert.True(answer.Media[1].IsRejected);
        Assert.Equal("text", answer.Media[1].MediaType);
        Assert.Null(answer.BundleGroup);
    }

    [Fact]
    public void DtmfIsKeptAtTheCodecClockRateWhenAsked()
    {
        var answer = Answer(SdpFixtures.ChromeOffer, new() { Audio = new() { Dtmf = true } });
        Assert.Equal(["111", "110"], answer.Media[0].Formats);
        Assert.Equal(new SdpRtpMap(110, "telephone-event", 48000), answer.Media[0].GetRtpMap(110));
        var pcmu = Answer(SdpFixtures.ChromeOffer, new() { Audio = new() { Dtmf = true, Codecs = ["pcmu"] } });
        Assert.Equal(["0", "126"], pcmu.Media[0].Formats);
    }

    [Fact]
    public void RtxIsDroppedWhenNotWanted()
    {
        var answer = Answer(SdpFixtures.ChromeOffer, new() { Video = new() { Rtx = false } });
        Assert.Equal(["96"], answer.Media[1].Formats);
        Assert.Empty(answer.Media[1].GetRtxPayloadTypes());
    }

    [Fact]
    public void FeedbackAndExtensionsFollowTheirLists()
    {
        var answer = Answer(SdpFixtures.ChromeOffer, new()
        {
            RtcpFeedback = [SdpRtcpFeedbackKinds.NackPli],
            Extensions = [SdpRtpExtensions.Mid],
        });
        Assert.Equal(["nack pli"], answer.Media[1].RtcpFeedbacks.ConvertAll(f => f.Kind));
        Assert.Equal([SdpRtpExtensions.Mid], answer.Media[1].Extmaps.ConvertAll(e => e.Uri));
        Assert.Empty(answer.Media[0].RtcpFeedbacks);
    }

    [Fact]
    public void FirefoxRidSimulcastIsAcceptedForReceiving()
    {
        var answer = Answer(SdpFixtures.FirefoxSimulcastOffer);
        var video = answer.Media[1];
        Assert.Equal(["120", "124"], video.Formats);
        Assert.Equal(["h recv", "m recv", "l recv"], video.Rids.ConvertAll(r => r.ToString()));
        Assert.Equal("recv h;m;~l", video.Attributes.GetValue("simulcast"));
        Assert.Equal(10, video.GetExtensionId(SdpRtpExtensions.Rid));
        Assert.Equal(11, video.GetExtensionId(SdpRtpExtensions.RepairedRid));
        // Firefox offered playout-delay as recvonly: from our side that is sendonly (RFC 8285 §6).
        Assert.Equal(SdpDirection.SendOnly, video.GetExtmap(SdpRtpExtensions.PlayoutDelay)!.Direction);
        Assert.Equal(["109"], answer.Media[0].Formats);
        Assert.Equal("maxplaybackrate=48000;stereo=1;useinbandfec=1", answer.Media[0].GetFmtp(109)!.Parameters);
    }

    [Fact]
    public void SimulcastIsNotAnsweredWhenRefusedOrNotReceiving()
    {
        var refused = Answer(SdpFixtures.FirefoxSimulcastOffer, new() { Video = new() { Simulcast = false } });
        Assert.Empty(refused.Media[1].Rids);
        Assert.Null(refused.Media[1].Simulcast);
        var sendOnly = Answer(SdpFixtures.FirefoxSimulcastOffer, new() { Video = new() { Direction = SdpDirection.SendOnly } });
        Assert.Null(sendOnly.Media[1].Simulcast);
    }

    [Fact]
    public void PerMidOptionsOverrideTheMediumDefaults()
    {
        var answer = Answer(SdpFixtures.ChromeOffer, new()
        {
            ByMid = new Dictionary<string, SdpMediumAnswerOptions> { ["1"] = new() { Codecs = ["vp9"], Direction = SdpDirection.RecvOnly } },
        });
        Assert.Equal(["98", "99"], answer.Media[1].Formats);
        Assert.Equal(SdpDirection.RecvOnly, answer.Media[1].Direction);
        Assert.Equal(SdpDirection.SendRecv, answer.Media[0].Direction);
    }

    [Fact]
    public void DataChannelOnlyOfferGetsAnExactAnswer()
    {
        var answer = Answer(SdpFixtures.DataChannelOnlyOffer, new() { SessionId = 42 });
        Assert.Equal(
            "v=0\r\no=- 42 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\na=extmap-allow-mixed\r\n" +
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n",
            answer.ToString());
    }

    [Fact]
    public void LegacyDataChannelIsAnsweredInTheLegacyForm()
    {
        var answer = Answer(SdpFixtures.LegacyDataChannelOffer);
        var data = answer.Media[0];
        Assert.Equal("m=application 9 DTLS/SCTP 5000\r\nc=IN IP4 0.0.0.0\r\na=mid:data\r\na=sctpmap:5000 webrtc-datachannel 1024\r\n", data.ToString());
        Assert.Equal(["data"], answer.BundleGroup!.Mids);
    }

    [Fact]
    public void AnswerHasFreshSessionIdUnlessGiven()
    {
        var first = Answer(SdpFixtures.ChromeOffer);
        var second = Answer(SdpFixtures.ChromeOffer);
        Assert.NotEqual(first.Origin.SessionId, second.Origin.SessionId);
        Assert.True(ulong.Parse(first.Origin.SessionId) < (1UL << 62));
    }
}
