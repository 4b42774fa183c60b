using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Janus.Core.Logging;
using Janus.Core.Plugins;
using Janus.Media.Recording;
using Janus.Media.Relay;
using Janus.Media.Sdp;

namespace Janus.Plugins.EchoTest;

/// <summary>
/// Janus's EchoTest (<c>janus.plugin.echotest</c>): whatever a peer sends comes back to it. Requests and events
/// are Janus's; the media core does the packet work, so this plugin only flips flags and answers offers.
/// </summary>
public sealed class EchoTestPlugin : IPlugin
{
    public const string Package = "janus.plugin.echotest";
    private const int ErrorNoMessage = 411;
    private const int ErrorInvalidJson = 412;
    private const int ErrorInvalidElement = 413;
    private const int ErrorInvalidSdp = 414;
    private const int ErrorUnknown = 499;
    private const string DataPrefix = "Janus EchoTest here! You wrote: ";

    private readonly Channel<(PluginHandle Handle, string Transaction, JsonObject? Body, JsonObject? Jsep)> _queue =
        Channel.CreateUnbounded<(PluginHandle, string, JsonObject?, JsonObject?)>(new UnboundedChannelOptions { SingleReader = true });

    [ThreadStatic]
    private static byte[]? t_scratch;

    private IPluginGateway? _gateway;
    private Task? _worker;

    public PluginDescriptor Descriptor { get; } = new(Package, "JANUS EchoTest plugin",
        "This is a trivial EchoTest plugin for Janus, just used to showcase the plugin interface.",
        "Janus C#", 8, "0.0.8");

    public PluginMediaInterest MediaInterest => PluginMediaInterest.All;

