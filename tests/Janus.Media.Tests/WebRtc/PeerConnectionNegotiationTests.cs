using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Janus.Core.Configuration;
using Janus.Core.Media;
using Janus.Core.Plugins;
using Janus.Media.Dtls;
using Janus.Media.Ice;
using Janus.Media.Ice.Candidates;
using Janus.Media.Sdp;
using Janus.Media.Tests.Ice.Infrastructure;
using Janus.Media.WebRtc;
using static Janus.Media.Tests.Ice.Infrastructure.IceTestNetworks;

namespace Janus.Media.Tests.WebRtc;

/// <summary>
/// The engine's side of half and full trickle (<c>-f</c>), ICE-lite (<c>-I</c>) and the answer's <c>a=setup</c>, through the real
/// <see cref="WebRtcEngine"/>: a client offers, the plugin answers, the core completes the answer.
/// </summary>
public sealed class PeerConnectionNegotiationTests : IDisposable
{
    private readonly RecordingMediaEvents _events = new();
    private readonly DtlsCertificate _clientCertificate = DtlsCertificate.Generate("trickle-test");
    private readonly IceNetwork _clientNetwork = IceTestNetworks.Create();
    private readonly List<IDisposable> _owned = new();

    [Fact]
    public async Task FullTrickleSendsEveryCandidateAfterTheAnswerThenCompleted()
    {
        WebRtcEngine engine = Engine(o => o.FullTrickle = true);
        var handle = new PluginHandle(1, 2, null);
        using IceAgent client = _clientNetwork.CreateAgent(IceRole.Controlling, new RecordingSink());

        string answer = Negotiate(engine, handle, ClientOffer(client));

        Assert.DoesNotContain("a=candidate:", answer);
        Assert.DoesNotContain("a=end-of-candidates", answer);
        Assert.Empty(_events.Candidates); // nothing before the client has the answer

        engine.LocalJsepSent(handle);
        await WaitUntil(() => _events.Candidates.Contains(null), "the completed trickle");
        JsonObject?[] trickled = _events.Candidates.ToArray();
        Assert.Null(trickled[^1]);
        Assert.Single(trickled, c => c is null);
        Assert.NotEmpty(trickled[..^1]);
        Assert.All(trickled[..^1], c =>
        {
            Assert.StartsWith("candidate:", c!["candidate"]!.GetValue<string>());
            Assert.Equal("0", c["sdpMid"]!.GetValue<string>());
        });

        // The trickled candidates are the ones to reach us on: the client connects with them alone.
        client.SetRemoteCredentials(Attribute(answer, "ice-ufrag"), Attribute(answer, "ice-pwd"));
        foreach (JsonObject? candidate in trickled[..^1])
        {
            Assert.True(client.AddRemoteCandidate(candidate!["candidate"]!.GetValue<string>()));
        }
        client.RemoteCandidatesComplete();
        client.Start();
        await WaitUntil(() => client.SelectedPair is not null, "the client reaches the server on a trickled candidate");

        engine.LocalJsepSent(handle); // a second event with the same SDP sends nothing again
        Assert.Equal(trickled.Length, _events.Candidates.Count);
    }

    [Fact]
    public async Task FullTrickleSendsTheCandidatesAgainAfterAnIceRestart()
    {
        WebRtcEngine engine = Engine(o => o.FullTrickle = true);
        var handle = new PluginHandle(1, 6, null);
        using IceAgent client = _clientNetwork.CreateAgent(IceRole.Controlling, new RecordingSink());
        string first = Negotiate(engine, handle, ClientOffer(client));
        engine.LocalJsepSent(handle);
        await WaitUntil(() => _events.Candidates.Contains(null), "the first completed trickle");
        int firstRound = _events.Candidates.Count;

        using IceAgent restarted = _clientNetwork.CreateAgent(IceRole.Controlling, new RecordingSink()); // new ufrag
        string second = Negotiate(engine, handle, ClientOffer(restarted));
        Assert.NotEqual(Attribute(first, "ice-ufrag"), Attribute(second, "ice-ufrag"));
        Assert.Equal(firstRound, _events.Candidates.Count);

        engine.LocalJsepSent(handle);
        await WaitUntil(() => _events.Candidates.Count(c => c is null) == 2, "the second completed trickle");
        Assert.Equal(2 * firstRound, _events.Candidates.Count);
    }

