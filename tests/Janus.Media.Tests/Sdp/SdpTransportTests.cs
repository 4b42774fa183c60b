using Janus.Media.Sdp;

namespace Janus.Media.Tests.Sdp;

public sealed class SdpTransportTests
{
    /// <summary>The transport Janus used in the captured echotest answer (<see cref="SdpFixtures.JanusEchoAnswer"/>).</summary>
    private static readonly SdpLocalTransport s_echoTransport = new()
    {
        IceUfrag = "XX/Y",
        IcePwd = "0KDtjKboxthTph4TmYfpHh",
        Fingerprint = "5E:1D:14:4C:B8:ED:EA:3B:C8:E1:D7:C2:7E:5F:68:43:4A:2E:2B:56:0E:1D:AE:5D:34:C0:A2:D2:A2:C0:41:E4",
        Setup = SdpSetup.Active,
        Address = "10.0.2.15",
        SessionId = 1298443446168106922,
        SessionVersion = 2,
        Candidates = ["1 1 udp 2015363327 10.0.2.15 36058 typ host", "candidate:2 1 udp 2015363583 192.168.56.110 54571 typ host"],
        EndOfCandidates = true,
        Streams = new Dictionary<string, SdpOutgoingStream>
        {
            ["0"] = new(141121634),
            ["1"] = new(2027724451, 3485931207),
        },
    };

    private static SessionDescription EchoAnswer() =>
        SdpTransport.MergeLocal(SdpAnswers.Create(SessionDescription.Parse(SdpFixtures.ChromeOffer)), s_echoTransport);

    [Fact]
    public void MergedAnswerCarriesWhatJanusWroteInTheCapturedSession()
    {
        var ours = EchoAnswer();
        var janus = SessionDescription.Parse(SdpFixtures.JanusEchoAnswer);

        Assert.Equal(janus.Origin, ours.Origin);
        Assert.Equal(janus.BundleGroup!.ToString(), ours.BundleGroup!.ToString());
        Assert.Equal(janus.Attributes.GetValue("msid-semantic"), ours.Attributes.GetValue("msid-semantic"));
        Assert.Equal(janus.Media.Count, ours.Media.Count);
        for (int i = 0; i < janus.Media.Count; i++)
        {
            var expected = janus.Media[i];
            var actual = ours.Media[i];
            Assert.Equal(expected.Formats, actual.Formats);
            Assert.Equal(expected.Connection, actual.Connection);
            Assert.Equal(expected.Mid, actual.Mid);
            Assert.Equal(expected.IceUfrag, actual.IceUfrag);
            Assert.Equal(expected.IcePwd, actual.IcePwd);
            Assert.Equal(expected.IceOptions, actual.IceOptions);
            Assert.Equal(expected.Fingerprint, actual.Fingerprint);
            Assert.Equal(expected.Setup, actual.Setup);
            Assert.Equal(expected.RtcpMux, actual.RtcpMux);
            Assert.Equal(expected.Msid, actual.Msid);
            Assert.Equal(expected.GetRtxSsrcs(), actual.GetRtxSsrcs());
            Assert.Equal(expected.GetPrimarySsrc(), actual.GetPrimarySsrc());
            Assert.Equal(expected.Candidates.ConvertAll(c => c.Raw), actual.Candidates.ConvertAll(c => c.Raw));
            Assert.Equal(expected.EndOfCandidates, actual.EndOfCandidates);
            Assert.Equal(expected.GetRtpMap(expected.PayloadTypes.FirstOrDefault()), actual.GetRtpMap(actual.PayloadTypes.FirstOrDefault()));
        }
    }

    [Fact]
    public void OutgoingStreamsGetMsidAndCnameJanus()
    {
        var video = EchoAnswer().Media[1];
        Assert.Equal(new SdpMsid("janus", "janusv0"), video.Msid);
        var ssrcs = video.Ssrcs;
        Assert.Equal(4, ssrcs.Count);
        Assert.Equal(new SdpSsrc(2027724451, "cname", "janus"), ssrcs[0]);
        Assert.Equal(new SdpSsrc(2027724451, "msid", "janus janusv0"), ssrcs[1]);
        Assert.Equal(new SdpSsrc(3485931207, "cname", "janus"), ssrcs[2]);
        Assert.Empty(EchoAnswer().Media[2].Ssrcs);
    }

