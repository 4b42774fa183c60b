using Janus.Media.Sdp;

namespace Janus.Media.Tests.Sdp;

/// <summary>Each typed attribute reads its value and writes it back the way browsers write it.</summary>
public sealed class SdpAttributeValueTests
{
    [Theory]
    [InlineData("send h;m;l", 3, 0)]
    [InlineData("recv 1,2;3", 0, 2)]
    [InlineData("send 1,~4;2;3 recv c", 3, 1)]
    [InlineData("recv x send ~a;b", 2, 1)]
    public void SimulcastStreamsAndAlternativesAreRead(string value, int send, int recv)
    {
        Assert.True(SdpSimulcast.TryParse(value, out var simulcast));
        Assert.Equal(send, simulcast.Send.Count);
        Assert.Equal(recv, simulcast.Recv.Count);
    }

    [Fact]
    public void SimulcastKeepsPausedAlternativesAndWritesThemBack()
    {
        Assert.True(SdpSimulcast.TryParse("send 1,~4;2;3 recv c", out var simulcast));
        Assert.Equal([new SdpSimulcastRid("1"), new SdpSimulcastRid("4", true)], simulcast.Send[0]);
        Assert.Equal("send 1,~4;2;3 recv c", simulcast.ToString());
        Assert.Equal("recv a;b", SdpSimulcast.ForRecv(["a", "b"]).ToString());
    }

