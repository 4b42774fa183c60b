using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Janus.Core;
using Janus.Core.Api;
using Janus.Core.Configuration;
using Janus.Core.Logging;
using Janus.Core.Media;
using Janus.Core.Plugins;
using Janus.Media.Dtls;
using Janus.Media.Ice;
using Janus.Media.Ice.Candidates;
using Janus.Media.Net;
using Janus.Media.Relay;
using Janus.Media.Sdp;

namespace Janus.Media.WebRtc;

/// <summary>
/// The media core behind the gateway: one <see cref="PeerConnection"/> per handle that negotiates WebRTC.
/// Checks and completes JSEPs the way Janus's core does, and runs the no-media timer.
/// </summary>
public sealed class WebRtcEngine : IMediaEngine, IDisposable
{
    private readonly ConcurrentDictionary<long, PeerConnection> _peers = new();
    private readonly object _tickListLock = new();
    private PeerConnection[] _tickList = [];
    private int _peersVersion; // bumped after every add or remove
    private int _tickListVersion = -1;
    private readonly RelayGraph _relay;
    private readonly IDisposable _mediaTimer;
    private readonly IDisposable _twccTimer;
    private int _ticking;
    private int _twccTicking;

    public WebRtcEngine(MediaOptions options, IMediaEvents events)
        : this(options, events, new IceNetwork(options))
    {
    }

    /// <summary>Tests: an ICE network of their own (short consent timers, loopback only).</summary>
    internal WebRtcEngine(MediaOptions options, IMediaEvents events, IceNetwork network)
    {
        Options = options;
        Events = events;
        Certificate = options.CertPem is not null && options.CertKey is not null
            ? DtlsCertificate.LoadPem(options.CertPem, options.CertKey, options.CertPwd)
            : DtlsCertificate.Generate();
        Network = network;
        AdvertisedAddress = PickAdvertisedAddress(options, Network.HostAddresses);
        _relay = new RelayGraph(Network.Time);
        _mediaTimer = MediaClock.Every(Network.Time, TimeSpan.FromSeconds(1), CheckMediaTimers);
        int twccPeriod = options.TwccPeriod > 0 ? options.TwccPeriod : 200;
        _twccTimer = MediaClock.Every(Network.Time, TimeSpan.FromMilliseconds(twccPeriod), SendTransportCcFeedback);
        JanusLog.Info($"[media] DTLS fingerprint sha-256 {Certificate.Fingerprint.Value}; ICE on {string.Join(", ", Network.HostAddresses)}");
    }

    internal MediaOptions Options { get; }
    internal IMediaEvents Events { get; }
    internal DtlsCertificate Certificate { get; }
    internal IceNetwork Network { get; }
    internal string AdvertisedAddress { get; }

    public int PeerConnectionCount => _peers.Count;

    /// <summary>Who receives whose media, across every plugin's handles.</summary>
    public RelayGraph Relay => _relay;

    public IHandleMedia Attach(PluginHandle handle, IPlugin plugin) => _relay.AddNode(handle, plugin);

    public JsepOutcome ProcessRemoteJsep(PluginHandle handle, JsonObject jsep)
    {
        if (!TryReadJsep(jsep, out string? type, out string? sdpText, out JsepOutcome error))
        {
            return error;
        }
        bool offer = type == "offer";
        if (!SessionDescription.TryParse(sdpText, out SessionDescription? sdp, out SdpParseException? parseError))
        {
            return JsepOutcome.Failure(JanusErrorCode.JsepInvalidSdp, $"JSEP error: invalid SDP ({parseError?.Message})");
        }
        PeerConnection? existing = Find(handle);
        if (!offer && (existing is null || !existing.LocalOfferPending))
        {
            return JsepOutcome.Failure(JanusErrorCode.UnexpectedAnswer, "Unexpected ANSWER (did we offer?)");
        }
        bool renegotiation = existing is not null && existing.HasRemoteDescription;
        PeerConnection pc = existing ?? GetOrCreate(handle);
        string? problem = pc.ApplyRemote(sdp, offer);
        if (problem is not null)
        {
            return JsepOutcome.Failure(JanusErrorCode.JsepInvalidSdp, $"JSEP error: invalid SDP ({problem})");
        }
        var forPlugin = new JsonObject { ["type"] = type, ["sdp"] = sdpText };
        SdpSimulcastJson.AddTo(forPlugin, sdp);
        if (renegotiation)
        {
            forPlugin["update"] = true;
        }
        if (jsep["e2ee"] is JsonNode e2ee)
        {
            forPlugin["e2ee"] = e2ee.DeepClone();
        }
        // janus.js says which m-lines send SVC (and in which scalability mode): plugins decide by it, as in Janus,
        // and the relay then hands each recipient the layers it asked for.
        if (jsep["svc"] is JsonNode svc)
        {
            forPlugin["svc"] = svc.DeepClone();
            if (svc is JsonArray { Count: > 0 })
            {
                pc.Node.PeerSendsSvc = true;
            }
        }
        return JsepOutcome.Success(forPlugin);
    }

