using Janus.Media.Sdp;

namespace Janus.Media.Tests.Sdp;

public sealed class SdpOfferTests
{
    private static SessionDescription Offer(params SdpOfferMedium[] media) =>
        SdpOffers.Create(new SdpOfferOptions { Media = media, Data = true, SessionId = 7 });

    [Fact]
    public void AudioVideoDataOfferHasOneCodecEachRtxAndABundle()
    {
        var offer = Offer(SdpOfferMedium.Audio(), SdpOfferMedium.Video());
        Assert.Equal("- 7 1 IN IP4 127.0.0.1", offer.Origin.ToString());
        Assert.Equal(["0", "1", "2"], offer.BundleGroup!.Mids);

        var audio = offer.Media[0];
        Assert.Equal(["111"], audio.Formats);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), audio.GetRtpMap(111));
        Assert.Equal("minptime=10;useinbandfec=1", audio.GetFmtp(111)!.Parameters);
        Assert.Equal(["transport-cc"], audio.RtcpFeedbacks.ConvertAll(f => f.Kind));
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.NotNull(audio.GetExtmap(SdpRtpExtensions.AudioLevel));
        Assert.Null(audio.GetExtmap(SdpRtpExtensions.VideoOrientation));

        var video = offer.Media[1];
        Assert.Equal(["96", "97"], video.Formats);
        Assert.Equal(new Dictionary<int, int> { [96] = 97 }, video.GetRtxPayloadTypes());
        Assert.Equal(5, video.GetRtcpFeedbacks(96).Count);
        Assert.Null(video.GetExtmap(SdpRtpExtensions.AudioLevel));
        // One id per URI across the session, as BUNDLE requires.
        Assert.Equal(audio.GetExtensionId(SdpRtpExtensions.Mid), video.GetExtensionId(SdpRtpExtensions.Mid));

        var data = offer.Media[2];
        Assert.True(data.IsDataChannel);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144, data.MaxMessageSize);
    }

    [Fact]
    public void OfferRoundTripsThroughTheParser()
    {
        var text = Offer(SdpOfferMedium.Audio(), SdpOfferMedium.Video("h264")).ToString();
        Assert.Equal(text, SessionDescription.Parse(text).ToString());
    }

    [Fact]
    public void DirectionsMidsAndProfilesAreAsAsked()
    {
        var offer = Offer(
            new SdpOfferMedium { Kind = SdpMediaKind.Audio, Codec = "pcmu", Direction = SdpDirection.SendOnly, Mid = "a", Dtmf = true },
            new SdpOfferMedium { Kind = SdpMediaKind.Video, Codec = "vp9", Vp9Profile = "2", Direction = SdpDirection.RecvOnly, Mid = "v", Rtx = true },
            new SdpOfferMedium { Kind = SdpMediaKind.Video, Codec = "h264", H264ProfileLevelId = "42001f", Mid = "v2" });
        Assert.Equal(["a", "v", "v2", "3"], offer.Media.ConvertAll(m => m.Mid!));
        Assert.Equal(SdpDirection.SendOnly, offer.Media[0].Direction);
        Assert.Equal(["0", "126"], offer.Media[0].Formats);
        Assert.Equal(new SdpRtpMap(126, "telephone-event", 8000), offer.Media[0].GetRtpMap(126));
        Assert.Equal("profile-id=2", offer.Media[1].GetFmtp(98)!.Parameters);
        Assert.Equal(SdpDirection.RecvOnly, offer.Media[1].Direction);
        Assert.Equal("42001f", offer.Media[2].GetFmtp(102)!.Get("profile-level-id"));
        Assert.Empty(offer.Media[2].GetRtxPayloadTypes());
    }

    [Fact]
    public void SimulcastRidsAreOfferedForReceiving()
    {
        var offer = Offer(new SdpOfferMedium { Kind = SdpMediaKind.Video, Codec = "vp8", Rtx = true, ReceiveSimulcastRids = ["h", "m", "l"] });
        var video = offer.Media[0];
        Assert.Equal(["h recv", "m recv", "l recv"], video.Rids.ConvertAll(r => r.ToString()));
        Assert.Equal("recv h;m;l", video.Simulcast!.ToString());
        Assert.NotNull(video.GetExtmap(SdpRtpExtensions.Rid));
        Assert.NotNull(video.GetExtmap(SdpRtpExtensions.RepairedRid));
    }

    [Fact]
    public void OurOwnAnswerToOurOfferKeepsTheOfferedCodecs()
    {
        var offer = Offer(SdpOfferMedium.Audio("g722"), SdpOfferMedium.Video("av1"));
        var answer = SdpAnswers.Create(offer);
        Assert.Equal(["9"], answer.Media[0].Formats);
        // AV1 sits at 45 as in Chrome; its RTX gets the first free dynamic type (RFC 3551 §6).
        Assert.Equal(["45", "96"], answer.Media[1].Formats);
        Assert.Equal("av1", answer.Media[1].GetNegotiatedCodec()!.CanonicalName);
        Assert.Equal(["0", "1", "2"], answer.BundleGroup!.Mids);
    }

    [Fact]
    public void UnknownCodecIsAProgrammingError()
    {
        Assert.Throws<ArgumentException>(() => Offer(new SdpOfferMedium { Kind = SdpMediaKind.Audio, Codec = "mp3" }));
        Assert.Throws<ArgumentException>(() => Offer(new SdpOfferMedium { Kind = SdpMediaKind.Audio, Codec = "vp8" }));
    }
}