    [Fact]
    public async Task FullTrickleSendsTheStunCandidateBeforeCompleted()
    {
        using var stun = new TinyStunServer(IPAddress.Parse("203.0.113.7"));
        WebRtcEngine engine = Engine(o =>
        {
            o.FullTrickle = true;
            o.StunServer = "127.0.0.1";
            o.StunPort = stun.Port;
        });
        var handle = new PluginHandle(1, 3, null);
        using IceAgent client = _clientNetwork.CreateAgent(IceRole.Controlling, new RecordingSink());
        Negotiate(engine, handle, ClientOffer(client));

        engine.LocalJsepSent(handle);
        await WaitUntil(() => _events.Candidates.Contains(null), "the completed trickle");
        JsonObject?[] trickled = _events.Candidates.ToArray();
        Assert.Null(trickled[^1]);
        Assert.Contains(trickled[..^1], c => c!["candidate"]!.GetValue<string>().Contains("203.0.113.7") &&
            c["candidate"]!.GetValue<string>().Contains("typ srflx"));
    }

    [Fact]
    public void HalfTrickleAnswerCarriesTheCandidatesAndNothingIsTrickled()
    {
        WebRtcEngine engine = Engine();
        var handle = new PluginHandle(1, 4, null);
        using IceAgent client = _clientNetwork.CreateAgent(IceRole.Controlling, new RecordingSink());

        string answer = Negotiate(engine, handle, ClientOffer(client));
        engine.LocalJsepSent(handle);

        Assert.Contains("a=candidate:", answer);
        Assert.Contains("a=end-of-candidates", answer);
        Assert.Empty(_events.Candidates);
    }

    [Fact]
    public async Task IceLiteAnswerSaysSoAndAFullAgentConnectsToIt()
    {
        WebRtcEngine engine = Engine(o => o.IceLite = true);
        var handle = new PluginHandle(1, 7, null);
        using IceAgent client = _clientNetwork.CreateAgent(IceRole.Controlling, new RecordingSink());

        string answer = Negotiate(engine, handle, ClientOffer(client));

        Assert.Contains("a=ice-lite\r\n", answer);
        client.SetRemoteCredentials(Attribute(answer, "ice-ufrag"), Attribute(answer, "ice-pwd"));
        foreach (string line in answer.Split("\r\n"))
        {
            if (line.StartsWith("a=candidate:", StringComparison.Ordinal))
            {
                Assert.True(client.AddRemoteCandidate(line[2..]));
            }
        }
        client.RemoteCandidatesComplete();
        client.Start();
        await WaitUntil(() => client.SelectedPair is not null, "the full agent selects a pair with the lite server");
    }

    [Fact]
    public async Task APeerThatStopsAnsweringConsentChecksIsHungUpWithIceFailed()
    {
        // RFC 7675: consent expires after its timeout (30 s by default; 1 s here), and Janus then hangs up.
        WebRtcEngine engine = Engine(timings: FastTimings(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)));
        var handle = new PluginHandle(1, 8, null);
        IceAgent client = _clientNetwork.CreateAgent(IceRole.Controlling, new RecordingSink());
        string answer = Negotiate(engine, handle, ClientOffer(client));
        client.SetRemoteCredentials(Attribute(answer, "ice-ufrag"), Attribute(answer, "ice-pwd"));
        foreach (string line in answer.Split("\r\n"))
        {
            if (line.StartsWith("a=candidate:", StringComparison.Ordinal))
            {
                Assert.True(client.AddRemoteCandidate(line[2..]));
            }
        }
        client.RemoteCandidatesComplete();
        client.Start();
        await WaitUntil(() => client.SelectedPair is not null, "connected");
        await Task.Delay(300);
        Assert.Empty(_events.Hangups); // consent holds while the client answers