    public ValueTask InitAsync(IPluginGateway gateway, PluginContext context, CancellationToken cancellationToken = default)
    {
        _gateway = gateway;
        _worker = Task.Run(ProcessMessagesAsync, CancellationToken.None);
        JanusLog.Info($"{Descriptor.Name} initialized!");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DestroyAsync()
    {
        _queue.Writer.TryComplete();
        if (_worker is not null)
        {
            await _worker.ConfigureAwait(false);
        }
    }

    public ValueTask CreateSessionAsync(PluginHandle handle)
    {
        handle.PluginState = new EchoSession();
        return ValueTask.CompletedTask;
    }

    public ValueTask DestroySessionAsync(PluginHandle handle)
    {
        if (handle.PluginState is EchoSession session)
        {
            Interlocked.Exchange(ref session.Destroyed, 1);
            session.Recorders.StopAll();
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<JsonObject?> QuerySessionAsync(PluginHandle handle)
    {
        if (handle.PluginState is not EchoSession s)
        {
            return ValueTask.FromResult<JsonObject?>(null);
        }
        var info = new JsonObject
        {
            ["audio_active"] = s.AudioActive,
            ["video_active"] = s.VideoActive,
            ["bitrate"] = s.Bitrate,
            ["hangingup"] = s.HangingUp,
            ["destroyed"] = s.Destroyed,
        };
        if (s.Recorders.Active)
        {
            info["recording"] = s.Recorders.Describe();
        }
        if (s.Svc)
        {
            info["svc"] = true;
            info["spatial-layer"] = s.SvcLayers.SpatialLayer;
            info["spatial-layer-target"] = s.SvcLayers.TargetSpatialLayer;
            info["temporal-layer"] = s.SvcLayers.TemporalLayer;
            info["temporal-layer-target"] = s.SvcLayers.TargetTemporalLayer;
        }
        if (s.Simulcasting)
        {
            info["simulcast"] = true;
            info["substream"] = s.Simulcast.Substream;
            info["substream-target"] = s.Simulcast.TargetSubstream;
            info["temporal-layer"] = s.Simulcast.TemporalLayer;
            info["temporal-layer-target"] = s.Simulcast.TargetTemporalLayer;
            if (s.Simulcast.FallbackMicroseconds > 0)
            {
                info["fallback"] = s.Simulcast.FallbackMicroseconds;
            }
        }
        return ValueTask.FromResult<JsonObject?>(info);
    }

    public ValueTask<PluginResult> HandleMessageAsync(PluginHandle handle, string transaction, JsonObject? body, JsonObject? jsep)
    {
        if (handle.PluginState is not EchoSession)
        {
            return ValueTask.FromResult(PluginResult.Error("No session associated with this handle"));
        }
        _queue.Writer.TryWrite((handle, transaction, body, jsep));
        return ValueTask.FromResult(PluginResult.OkWait("I'm taking my time!"));
    }

    public ValueTask<JsonObject?> HandleAdminMessageAsync(JsonObject message) => ValueTask.FromResult<JsonObject?>(null);

    public void SetupMedia(PluginHandle handle)
    {
        if (handle.PluginState is EchoSession session)
        {
            Interlocked.Exchange(ref session.HangingUp, 0);
        }
        JanusLog.Info($"[{Package}-{handle.HandleId}] WebRTC media is now available");
    }

    public void HangupMedia(PluginHandle handle)
    {
        JanusLog.Info($"[{Package}-{handle.HandleId}] No WebRTC media anymore");
        if (handle.PluginState is not EchoSession session || session.Destroyed != 0 ||
            Interlocked.CompareExchange(ref session.HangingUp, 1, 0) != 0)
        {
            return;
        }
        _gateway?.PushEvent(handle, null, new JsonObject { ["echotest"] = "event", ["result"] = "done" }, null);
        session.AudioActive = true;
        session.VideoActive = true;
        session.HasAudio = session.HasVideo = session.HasData = false;
        session.Bitrate = 0;
        session.Recorders.StopAll();
        session.E2ee = false;
        session.Simulcasting = false;
        session.Svc = false;
        session.SvcLayers.Reset();
        session.Simulcast.Reset();
        session.Simulcast.TargetSubstream = 2;
        session.Simulcast.TargetTemporalLayer = 2;
    }

    public void IncomingRtp(PluginHandle handle, RtpPacket packet)
    {
        if (handle.PluginState is not EchoSession session || handle.IsStopped ||
            !(packet.Video ? session.VideoActive : session.AudioActive))
        {
            return;
        }
        if (session.Recorders.Active)
        {
            session.Recorders.Record(packet);
        }
        if (packet.Video && packet.Substream >= 0)
        {
            EchoSimulcast(handle, session, packet);
            return;
        }
        if (packet.Video && session.Svc && packet.Codec is VideoCodec.Vp9 or VideoCodec.Av1)
        {
            EchoSvc(handle, session, packet);
            return;
        }
        _gateway!.RelayRtp(handle, packet);
    }

    // An SVC peer gets back the spatial and temporal layers it asked for; the core's forwarder drops the rest.
    private void EchoSvc(PluginHandle handle, EchoSession session, RtpPacket packet)
    {
        byte[] scratch = t_scratch ??= new byte[2048];
        SvcDecision decision = session.SvcLayers.Forward(packet.Buffer, packet.Codec, packet.Layers, scratch, out int length);
        if ((decision & SvcDecision.KeyframeNeeded) != 0)
        {
            _gateway!.SendPli(handle);
        }
        if ((decision & SvcDecision.Relay) == 0)
        {
            return;
        }
        if ((decision & (SvcDecision.SpatialLayerChanged | SvcDecision.TemporalLayerChanged)) != 0)
        {
            _gateway!.PushEvent(handle, null, new JsonObject
            {
                ["echotest"] = "event",
                ["videocodec"] = session.VideoCodecName,
                ["spatial_layer"] = session.SvcLayers.SpatialLayer,
                ["temporal_layer"] = session.SvcLayers.TemporalLayer,
            }, null);
        }
        _gateway!.RelayRtp(handle, new RtpPacket(packet.MIndex, true, scratch.AsSpan(0, length)));
    }

    // A simulcasting peer gets one substream back: the one it asked for, switched on keyframes by the core.
    private void EchoSimulcast(PluginHandle handle, EchoSession session, RtpPacket packet)
    {
        session.Simulcasting = true;
        byte[] scratch = t_scratch ??= new byte[2048];
        SimulcastDecision decision = session.Simulcast.Forward(packet.Buffer, packet.Substream, packet.Codec, scratch, out int length, packet.Layers.Known ? packet.Layers.Temporal : -1);
        if ((decision & SimulcastDecision.KeyframeNeeded) != 0)
        {
            _gateway!.SendPli(handle);
        }
        if ((decision & SimulcastDecision.Relay) == 0)
        {
            return;
        }
        if ((decision & (SimulcastDecision.SubstreamChanged | SimulcastDecision.TemporalLayerChanged)) != 0)
        {
            _gateway!.PushEvent(handle, null, new JsonObject
            {
                ["echotest"] = "event",
                ["videocodec"] = session.VideoCodecName,
                ["substream"] = session.Simulcast.Substream,
                ["temporal"] = session.Simulcast.TemporalLayer,
            }, null);
        }
        _gateway!.RelayRtp(handle, new RtpPacket(packet.MIndex, true, scratch.AsSpan(0, length)));
    }

    public void IncomingRtcp(PluginHandle handle, RtcpPacket packet)
    {
        if (handle.PluginState is not EchoSession session || handle.IsStopped)
        {
            return;
        }
        uint remb = RembReader.Read(packet.Buffer);
        if (remb > 0)
        {
            // A REMB from the peer: answer with our cap instead, as Janus's EchoTest does (no cap ~ 10 Mbps).
            _gateway!.SendRemb(handle, session.Bitrate > 0 ? session.Bitrate : 10_000_000);
            return;
        }
        _gateway!.RelayRtcp(handle, packet);
    }

    public void IncomingData(PluginHandle handle, DataPacket packet)
    {
        if (handle.PluginState is not EchoSession session || handle.IsStopped || packet.Buffer.IsEmpty)
        {
            return;
        }
        session.Recorders.RecordData(packet.Buffer);
        if (packet.Binary)
        {
            _gateway!.RelayData(handle, packet);
            return;
        }
        // Text comes back with a prefix, as Janus's EchoTest does.
        string reply = DataPrefix + Encoding.UTF8.GetString(packet.Buffer);
        _gateway!.RelayData(handle, new DataPacket(packet.Label, packet.Protocol, false, Encoding.UTF8.GetBytes(reply)));
    }

    public void DataReady(PluginHandle handle)
    {
    }

    public void SlowLink(PluginHandle handle, int mindex, bool video, bool uplink)
    {
        if (handle.PluginState is not EchoSession session || uplink)
        {
            return;
        }
        var evt = new JsonObject { ["echotest"] = "event", ["event"] = "slow_link", ["media"] = video ? "video" : "audio" };
        if (video)
        {
            evt["current-bitrate"] = session.Bitrate;
        }
        _gateway?.PushEvent(handle, null, evt, null);
    }

    private async Task ProcessMessagesAsync()
    {
        await foreach (var (handle, transaction, body, jsep) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (handle.IsStopped || handle.PluginState is not EchoSession session || session.Destroyed != 0)
            {
                continue;
            }
            try
            {
                Process(handle, session, transaction, body, jsep);
            }
            catch (Exception e)
            {
                JanusLog.Error($"[{Package}] error handling a message: {e}");
                PushError(handle, transaction, ErrorInvalidElement, e.Message);
            }
        }
    }

    private void Process(PluginHandle handle, EchoSession session, string transaction, JsonObject? body, JsonObject? jsep)
    {
        if (body is null)
        {
            PushError(handle, transaction, ErrorNoMessage, "No message??");
            return;
        }
        if (EchoRequest.Validate(body) is string invalid)
        {
            PushError(handle, transaction, ErrorInvalidElement, invalid);
            return;
        }
        var request = new EchoRequest(body);
        string? sdp = jsep?["sdp"]?.GetValue<string>();
        if (!request.HasAnyAttribute && sdp is null)
        {
            PushError(handle, transaction, ErrorInvalidElement, "Message error: no supported attributes found");
            return;
        }
        if (request.Audio is bool audio)
        {
            session.AudioActive = audio;
        }
        if (request.Video is bool video)
        {
            if (!session.VideoActive && video)
            {
                _gateway!.SendPli(handle);
            }
            session.VideoActive = video;
        }
        if (request.Bitrate is uint bitrate)
        {
            session.Bitrate = bitrate;
            _gateway!.SendRemb(handle, bitrate > 0 ? bitrate : 10_000_000);
        }
        if (request.Fallback is int fallback)
        {
            session.Simulcast.FallbackMicroseconds = fallback;
        }
        if (request.Substream is int substream)
        {
            session.Simulcast.TargetSubstream = substream;
            ReachLayer(handle, session, "substream", substream, session.Simulcast.Substream);
        }
        if (request.SpatialLayer is int spatialLayer)
        {
            session.SvcLayers.TargetSpatialLayer = spatialLayer;
            ReachLayer(handle, session, "spatial_layer", spatialLayer, session.SvcLayers.SpatialLayer);
        }
        if (request.TemporalLayer is int temporalLayer)
        {
            session.SvcLayers.TargetTemporalLayer = temporalLayer;
            ReachLayer(handle, session, "temporal_layer", temporalLayer, session.SvcLayers.TemporalLayer);
        }
        if (request.Temporal is int temporal)
        {
            session.Simulcast.TargetTemporalLayer = temporal;
            ReachLayer(handle, session, "temporal", temporal, session.Simulcast.TemporalLayer);
        }

        var evt = new JsonObject { ["echotest"] = "event", ["result"] = "ok" };
        if (sdp is null)
        {
            if (ApplyRecording(handle, session, transaction, request))
            {
                _gateway!.PushEvent(handle, transaction, evt, null);
            }
            return;
        }
        if (!SessionDescription.TryParse(sdp, out SessionDescription? offer, out SdpParseException? error))
        {
            PushError(handle, transaction, ErrorInvalidSdp, $"Error parsing offer: {error?.Message}");
            return;
        }
        // janus.js lists the m-lines it sends as SVC; the layers are then ours to pick, starting from the top.
        if (jsep?["svc"] is JsonArray { Count: > 0 } && !session.Svc)
        {
            session.SvcLayers.Reset();
            session.SvcLayers.TargetSpatialLayer = 2;
            session.SvcLayers.TargetTemporalLayer = 2;
            session.Svc = true;
        }
        SessionDescription answer = SdpAnswers.Create(offer, EchoAnswerOptions.For(request));
        // We only send back what we receive: an m-line we would only send on becomes inactive.
        foreach (MediaDescription m in answer.Media)
        {
            if (m.IsRtp && m.Direction == SdpDirection.SendOnly)
            {
                m.Direction = SdpDirection.Inactive;
            }
        }
        session.HasAudio = HasAccepted(answer, SdpMediaKind.Audio);
        session.HasVideo = HasAccepted(answer, SdpMediaKind.Video);
        session.HasData = answer.Media.Exists(m => m.IsDataChannel && !m.IsRejected);
        RememberCodecs(session, answer);
        session.E2ee = jsep?["e2ee"] is JsonValue e2eeFlag && e2eeFlag.TryGetValue(out bool encrypted) && encrypted;
        if (!ApplyRecording(handle, session, transaction, request))
        {
            return;
        }
        var jsepAnswer = new JsonObject { ["type"] = "answer", ["sdp"] = answer.ToString() };
        if (jsep?["e2ee"] is JsonValue e2ee && e2ee.TryGetValue(out bool isE2ee) && isE2ee)
        {
            jsepAnswer["e2ee"] = true;
        }
        int result = _gateway!.PushEvent(handle, transaction, evt, jsepAnswer);
        if (result != 0)
        {
            JanusLog.Warn($"[{Package}-{handle.HandleId}] pushing the answer failed: {result}");
        }
    }

    private static void RememberCodecs(EchoSession session, SessionDescription answer)
    {
        foreach (MediaDescription m in answer.Media)
        {
            if (m.IsRejected || m.GetNegotiatedCodec() is not { } codec)
            {
                continue;
            }
            if (m.Kind == SdpMediaKind.Audio)
            {
                session.AudioCodecName = codec.Name.ToLowerInvariant();
            }
            else if (m.Kind == SdpMediaKind.Video)
            {
                session.VideoCodecName = codec.Name.ToLowerInvariant();
                session.VideoFmtp = codec.Fmtp;
            }
        }
    }

    // "record": true records each negotiated medium to <filename>-audio/-video/-data.mjr (Janus's names, and its
    // default echotest-<handle>-<time> base); false stops. A recording that cannot start is an error, not silence.
    private bool ApplyRecording(PluginHandle handle, EchoSession session, string transaction, EchoRequest request)
    {
        if (request.Record is not bool record)
        {
            return true;
        }
        if (!record)
        {
            session.Recorders.StopAll();
            return true;
        }
        string name = request.Filename ?? $"echotest-{handle.HandleId}-{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000}";
        var created = new List<MjrRecorder>();
        try
        {
            if (session.HasAudio && session.Recorders.Audio is null)
            {
                created.Add(MjrRecorder.Create(null, session.AudioCodecName, null, name + "-audio"));
            }
            if (session.HasVideo && session.Recorders.Video is null)
            {
                created.Add(MjrRecorder.Create(null, session.VideoCodecName, session.VideoFmtp, name + "-video"));
            }
            if (session.HasData && session.Recorders.Data is null)
            {
                created.Add(MjrRecorder.Create(null, "text", null, name + "-data"));
            }
        }
        catch (RecordingException e)
        {
            // Recordings already running stay; the ones this request made are dropped with their (empty) files.
            foreach (MjrRecorder recorder in created)
            {
                recorder.Close();
                File.Delete(recorder.FilePath);
            }
            JanusLog.Error($"[{Package}-{handle.HandleId}] {e.Message}");
            PushError(handle, transaction, ErrorUnknown, e.Message);
            return false;
        }
        foreach (MjrRecorder recorder in created)
        {
            // Data channels are not end-to-end encrypted; audio and video are when the offer said so.
            recorder.Encrypted = session.E2ee && recorder.Kind != RecordingKind.Data;
            if (!session.Recorders.TryAdd(recorder))
            {
                recorder.Close();
            }
            else if (recorder.Kind == RecordingKind.Video)
            {
                // Recording video starts with a keyframe, as Janus's EchoTest asks for one.
                _gateway!.SendPli(handle);
            }
        }
        return true;
    }

    // Janus answers a target already reached with an event at once, and asks for a keyframe otherwise (switches
    // wait for one).
    private void ReachLayer(PluginHandle handle, EchoSession session, string name, int target, int current)
    {
        if (target != current)
        {
            _gateway!.SendPli(handle);
            return;
        }
        _gateway!.PushEvent(handle, null, new JsonObject
        {
            ["echotest"] = "event",
            ["videocodec"] = session.VideoCodecName,
            [name] = target,
        }, null);
    }

    private static bool HasAccepted(SessionDescription sdp, SdpMediaKind kind) =>
        sdp.Media.Exists(m => m.Kind == kind && !m.IsRejected && m.GetNegotiatedCodec() is not null);

    private void PushError(PluginHandle handle, string transaction, int code, string reason) =>
        _gateway?.PushEvent(handle, transaction, new JsonObject { ["echotest"] = "event", ["error_code"] = code, ["error"] = reason }, null);
}
