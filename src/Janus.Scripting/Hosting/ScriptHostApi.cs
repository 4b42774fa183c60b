using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Janus.Core.Logging;
using Janus.Core.Plugins;
using Janus.Media.Recording;
using Janus.Media.Relay;
using Janus.Media.Sdp;

namespace Janus.Scripting.Hosting;

/// <summary>
/// What a script may call on the server, with Janus's names and meanings, shared by every language binding.
/// Safe from any thread. Session ids are the ids the scripts see; an unknown id is logged and answered with -1,
/// as Janus's script plugins do. Wrong arguments throw <see cref="ScriptApiException"/>, raised in the script.
/// </summary>
internal sealed class ScriptHostApi
{
    public const int Ok = 0;
    public const int Failed = -1;

    private readonly ScriptPluginProxy _proxy;
    private readonly ConcurrentDictionary<Timer, byte> _timers = new();

    public ScriptHostApi(ScriptPluginProxy proxy, ISdpAnswerer answerer)
    {
        _proxy = proxy;
        Answerer = answerer;
    }

    public ISdpAnswerer Answerer { get; }

    public string Package => _proxy.Descriptor.Package;

    /// <summary>The plugin's configuration as JSON text ("{}" when it has none).</summary>
    public string ConfigJson => _proxy.Context?.Config?.ToJsonString() ?? "{}";

    public JsonObject? Config => _proxy.Context?.Config;

    /// <summary>Janus's init(config) argument: the path of the plugin's configuration file, or null.</summary>
    public string? ConfigFile => _proxy.Context?.ConfigFile;

    public int PushEvent(long id, string? transaction, string eventJson, string? jsepJson)
    {
        if (!TryGetSession(id, "pushEvent", out ScriptSession? session))
        {
            return Failed;
        }

        JsonObject message = ParseObject(eventJson, "pushEvent: event");
        JsonObject? jsep = string.IsNullOrEmpty(jsepJson) ? null : ParseObject(jsepJson, "pushEvent: jsep");
        if (ScriptPluginProxy.IsE2ee(jsep))
        {
            session.E2ee = true;
        }
        return Gateway("pushEvent").PushEvent(session.Handle, transaction, message, jsep);
    }

    /// <summary>Id 0 means an event not bound to a handle, as in Janus.</summary>
    public int NotifyEvent(long id, string eventJson)
    {
        JsonObject evt = ParseObject(eventJson, "notifyEvent");
        IPluginGateway gateway = Gateway("notifyEvent");
        if (!gateway.EventsIsEnabled)
        {
            return Ok;
        }

        PluginHandle? handle = null;
        if (id != 0)
        {
            if (!TryGetSession(id, "notifyEvent", out ScriptSession? session))
            {
                return Failed;
            }

            handle = session.Handle;
        }

        gateway.NotifyEvent(Package, handle, evt);
        return Ok;
    }

    public bool EventsIsEnabled() => _proxy.Gateway?.EventsIsEnabled ?? false;

    public int ClosePc(long id) => WithSession(id, "closePc", s => Gateway("closePc").ClosePc(s.Handle));

    public int EndSession(long id) => WithSession(id, "endSession", s => Gateway("endSession").EndSession(s.Handle));

    public int ConfigureMedium(long id, string medium, string direction, bool enabled)
    {
        RelayMedium kind = medium switch
        {
            "audio" => RelayMedium.Audio,
            "video" => RelayMedium.Video,
            "data" => RelayMedium.Data,
            _ => throw new ScriptApiException($"configureMedium: unknown medium '{medium}' (audio, video or data)"),
        };
        RelayDirection way = direction switch
        {
            "in" => RelayDirection.In,
            "out" => RelayDirection.Out,
            _ => throw new ScriptApiException($"configureMedium: unknown direction '{direction}' (in or out)"),
        };
        return WithMedia(id, "configureMedium", m => m.Configure(kind, way, enabled));
    }

    public int AddRecipient(long id, long recipientId)
    {
        if (!TryGetMedia(id, "addRecipient", out IHandleMedia? sender) || !TryGetMedia(recipientId, "addRecipient", out IHandleMedia? recipient))
        {
            return Failed;
        }

        sender.AddRecipient(recipient);
        return Ok;
    }

    public int RemoveRecipient(long id, long recipientId)
    {
        if (!TryGetMedia(id, "removeRecipient", out IHandleMedia? sender) || !TryGetMedia(recipientId, "removeRecipient", out IHandleMedia? recipient))
        {
            return Failed;
        }

        sender.RemoveRecipient(recipient);
        return Ok;
    }

    public int SetBitrate(long id, long bitsPerSecond) =>
        WithMedia(id, "setBitrate", m => m.SetBitrateCap((uint)Math.Clamp(bitsPerSecond, 0, uint.MaxValue)));

    public int SetPliFreq(long id, long seconds) =>
        WithMedia(id, "setPliFreq", m => m.SetPliFrequency((int)Math.Clamp(seconds, 0, int.MaxValue)));