    [Fact]
    public void TransportAttributesFollowTheMidAndDirection()
    {
        var audio = EchoAnswer().Media[0];
        var names = new List<string>();
        foreach (var attribute in audio.Attributes)
            names.Add(attribute.Name);
        Assert.Equal(["sendrecv", "mid", "rtcp-mux", "ice-ufrag", "ice-pwd", "ice-options", "fingerprint", "setup", "rtpmap"], names.GetRange(0, 9));
        Assert.Equal(["candidate", "candidate", "end-of-candidates"], names.GetRange(names.Count - 3, 3));
    }

    [Fact]
    public void MergedSdpRoundTrips()
    {
        var text = EchoAnswer().ToString();
        Assert.Equal(text, SessionDescription.Parse(text).ToString());
    }

    [Fact]
    public void RemoteOnlyAttributesAreStrippedWhenThePluginEchoesTheOffer()
    {
        var merged = SdpTransport.MergeLocal(SessionDescription.Parse(SdpFixtures.ChromeOffer), s_echoTransport with { Streams = null, Candidates = [], EndOfCandidates = false });
        var text = merged.ToString();
        Assert.DoesNotContain("OBYC", text);
        Assert.DoesNotContain("2E:A3:59", text);
        Assert.DoesNotContain("a=rtcp:9", text);
        Assert.DoesNotContain("a=ssrc", text);
        Assert.DoesNotContain("a=msid:", text);
        Assert.DoesNotContain("actpass", text);
        Assert.DoesNotContain("msid-semantic", text);
        Assert.DoesNotContain("a=candidate", text);
        Assert.Single(merged.Media[0].Attributes.GetValues("ice-ufrag"));
        Assert.Single(merged.Attributes.GetValues("group"));
        // Everything else the plugin wrote stays, in order.
        Assert.Equal(SessionDescription.Parse(SdpFixtures.ChromeOffer).Media[1].RtpMaps, merged.Media[1].RtpMaps);
    }

    [Fact]
    public void BundleListsEveryNonRejectedMidAndRejectedLinesGetNoTransport()
    {
        var answer = SdpAnswers.Create(SessionDescription.Parse(SdpFixtures.ChromeOffer), new() { Video = new() { Accept = false } });
        var merged = SdpTransport.MergeLocal(answer, s_echoTransport);
        Assert.Equal(["0", "2"], merged.BundleGroup!.Mids);
        var video = merged.Media[1];
        Assert.Equal(0, video.Port);
        Assert.Null(video.IceUfrag);
        Assert.Empty(video.Candidates);
        Assert.Empty(video.Ssrcs);
        Assert.Equal("1", video.Mid);
    }

    [Fact]
    public void NotSendingMeansNoSsrcLines()
    {
        var answer = SdpAnswers.Create(SessionDescription.Parse(SdpFixtures.ChromeOffer), new() { Audio = new() { Direction = SdpDirection.RecvOnly } });
        var merged = SdpTransport.MergeLocal(answer, s_echoTransport);
        Assert.Empty(merged.Media[0].Ssrcs);
        Assert.Null(merged.Media[0].Msid);
        Assert.NotEmpty(merged.Media[1].Ssrcs);
    }

    [Fact]
    public void OfferMergeWritesActpassIceLiteAndNoTrickleOptions()
    {
        var offer = SdpOffers.Create(new SdpOfferOptions { Media = [SdpOfferMedium.Audio()] });
        var merged = SdpTransport.MergeLocal(offer, new SdpLocalTransport
        {
            IceUfrag = "u",
            IcePwd = "p",
            Fingerprint = "AA:BB",
            Address = "2001:db8::1",
            IceLite = true,
            Trickle = false,
        });
        Assert.True(merged.IceLite);
        Assert.Equal("IP6", merged.Origin.AddressType);
        Assert.Equal(new SdpConnection("IN", "IP6", "2001:db8::1"), merged.Media[0].Connection);
        Assert.Equal(SdpSetup.ActPass, merged.Media[0].Setup);
        Assert.Empty(merged.Media[0].IceOptions);
        Assert.False(merged.Media[0].EndOfCandidates);
        Assert.Equal(offer.Origin.SessionId, merged.Origin.SessionId);
        // The plugin's SDP is not changed.
        Assert.Null(offer.Media[0].IceUfrag);
    }