    [Fact]
    public void SimulcastAcceptsTheOldRidPrefix()
    {
        Assert.True(SdpSimulcast.TryParse(" send rid=h;m;l", out var simulcast));
        Assert.Equal(["h", "m", "l"], simulcast.SendRids.Select(r => r.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("send")]
    [InlineData("sideways a")]
    [InlineData("send a send b")]
    [InlineData("send a;;b")]
    [InlineData("send ~")]
    public void MalformedSimulcastIsRefused(string value) => Assert.False(SdpSimulcast.TryParse(value, out _));

    [Fact]
    public void RidWithPayloadTypesAndRestrictionsIsRead()
    {
        Assert.True(SdpRid.TryParse("h send pt=96,97;max-width=1280;max-height=720;depend=m", out var rid));
        Assert.Equal("h", rid.Id);
        Assert.Equal(SdpRidDirection.Send, rid.Direction);
        Assert.Equal([96, 97], rid.PayloadTypes);
        Assert.Equal("1280", rid.GetRestriction("max-width"));
        Assert.Equal("m", rid.GetRestriction("depend"));
        Assert.Equal("h send pt=96,97;max-width=1280;max-height=720;depend=m", rid.ToString());
        Assert.Equal("l recv", new SdpRid("l", SdpRidDirection.Recv).ToString());
    }

    [Theory]
    [InlineData("h")]
    [InlineData("h both")]
    [InlineData("h send pt=x")]
    public void MalformedRidIsRefused(string value) => Assert.False(SdpRid.TryParse(value, out _));

    [Theory]
    [InlineData("1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", 1, SdpDirection.None)]
    [InlineData("2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level", 2, SdpDirection.RecvOnly)]
    [InlineData("17/sendonly urn:x extra attrs", 17, SdpDirection.SendOnly)]
    public void ExtmapIsReadAndWrittenBack(string value, int id, SdpDirection direction)
    {
        Assert.True(SdpExtmap.TryParse(value, out var extmap));
        Assert.Equal(id, extmap.Id);
        Assert.Equal(direction, extmap.Direction);
        Assert.Equal(value, extmap.ToString());
    }

    [Theory]
    [InlineData("0 urn:x")]
    [InlineData("256 urn:x")]
    [InlineData("1/both urn:x")]
    [InlineData("1")]
    public void MalformedExtmapIsRefused(string value) => Assert.False(SdpExtmap.TryParse(value, out _));

    [Theory]
    [InlineData("111 opus/48000/2")]
    [InlineData("0 PCMU/8000")]
    [InlineData("97 rtx/90000")]
    public void RtpMapIsReadAndWrittenBack(string value)
    {
        Assert.True(SdpRtpMap.TryParse(value, out var map));
        Assert.Equal(value, map.ToString());
    }

    [Theory]
    [InlineData("128 opus/48000")]
    [InlineData("96 VP8")]
    [InlineData("96 VP8/abc")]
    [InlineData("96")]
    public void MalformedRtpMapIsRefused(string value) => Assert.False(SdpRtpMap.TryParse(value, out _));

    [Fact]
    public void FmtpParametersAreRead()
    {
        Assert.True(SdpFmtp.TryParse("102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", out var fmtp));
        Assert.Equal(102, fmtp.PayloadType);
        Assert.Equal("42e01f", fmtp.Get("profile-level-id"));
        Assert.Equal("1", fmtp.Get("PACKETIZATION-MODE"));
        Assert.Null(fmtp.Get("absent"));
        Assert.True(SdpFmtp.TryParse("101 0-15", out var dtmf));
        Assert.Equal(string.Empty, dtmf.Get("0-15"));
    }

    [Fact]
    public void RtcpFeedbackWildcardAppliesToEveryPayloadType()
    {
        Assert.True(SdpRtcpFeedback.TryParse("* nack", out var feedback));
        Assert.Null(feedback.PayloadType);
        Assert.True(feedback.AppliesTo(96));
        Assert.Equal("* nack", feedback.ToString());
        Assert.True(SdpRtcpFeedback.TryParse("96 ccm fir", out var fir));
        Assert.False(fir.AppliesTo(97));
        Assert.Equal("ccm fir", fir.Kind);
    }

    [Fact]
    public void SsrcAndSsrcGroupsAreReadAndWrittenBack()
    {
        Assert.True(SdpSsrc.TryParse("4085458354 msid:stream track", out var ssrc));
        Assert.Equal(4085458354u, ssrc.Ssrc);
        Assert.Equal("msid", ssrc.Attribute);
        Assert.Equal("stream track", ssrc.Value);
        Assert.Equal("4085458354 msid:stream track", ssrc.ToString());
        Assert.True(SdpSsrcGroup.TryParse("SIM 1 2 3", out var group));
        Assert.Equal("SIM", group.Semantics);
        Assert.Equal([1u, 2u, 3u], group.Ssrcs);
        Assert.Equal("SIM 1 2 3", group.ToString());
        Assert.False(SdpSsrcGroup.TryParse("FID 1 4294967296", out _));
    }

    [Fact]
    public void GroupMsidFingerprintRtcpAndSctpMapAreRead()
    {
        Assert.True(SdpGroup.TryParse("BUNDLE a b", out var group));
        Assert.Equal("BUNDLE a b", group.ToString());
        Assert.True(SdpMsid.TryParse("stream", out var msid));
        Assert.Null(msid.TrackId);
        Assert.True(SdpMsidSemantic.TryParse(" WMS janus", out var semantic));
        Assert.Equal(" WMS janus", semantic.ToString());
        Assert.True(SdpFingerprint.TryParse("SHA-256 AB:CD", out var fingerprint));
        Assert.Equal("sha-256", fingerprint.Algorithm);
        Assert.True(SdpRtcpAttribute.TryParse("9", out var rtcp));
        Assert.Null(rtcp.Connection);
        Assert.False(SdpRtcpAttribute.TryParse("9 IN IP4", out _));
        Assert.True(SdpSctpMap.TryParse("5000 webrtc-datachannel", out var map));
        Assert.Null(map.Streams);
        Assert.Equal(SdpSetup.Passive, SdpSetups.Parse("passive"));
        Assert.Equal("holdconn", SdpSetup.HoldConn.ToAttributeValue());
    }

    [Fact]
    public void CandidateIsReadWithOrWithoutThePrefix()
    {
        Assert.True(SdpCandidate.TryParse("candidate:1 1 udp 2015363327 10.0.2.15 36058 typ host", out var candidate));
        Assert.Equal("1 1 udp 2015363327 10.0.2.15 36058 typ host", candidate.ToString());
        Assert.Equal("host", candidate.Type);
        Assert.False(SdpCandidate.TryParse("1 1 udp 2015363327 10.0.2.15 36058 host", out _));
        Assert.False(SdpCandidate.TryParse("1 1 udp -5 10.0.2.15 36058 typ host", out _));
    }

    [Theory]
    [InlineData(SdpDirection.SendRecv, null, SdpDirection.SendRecv)]
    [InlineData(SdpDirection.SendOnly, null, SdpDirection.RecvOnly)]
    [InlineData(SdpDirection.RecvOnly, null, SdpDirection.SendOnly)]
    [InlineData(SdpDirection.Inactive, null, SdpDirection.Inactive)]
    [InlineData(SdpDirection.None, null, SdpDirection.SendRecv)]
    [InlineData(SdpDirection.SendRecv, SdpDirection.RecvOnly, SdpDirection.RecvOnly)]
    [InlineData(SdpDirection.SendRecv, SdpDirection.SendOnly, SdpDirection.SendOnly)]
    [InlineData(SdpDirection.SendOnly, SdpDirection.SendRecv, SdpDirection.RecvOnly)]
    [InlineData(SdpDirection.SendOnly, SdpDirection.SendOnly, SdpDirection.Inactive)]
    [InlineData(SdpDirection.RecvOnly, SdpDirection.Inactive, SdpDirection.Inactive)]
    public void AnswerDirectionMirrorsTheOfferWithinWhatIsWanted(SdpDirection offered, SdpDirection? wanted, SdpDirection expected) =>
        Assert.Equal(expected, SdpDirections.AnswerTo(offered, wanted));

    [Fact]
    public void AttributesWithListsCompareByContent()
    {
        Assert.Equal(new SdpSsrcGroup("FID", [1u, 2u]), new SdpSsrcGroup("FID", new List<uint> { 1, 2 }));
        Assert.NotEqual(new SdpSsrcGroup("FID", [1u, 2u]), new SdpSsrcGroup("FID", [2u, 1u]));
        Assert.Equal(new SdpGroup("BUNDLE", ["0", "1"]), SessionDescription.Parse(SdpFixtures.FirefoxSimulcastOffer).BundleGroup);
        Assert.True(SdpSimulcast.TryParse("send rid=h;m;l", out var old));
        Assert.Equal(SdpSimulcast.ForSend(["h", "m", "l"]), old);
        Assert.Equal(new SdpRid("h", SdpRidDirection.Recv), SdpRid.TryParse("h recv", out var rid) ? rid : null);
        Assert.Equal(new SdpMsidSemantic("WMS", ["janus"]).GetHashCode(), new SdpMsidSemantic("WMS", ["janus"]).GetHashCode());
    }
}