    public JsepOutcome PrepareLocalJsep(PluginHandle handle, JsonObject jsep)
    {
        if (!TryReadJsep(jsep, out string? type, out string? sdpText, out JsepOutcome error))
        {
            return error;
        }
        bool offer = type == "offer";
        if (!SessionDescription.TryParse(sdpText, out SessionDescription? sdp, out SdpParseException? parseError))
        {
            return JsepOutcome.Failure(JanusErrorCode.JsepInvalidSdp, $"JSEP error: invalid SDP ({parseError?.Message})");
        }
        PeerConnection? existing = Find(handle);
        if (!offer && (existing is null || !existing.RemoteOfferPending))
        {
            return JsepOutcome.Failure(JanusErrorCode.UnexpectedAnswer, "Unexpected ANSWER (no OFFER)");
        }
        PeerConnection pc = existing ?? GetOrCreate(handle);
        string merged = pc.ApplyLocal(sdp, offer);
        var result = new JsonObject { ["type"] = type, ["sdp"] = merged };
        if (jsep["e2ee"] is JsonNode e2ee)
        {
            result["e2ee"] = e2ee.DeepClone();
        }
        return JsepOutcome.Success(result);
    }

    public void LocalJsepSent(PluginHandle handle) => Find(handle)?.LocalDescriptionSent();

    public int Trickle(PluginHandle handle, JsonObject candidate)
    {
        if (candidate["completed"] is JsonValue completed && completed.TryGetValue(out bool done) && done)
        {
            Find(handle)?.RemoteCandidatesComplete();
            return 0;
        }
        if (candidate["candidate"] is not JsonValue value || !value.TryGetValue(out string? text))
        {
            return JanusErrorCode.MissingMandatoryElement;
        }
        if (text.Length == 0)
        {
            // An empty candidate is the W3C way of saying end-of-candidates.
            Find(handle)?.RemoteCandidatesComplete();
            return 0;
        }
        GetOrCreate(handle).AddRemoteCandidate(text);
        return 0;
    }

    public void Hangup(PluginHandle handle, string reason) => Find(handle)?.Close(reason);

    public void Release(PluginHandle handle)
    {
        if (_peers.TryRemove(handle.HandleId, out PeerConnection? pc))
        {
            Interlocked.Increment(ref _peersVersion);
            pc.Dispose();
        }
        if (handle.Media is RelayNode node)
        {
            _relay.RemoveNode(node);
        }
    }

    public JsonObject? Query(PluginHandle handle) => Find(handle) is { } pc ? PeerConnectionInfo.Describe(pc, Options.IceLite) : null;

    public Task<IPAddress?> ResolveAddressAsync(string address) => NetworkDiagnostics.ResolveAsync(address);

    public Task<IPEndPoint?> TestStunAsync(IPEndPoint server, int localPort) => NetworkDiagnostics.TestStunAsync(server, localPort, Network.Timings);

    public void Dispose()
    {
        _mediaTimer.Dispose();
        _twccTimer.Dispose();
        _relay.Dispose();
        foreach (PeerConnection pc in _peers.Values)
        {
            pc.Dispose();
        }
        _peers.Clear();
        Network.Dispose();
    }

    internal void Forget(PeerConnection pc)
    {
        if (_peers.TryGetValue(pc.Handle.HandleId, out PeerConnection? current) && ReferenceEquals(current, pc))
        {
            _peers.TryRemove(pc.Handle.HandleId, out _);
            Interlocked.Increment(ref _peersVersion);
        }
    }

    internal static JsonObject CandidateJson(IceCandidate candidate, MediaLine[] lines) => new()
    {
        ["candidate"] = candidate.ToSdpAttribute(),
        ["sdpMid"] = lines.Length > 0 ? lines[0].Mid : "0",
        ["sdpMLineIndex"] = 0,
    };