    [Fact]
    public void RemoteTransportOfTheChromeOfferIsExtracted()
    {
        Assert.True(SdpTransport.TryExtractRemote(SessionDescription.Parse(SdpFixtures.ChromeOffer), out var remote, out var error));
        Assert.Null(error);
        Assert.Equal("OBYC", remote!.IceUfrag);
        Assert.Equal("glOqF413EKEaXEl5OKxkZoev", remote.IcePwd);
        Assert.Equal("sha-256", remote.Fingerprint.Algorithm);
        Assert.Equal(SdpSetup.ActPass, remote.Setup);
        Assert.True(remote.Trickle);
        Assert.False(remote.IceLite);
        Assert.Empty(remote.Candidates);
        Assert.Equal(["0", "1", "2"], remote.BundleMids);

        var video = remote.Media[1];
        Assert.Equal(SdpMediaKind.Video, video.Kind);
        Assert.Equal("1", video.Mid);
        Assert.Equal(SdpDirection.SendRecv, video.Direction);
        Assert.False(video.Rejected);
        Assert.Equal([96, 97, 98, 99, 100, 101, 102], video.PayloadTypes);
        Assert.Equal("vp8", video.Codec!.CanonicalName);
        Assert.Equal(97, video.RtxPayloadTypes[96]);
        Assert.Equal(2080201980u, video.Ssrc);
        Assert.Equal(334907082u, video.RtxSsrc);
        Assert.Equal(3, video.ExtensionIds[SdpRtpExtensions.TransportWideCc]);
        Assert.Equal(5000, remote.Media[2].SctpPort);
        Assert.Equal(262144, remote.Media[2].MaxMessageSize);
    }

    [Fact]
    public void SessionLevelCredentialsAndRidsOfFirefoxAreExtracted()
    {
        Assert.True(SdpTransport.TryExtractRemote(SessionDescription.Parse(SdpFixtures.FirefoxSimulcastOffer), out var remote, out _));
        Assert.StartsWith("9F:3A", remote!.Fingerprint.Value);
        Assert.Equal("3e8b7a6f", remote.IceUfrag);
        Assert.True(remote.Trickle);
        Assert.Equal(["h", "m", "l"], remote.Media[1].Simulcast.Rids);
        Assert.Equal(10, remote.Media[1].Simulcast.RidExtensionId);
    }

    [Fact]
    public void CandidatesOfANonTrickleOfferAreExtractedWithTheirMLine()
    {
        Assert.True(SdpTransport.TryExtractRemote(SessionDescription.Parse(SdpFixtures.DataChannelOnlyOffer), out var remote, out _));
        Assert.Equal(3, remote!.Candidates.Count);
        Assert.All(remote.Candidates, c => Assert.Equal(0, c.MLineIndex));
        Assert.All(remote.Candidates, c => Assert.Equal("0", c.Mid));
        Assert.Equal("srflx", remote.Candidates[0].Candidate.Type);
        Assert.True(remote.EndOfCandidates);
        Assert.Null(remote.Media[0].Codec);
    }

    [Fact]
    public void LegacySctpPortComesFromTheFormat()
    {
        Assert.True(SdpTransport.TryExtractRemote(SessionDescription.Parse(SdpFixtures.LegacyDataChannelOffer), out var remote, out _));
        Assert.Equal(5000, remote!.Media[0].SctpPort);
        Assert.Equal(SdpMediaKind.Application, remote.Media[0].Kind);
    }

    [Theory]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "No m-lines")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 0 UDP/TLS/RTP/SAVPF 0\r\n", "Every m-line is rejected")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=ice-pwd:x\r\na=fingerprint:sha-256 AA\r\n", "Missing ICE credentials")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=ice-ufrag:u\r\na=ice-pwd:p\r\n", "Missing DTLS fingerprint")]
    public void RemoteSdpWithoutTransportIsRefused(string sdp, string reason)
    {
        Assert.False(SdpTransport.TryExtractRemote(SessionDescription.Parse(sdp), out var remote, out var error));
        Assert.Null(remote);
        Assert.Equal(reason, error);
    }
}