        client.Dispose(); // the peer vanishes: no more answers to consent checks
        await WaitUntil(() => !_events.Hangups.IsEmpty, "the hangup after consent expired", timeoutMs: 10000);
        Assert.Equal(["ICE failed"], _events.Hangups.ToArray());
        Assert.Equal(1, _events.IceFailures);
        Assert.Null(engine.Query(handle)); // the PeerConnection is gone, not stuck
    }

    [Theory]
    [InlineData("actpass", "active")]
    [InlineData("active", "passive")]
    [InlineData("passive", "active")]
    [InlineData(null, "passive")] // RFC 4145 §4: no a=setup means the offerer is active
    public void TheAnswerTakesTheDtlsRoleTheOfferLeaves(string? offered, string answered)
    {
        WebRtcEngine engine = Engine();
        var handle = new PluginHandle(1, 5, null);
        using IceAgent client = _clientNetwork.CreateAgent(IceRole.Controlling, new RecordingSink());
        string offer = ClientOffer(client).Replace("a=setup:actpass\r\n", offered is null ? "" : $"a=setup:{offered}\r\n");
        Assert.Equal(offered is null, !offer.Contains("a=setup:"));

        string answer = Negotiate(engine, handle, offer);

        Assert.Contains($"a=setup:{answered}\r\n", answer);
    }

    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
        _clientNetwork.Dispose();
    }

    private WebRtcEngine Engine(Action<MediaOptions>? configure = null, IceTimings? timings = null)
    {
        var options = new MediaOptions { Interface = "127.0.0.1", AllowLoopback = true };
        configure?.Invoke(options);
        var engine = timings is null
            ? new WebRtcEngine(options, _events)
            : new WebRtcEngine(options, _events, new IceNetwork(options, timings, LoopbackOnly));
        _owned.Add(engine);
        return engine;
    }

    /// <summary>One video m-line with the client agent's credentials and candidates, as a browser would offer.</summary>
    private string ClientOffer(IceAgent client)
    {
        var candidates = new List<string>();
        foreach (IceCandidate c in client.GetLocalCandidates())
        {
            candidates.Add(c.ToSdpAttribute().Substring("candidate:".Length));
        }
        var local = new SdpLocalTransport
        {
            IceUfrag = client.LocalCredentials.Ufrag,
            IcePwd = client.LocalCredentials.Password,
            Fingerprint = _clientCertificate.Fingerprint.Value,
            Setup = SdpSetup.ActPass,
            Candidates = candidates,
            EndOfCandidates = true,
            Streams = new Dictionary<string, SdpOutgoingStream> { ["0"] = new SdpOutgoingStream(1234) },
        };
        return SdpTransport.MergeLocal(
            SdpOffers.Create(new SdpOfferOptions { Media = [SdpOfferMedium.Video("vp8", rtx: false)], Extensions = [] }), local).ToString();
    }

    /// <summary>The client's offer in, the plugin's plain answer out through the core; returns the answer the client gets.</summary>
    private static string Negotiate(WebRtcEngine engine, PluginHandle handle, string offer)
    {
        JsepOutcome remote = engine.ProcessRemoteJsep(handle, new JsonObject { ["type"] = "offer", ["sdp"] = offer });
        Assert.False(remote.IsError, remote.ErrorReason);
        string pluginAnswer = SdpAnswers.Create(SessionDescription.Parse(offer)).ToString();
        JsepOutcome local = engine.PrepareLocalJsep(handle, new JsonObject { ["type"] = "answer", ["sdp"] = pluginAnswer });
        Assert.False(local.IsError, local.ErrorReason);
        return local.Jsep!["sdp"]!.GetValue<string>();
    }

    private static string Attribute(string sdp, string name)
    {
        string prefix = $"a={name}:";
        foreach (string line in sdp.Split("\r\n"))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..];
            }
        }
        throw new InvalidOperationException($"no {prefix} in the SDP");
    }

    private sealed class RecordingMediaEvents : IMediaEvents
    {
        public ConcurrentQueue<JsonObject?> Candidates { get; } = new();

        public void LocalCandidate(PluginHandle handle, JsonObject? candidate) => Candidates.Enqueue(candidate);
        public void WebRtcUp(PluginHandle handle) { }
        public void MediaState(PluginHandle handle, string mid, string type, bool receiving, int? substream = null, int? seconds = null) { }
        public void SlowLink(PluginHandle handle, string mid, string media, bool uplink, int lost, int mindex, bool video) { }
        public ConcurrentQueue<string> Hangups { get; } = new();
        public int IceFailures;

        public void HangupMedia(PluginHandle handle, string reason) => Hangups.Enqueue(reason);
        public void IceFailed(PluginHandle handle) => Interlocked.Increment(ref IceFailures);
        public IPlugin? PluginOf(PluginHandle handle) => null;
    }
}