    public int SetSubstream(long id, long substream) =>
        WithMedia(id, "setSubstream", m => m.SetSubstream((int)Math.Clamp(substream, -1, 3)));

    public int SetTemporalLayer(long id, long layer) =>
        WithMedia(id, "setTemporalLayer", m => m.SetTemporalLayer((int)Math.Clamp(layer, -1, 3)));

    /// <summary>The SVC spatial layer the session receives (0..2), as Janus's VideoRoom lets subscribers choose.</summary>
    public int SetSpatialLayer(long id, long layer) =>
        WithMedia(id, "setSpatialLayer", m => m.SetSpatialLayer((int)Math.Clamp(layer, -1, 3)));

    public int SendPli(long id) => WithMedia(id, "sendPli", m => m.RequestKeyframe());

    public int RelayRtp(long id, bool video, ReadOnlySpan<byte> buffer)
    {
        if (!TryGetSession(id, "relayRtp", out ScriptSession? session))
        {
            return Failed;
        }

        // The gateway does not keep or change the buffer; the copy keeps RtpPacket's Span<byte> contract honest.
        byte[] copy = buffer.ToArray();
        Gateway("relayRtp").RelayRtp(session.Handle, new RtpPacket(-1, video, copy));
        return Ok;
    }

    public int RelayRtcp(long id, bool video, ReadOnlySpan<byte> buffer)
    {
        if (!TryGetSession(id, "relayRtcp", out ScriptSession? session))
        {
            return Failed;
        }

        byte[] copy = buffer.ToArray();
        Gateway("relayRtcp").RelayRtcp(session.Handle, new RtcpPacket(-1, video, copy));
        return Ok;
    }

    /// <summary>Janus refuses data before the channel is open; so do we (-1).</summary>
    public int RelayData(long id, bool binary, ReadOnlySpan<byte> buffer, string? label, string? protocol)
    {
        if (!TryGetSession(id, binary ? "relayBinaryData" : "relayTextData", out ScriptSession? session))
        {
            return Failed;
        }

        if (session.Media is not { IsDataReady: true })
        {
            JanusLog.Warn($"[{Package}] relay data: the data channel of session {id} is not ready yet");
            return Failed;
        }

        Gateway("relayData").RelayData(session.Handle, new DataPacket(label, protocol, binary, buffer));
        return Ok;
    }

    /// <summary>
    /// Janus's startRecording(id, type, codec, folder, filename [, ...]): one to three (type, codec, folder, filename)
    /// groups (5, 9 or 13 arguments); codec may carry "/fmtp=..."; a nil folder lets the filename carry its own; a
    /// nil type or codec skips its group; a medium already being recorded is skipped with a warning, as Janus does.
    /// If any recorder cannot be created none is kept (-1), and the files made by this call are removed. Audio and
    /// video of an end-to-end encrypted PeerConnection are marked so. A video recording asks the peer for a keyframe.
    /// </summary>
    public int StartRecording(long id, IReadOnlyList<string?> groups)
    {
        if (groups.Count is not (4 or 8 or 12))
        {
            JanusLog.Error($"[{Package}] startRecording: wrong number of arguments: {groups.Count + 1} (expected 5, 9 or 13)");
            return Failed;
        }
        if (!TryGetSession(id, "startRecording", out ScriptSession? session))
        {
            return Failed;
        }
        if (session.Media is not RelayNode node)
        {
            JanusLog.Error($"[{Package}] startRecording: the server has no media core");
            return Failed;
        }
        MediaRecorders recorders = node.Recorders;
        var created = new List<MjrRecorder>();
        try
        {
            for (int i = 0; i < groups.Count; i += 4)
            {
                string? type = groups[i], codec = groups[i + 1];
                if (type is null || codec is null)
                {
                    continue;
                }
                string? fmtp = null;
                int split = codec.IndexOf("/fmtp=", StringComparison.Ordinal);
                if (split >= 0)
                {
                    fmtp = codec[(split + 6)..];
                    codec = codec[..split];
                }
                RecordingKind kind = type.ToLowerInvariant() switch
                {
                    "audio" => RecordingKind.Audio,
                    "video" => RecordingKind.Video,
                    "data" => RecordingKind.Data,
                    _ => throw new RecordingException($"unknown type '{type}' (audio, video or data)"),
                };
                RecordingKind codecKind = MjrRecorder.KindOf(codec) ?? throw new RecordingException($"Unsupported codec '{codec}'");
                if (codecKind != kind)
                {
                    throw new RecordingException($"codec '{codec}' cannot record {type}");
                }
                if (recorders.Get(kind) is not null || created.Exists(r => r.Kind == kind))
                {
                    JanusLog.Warn($"[{Package}] startRecording: duplicate {type} recording, skipping");
                    continue;
                }
                MjrRecorder recorder = MjrRecorder.Create(groups[i + 2], codec, fmtp, groups[i + 3]);
                created.Add(recorder);
                recorder.Encrypted = session.E2ee && kind != RecordingKind.Data;
            }
        }
        catch (RecordingException e)
        {
            JanusLog.Error($"[{Package}] startRecording: {e.Message}");
            Discard(created);
            return Failed;
        }
        if (created.Count == 0)
        {
            return Failed;
        }
        foreach (MjrRecorder recorder in created)
        {
            if (!recorders.TryAdd(recorder))
            {
                // Another call won the race for this medium: nothing was written to this file.
                Discard([recorder]);
            }
            else if (recorder.Kind == RecordingKind.Video)
            {
                node.RequestKeyframe();
            }
        }
        return Ok;
    }