    /// <summary>
    /// The PeerConnections as an array rebuilt only after an add or remove, for the periodic ticks (six a second):
    /// <c>ConcurrentDictionary.Values</c> copies every entry into a new array on each call. A tick may still see a
    /// PeerConnection removed a moment ago; a closed one ignores its ticks.
    /// </summary>
    private PeerConnection[] PeersForTicks()
    {
        lock (_tickListLock)
        {
            int version = Volatile.Read(ref _peersVersion);
            if (version != _tickListVersion)
            {
                _tickList = [.. _peers.Values];
                _tickListVersion = version;
            }
            return _tickList;
        }
    }

    private PeerConnection? Find(PluginHandle handle) =>
        _peers.TryGetValue(handle.HandleId, out PeerConnection? pc) && !pc.IsClosed ? pc : null;

    private PeerConnection GetOrCreate(PluginHandle handle)
    {
        PeerConnection? pc = Find(handle);
        if (pc is not null)
        {
            return pc;
        }
        // A handle attached without the gateway (tests of the engine alone) gets its node here.
        handle.Media ??= _relay.AddNode(handle);
        var node = (RelayNode)handle.Media;
        pc = new PeerConnection(this, handle, node);
        _peers[handle.HandleId] = pc;
        Interlocked.Increment(ref _peersVersion);
        node.Peer = pc;
        return pc;
    }

    private static bool TryReadJsep(JsonObject jsep, out string? type, out string? sdp, out JsepOutcome error)
    {
        type = null;
        sdp = null;
        error = default;
        if (jsep["type"] is not JsonValue typeValue || !typeValue.TryGetValue(out type))
        {
            error = JsepOutcome.Failure(JanusErrorCode.MissingMandatoryElement, "JSEP error: missing type");
            return false;
        }
        if (type != "offer" && type != "answer")
        {
            error = JsepOutcome.Failure(JanusErrorCode.JsepUnknownType, $"JSEP error: unknown message type '{type}'");
            return false;
        }
        if (jsep["sdp"] is not JsonValue sdpValue || !sdpValue.TryGetValue(out sdp))
        {
            error = JsepOutcome.Failure(JanusErrorCode.MissingMandatoryElement, "JSEP error: missing SDP");
            return false;
        }
        return true;
    }

    // Once a second for every PeerConnection: RTCP reports and slowlink (PeerConnection.OnReportTick), the no-media timer.
    private void CheckMediaTimers()
    {
        // A slow tick must not overlap the next one (the counters it reads assume one reader).
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }
        try
        {
            Tick();
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private void SendTransportCcFeedback()
    {
        if (Interlocked.Exchange(ref _twccTicking, 1) == 1)
        {
            return;
        }
        try
        {
            foreach (PeerConnection pc in PeersForTicks())
            {
                pc.OnTransportCcTick();
            }
        }
        catch (Exception e)
        {
            JanusLog.Warn($"[media] transport-cc feedback failed: {e.Message}");
        }
        finally
        {
            Volatile.Write(ref _twccTicking, 0);
        }
    }

    private void Tick()
    {
        long now = Network.Time.Milliseconds();
        int slowlink = Options.SlowlinkThreshold;
        PeerConnection[] peers = PeersForTicks();
        foreach (PeerConnection pc in peers)
        {
            try
            {
                pc.OnReportTick(now, slowlink);
            }
            catch (Exception e)
            {
                JanusLog.Warn($"{pc.Handle} RTCP report tick failed: {e.Message}");
            }
        }
        int seconds = Options.NoMediaTimer;
        if (seconds <= 0)
        {
            return;
        }
        foreach (PeerConnection pc in peers)
        {
            if (pc.IsClosed)
            {
                continue;
            }
            foreach (MediaLine line in pc.Lines)
            {
                if (line.Receiving && now - line.LastReceivedTicks > seconds * 1000L)
                {
                    line.Receiving = false;
                    Events.MediaState(pc.Handle, line.Mid, line.IsVideo ? "video" : "audio", false, seconds: seconds);
                }
            }
        }
    }

    // The address Janus writes in c= and o=: the NAT 1:1 public address, the configured interface, or the first host address.
    private static string PickAdvertisedAddress(MediaOptions options, IReadOnlyList<IPAddress> hosts)
    {
        if (options.Nat11.Count > 0)
        {
            return options.Nat11[0];
        }
        if (!string.IsNullOrEmpty(options.Interface) && IPAddress.TryParse(options.Interface, out _))
        {
            return options.Interface;
        }
        foreach (IPAddress address in hosts)
        {
            if (!IPAddress.IsLoopback(address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            {
                return address.ToString();
            }
        }
        return hosts.Count > 0 ? hosts[0].ToString() : "127.0.0.1";
    }
}
