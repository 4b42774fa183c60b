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
/// are Janus's; the echo is a route in the media core (each handle's media is its own recipient), so this plugin
/// only sets flags, layers and caps on it, answers offers, and prefixes the text data it echoes.
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

    /// <summary>What the peer may send when the user set no bitrate: Janus's EchoTest answers REMBs with ~10 Mbps.</summary>
    private const uint DefaultBitrateCap = 10_000_000;

    /// <summary>Requests waiting for the worker; past this a request is refused rather than queued without end.</summary>
    public const int MaxPendingRequests = 1024;

    private readonly Channel<(PluginHandle Handle, string Transaction, JsonObject? Body, JsonObject? Jsep)> _queue =
        Channel.CreateBounded<(PluginHandle, string, JsonObject?, JsonObject?)>(
            new BoundedChannelOptions(MaxPendingRequests) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private IPluginGateway? _gateway;
    private Task? _worker;

    public PluginDescriptor Descriptor { get; } = new(Package, "JANUS EchoTest plugin",
        "This is a trivial EchoTest plugin for Janus, just used to showcase the plugin interface.",
        "Janus C#", 8, "0.0.8");

    // Text comes back with a prefix, so the plugin takes it; everything else the core echoes on its own.
    public PluginMediaInterest MediaInterest => PluginMediaInterest.TextData;

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
        var session = new EchoSession(handle.Media as RelayNode);
        if (session.Media is { } media)
        {
            media.AddRecipient(media);
            media.SetBitrateCap(DefaultBitrateCap);
        }
        handle.PluginState = session;
        return ValueTask.CompletedTask;
    }

    public ValueTask DestroySessionAsync(PluginHandle handle)
    {
        if (handle.PluginState is EchoSession session)
        {
            Interlocked.Exchange(ref session.Destroyed, 1);
            session.Media?.Recorders.StopAll();
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
        if (s.Media is not { } media)
        {
            return ValueTask.FromResult<JsonObject?>(info);
        }
        if (media.DescribeRecordings() is { } recording)
        {
            info["recording"] = recording;
        }
        VideoLayerState layers = media.Layers;
        if (media.PeerSendsSvc)
        {
            info["svc"] = true;
            info["spatial-layer"] = layers.SpatialLayer;
            info["spatial-layer-target"] = layers.TargetSpatialLayer;
            info["temporal-layer"] = layers.TemporalLayer;
            info["temporal-layer-target"] = layers.TargetTemporalLayer;
        }
        if (layers.Simulcast)
        {
            info["simulcast"] = true;
            info["substream"] = layers.Substream;
            info["substream-target"] = layers.TargetSubstream;
            info["temporal-layer"] = layers.TemporalLayer;
            info["temporal-layer-target"] = layers.TargetTemporalLayer;
            if (media.Simulcast.FallbackMicroseconds > 0)
            {
                info["fallback"] = media.Simulcast.FallbackMicroseconds;
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
        if (!_queue.Writer.TryWrite((handle, transaction, body, jsep)))
        {
            JanusLog.Warn($"[{Package}-{handle.HandleId}] {MaxPendingRequests} requests already waiting: refused one");
            return ValueTask.FromResult(PluginResult.Error("Too many pending requests"));
        }
        return ValueTask.FromResult(PluginResult.OkWait("I'm taking my time!"));
    }

    public ValueTask<JsonObject?> HandleAdminMessageAsync(JsonObject message) => ValueTask.FromResult<JsonObject?>(null);

    public void SetupMedia(PluginHandle handle)
    {
        if (handle.PluginState is EchoSession session)
        {
            Interlocked.Exchange(ref session.HangingUp, 0);
            // The core clears a handle's routes when its PeerConnection goes: the echo route comes back with the next one.
            session.Media?.AddRecipient(session.Media);
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
        session.E2ee = false;
        if (session.Media is { } media)
        {
            // Recordings and stream state went with the PeerConnection; what the user chose goes back to Janus's defaults.
            SetActive(media, RelayMedium.Audio, true);
            SetActive(media, RelayMedium.Video, true);
            media.SetBitrateCap(DefaultBitrateCap);
            media.SetSubstream(2);
            media.SetSpatialLayer(2);
            media.SetTemporalLayer(2);
        }
    }

    // The core echoes RTP and RTCP along the route; the plugin takes only text data (MediaInterest).
    public void IncomingRtp(PluginHandle handle, RtpPacket packet)
    {
    }

    public void IncomingRtcp(PluginHandle handle, RtcpPacket packet)
    {
    }

    public void IncomingData(PluginHandle handle, DataPacket packet)
    {
        if (handle.PluginState is not EchoSession session || handle.IsStopped || packet.Buffer.IsEmpty || packet.Binary)
        {
            return;
        }
        // Text comes back with a prefix, as Janus's EchoTest does.
        string reply = DataPrefix + Encoding.UTF8.GetString(packet.Buffer);
        session.Media?.SendData(new DataPacket(packet.Label, packet.Protocol, false, Encoding.UTF8.GetBytes(reply)));
    }

    // A switch the user asked for took effect on a keyframe: tell them, with Janus's EchoTest fields.
    public void VideoLayersChanged(PluginHandle handle, VideoLayerChange change, VideoLayerState layers)
    {
        if (handle.PluginState is not EchoSession session || handle.IsStopped)
        {
            return;
        }
        var evt = new JsonObject { ["echotest"] = "event", ["videocodec"] = session.VideoCodecName };
        if (layers.Simulcast)
        {
            evt["substream"] = layers.Substream;
            evt["temporal"] = layers.TemporalLayer;
        }
        else
        {
            evt["spatial_layer"] = layers.SpatialLayer;
            evt["temporal_layer"] = layers.TemporalLayer;
        }
        _gateway?.PushEvent(handle, null, evt, null);
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
        RelayNode? media = session.Media;
        if (request.Audio is bool audio)
        {
            session.AudioActive = audio;
            SetActive(media, RelayMedium.Audio, audio);
        }
        if (request.Video is bool video)
        {
            if (!session.VideoActive && video)
            {
                media?.RequestKeyframe();
            }
            session.VideoActive = video;
            SetActive(media, RelayMedium.Video, video);
        }
        if (request.Bitrate is uint bitrate)
        {
            session.Bitrate = bitrate;
            media?.SetBitrateCap(bitrate > 0 ? bitrate : DefaultBitrateCap);
        }
        if (media is not null)
        {
            ApplyLayers(handle, session, media, request);
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
        if (session.Media is not { } media)
        {
            PushError(handle, transaction, ErrorUnknown, "No media to record");
            return false;
        }
        MediaRecorders recorders = media.Recorders;
        if (!record)
        {
            recorders.StopAll();
            return true;
        }
        string name = request.Filename ?? $"echotest-{handle.HandleId}-{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000}";
        var created = new List<MjrRecorder>();
        try
        {
            if (session.HasAudio && recorders.Audio is null)
            {
                created.Add(MjrRecorder.Create(null, session.AudioCodecName, null, name + "-audio"));
            }
            if (session.HasVideo && recorders.Video is null)
            {
                created.Add(MjrRecorder.Create(null, session.VideoCodecName, session.VideoFmtp, name + "-video"));
            }
            if (session.HasData && recorders.Data is null)
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
            if (!recorders.TryAdd(recorder))
            {
                recorder.Close();
            }
            else if (recorder.Kind == RecordingKind.Video)
            {
                // Recording video starts with a keyframe, as Janus's EchoTest asks for one.
                media.RequestKeyframe();
            }
        }
        return true;
    }

    // Substream, spatial and temporal targets go to the handle's media; the core switches on the next keyframe.
    private void ApplyLayers(PluginHandle handle, EchoSession session, RelayNode media, EchoRequest request)
    {
        if (request.Fallback is int fallback)
        {
            media.SetSimulcastFallback(fallback);
        }
        if (request.Substream is int substream)
        {
            media.SetSubstream(substream);
            ReachLayer(handle, session, media, "substream", substream, media.Layers.Substream);
        }
        if (request.SpatialLayer is int spatialLayer)
        {
            media.SetSpatialLayer(spatialLayer);
            ReachLayer(handle, session, media, "spatial_layer", spatialLayer, media.Layers.SpatialLayer);
        }
        if (request.TemporalLayer is int temporalLayer)
        {
            media.SetTemporalLayer(temporalLayer);
            ReachLayer(handle, session, media, "temporal_layer", temporalLayer, media.Svc.TemporalLayer);
        }
        if (request.Temporal is int temporal)
        {
            media.SetTemporalLayer(temporal);
            ReachLayer(handle, session, media, "temporal", temporal, media.Simulcast.TemporalLayer);
        }
    }

    private static void SetActive(RelayNode? media, RelayMedium medium, bool active)
    {
        media?.Configure(medium, RelayDirection.In, active);
        media?.Configure(medium, RelayDirection.Out, active);
    }

    // Janus answers a target already reached with an event at once, and asks for a keyframe otherwise (switches
    // wait for one).
    private void ReachLayer(PluginHandle handle, EchoSession session, RelayNode media, string name, int target, int current)
    {
        if (target != current)
        {
            media.RequestKeyframe();
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