    // Recordings that never started hold only the tag: close them and remove their files.
    private static void Discard(List<MjrRecorder> recorders)
    {
        foreach (MjrRecorder recorder in recorders)
        {
            recorder.Close();
            try
            {
                File.Delete(recorder.FilePath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                JanusLog.Warn($"Could not remove the unused recording {recorder.FilePath}: {e.Message}");
            }
        }
    }

    /// <summary>Janus's stopRecording(id, type[, type[, type]]).</summary>
    public int StopRecording(long id, IReadOnlyList<string?> types)
    {
        if (types.Count is < 1 or > 3)
        {
            JanusLog.Error($"[{Package}] stopRecording: wrong number of arguments: {types.Count + 1} (expected 2 to 4)");
            return Failed;
        }
        if (!TryGetSession(id, "stopRecording", out ScriptSession? session))
        {
            return Failed;
        }
        if (session.Media is not RelayNode node)
        {
            return Failed;
        }
        foreach (string? type in types)
        {
            switch (type?.ToLowerInvariant())
            {
                case "audio": node.Recorders.Stop(RecordingKind.Audio); break;
                case "video": node.Recorders.Stop(RecordingKind.Video); break;
                case "data": node.Recorders.Stop(RecordingKind.Data); break;
            }
        }
        return Ok;
    }

    /// <summary>Wakes the plugin's scheduler: resumeScheduler() runs next on the plugin's queue.</summary>
    public int PokeScheduler()
    {
        _proxy.PostToScript(static instance => instance.ResumeScheduler());
        return Ok;
    }

    /// <summary>Calls the script function <paramref name="function"/>(argument) after <paramref name="milliseconds"/>.</summary>
    public int TimeCallback(string function, string? argument, long milliseconds)
    {
        if (string.IsNullOrEmpty(function))
        {
            throw new ScriptApiException("timeCallback: missing function name");
        }

        Timer? timer = null;
        timer = new Timer(_ =>
        {
            if (timer is not null)
            {
                _timers.TryRemove(timer, out byte _);
                timer.Dispose();
            }

            _proxy.PostToScript(instance => instance.TimeCallback(function, argument));
        });
        _timers[timer] = 0;
        timer.Change(Math.Max(0, milliseconds), Timeout.Infinite);
        return Ok;
    }

    public void Log(int level, string text) => JanusLog.Write((JanusLogLevel)Math.Clamp(level, 0, 7), text);

    public string GenerateAnswer(string offerSdp, string? optionsJson)
    {
        JsonObject? options = string.IsNullOrEmpty(optionsJson) ? null : ParseObject(optionsJson, "generateAnswer: options");
        try
        {
            return Answerer.GenerateAnswer(offerSdp, options);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            throw new ScriptApiException("generateAnswer: " + e.Message);
        }
    }

    /// <summary>Stops every pending timeCallback (the plugin is going away).</summary>
    public void CancelTimers()
    {
        foreach (Timer timer in _timers.Keys)
        {
            timer.Dispose();
        }

        _timers.Clear();
    }

    private int WithSession(long id, string function, Action<ScriptSession> action)
    {
        if (!TryGetSession(id, function, out ScriptSession? session))
        {
            return Failed;
        }

        action(session);
        return Ok;
    }

    private int WithMedia(long id, string function, Action<IHandleMedia> action)
    {
        if (!TryGetMedia(id, function, out IHandleMedia? media))
        {
            return Failed;
        }

        action(media);
        return Ok;
    }

    // A session whose handle has media in the core (a server without a media core has none to shape).
    private bool TryGetMedia(long id, string function, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IHandleMedia? media)
    {
        media = null;
        if (!TryGetSession(id, function, out ScriptSession? session))
        {
            return false;
        }

        media = session.Media;
        if (media is null)
        {
            JanusLog.Warn($"[{Package}] {function}: session {id} has no media (the server runs without a media core)");
        }
        return media is not null;
    }

    private bool TryGetSession(long id, string function, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScriptSession? session)
    {
        if (_proxy.Sessions.TryGetValue(id, out session) && !session.Handle.IsStopped)
        {
            return true;
        }

        JanusLog.Warn($"[{Package}] {function}: no session {id}");
        session = null;
        return false;
    }

    private IPluginGateway Gateway(string function) =>
        _proxy.Gateway ?? throw new ScriptApiException($"{function}: the plugin is not initialised yet");

    private static JsonObject ParseObject(string json, string what)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new ScriptApiException($"{what} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new ScriptApiException($"{what} is not valid JSON: {e.Message}");
        }
    }
}
