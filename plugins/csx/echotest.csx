// EchoTest in C# script (janus.plugin.echocsx): answers like Janus's EchoTest and echoes media and data back.
// The pattern all three echo examples share: HandleMessage queues the request and answers ScriptReply.Later() (the
// client gets its ack), then ResumeScheduler(), woken by PokeScheduler() on the plugin's next turn, pushes the event.
// Messages, jsep and events are JsonObjects, handed over as they are. C# scripts are trusted code: they run with the
// server's rights.

class EchoTest : ScriptPlugin
{
    private sealed class Settings
    {
        public bool Audio { get; set; } = true;
        public bool Video { get; set; } = true;
        public bool Data { get; set; } = true;
        public long Bitrate { get; set; }
    }

    private sealed record Request(long Id, string Transaction, JsonObject Body, JsonObject? Jsep);

    private Dictionary<long, Settings> _sessions = new();
    private List<Request> _tasks = new();

    public override string? GetPackage() => "janus.plugin.echocsx";
    public override string? GetName() => "C# EchoTest";
    public override string? GetDescription() => "A simple EchoTest plugin written as a C# script";
    public override string? GetAuthor() => "Janus C#";
    public override int? GetVersion() => 1;
    public override string? GetVersionString() => "0.1";

    public override void CreateSession(long id) => _sessions[id] = new Settings();
    public override void DestroySession(long id) => _sessions.Remove(id);
    public override JsonObject? QuerySession(long id) =>
        _sessions.TryGetValue(id, out var s) ? (JsonObject?)JsonSerializer.SerializeToNode(s) : null;

    public override ScriptReply HandleMessage(long id, string transaction, JsonObject body, JsonObject? jsep)
    {
        if (!_sessions.ContainsKey(id)) return ScriptReply.Refuse("No session");
        _tasks.Add(new Request(id, transaction, body, jsep));
        PokeScheduler();
        return ScriptReply.Later();
    }

    public override void ResumeScheduler()
    {
        List<Request> pending = _tasks;
        _tasks = new();
        foreach (Request task in pending)
        {
            if (!_sessions.TryGetValue(task.Id, out var session)) continue;
            string? failure = Apply(task.Id, session, task.Body);
            var evt = failure is null
                ? new JsonObject { ["echotest"] = "event", ["result"] = "ok" }
                : new JsonObject { ["echotest"] = "event", ["error_code"] = 499, ["error"] = failure };
            JsonObject? answer = null;
            if (task.Jsep?["type"]?.GetValue<string>() == "offer")
            {
                var options = new JsonObject { ["audio"] = session.Audio, ["video"] = session.Video, ["data"] = session.Data };
                answer = new JsonObject { ["type"] = "answer", ["sdp"] = GenerateAnswer(task.Jsep["sdp"]!.GetValue<string>(), options) };
            }

            PushEvent(task.Id, task.Transaction, evt, answer);
        }
    }

    private string? Apply(long id, Settings session, JsonObject body)
    {
        if (body["audio"] is JsonValue audio) { session.Audio = audio.GetValue<bool>(); Toggle(id, "audio", session.Audio); }
        if (body["video"] is JsonValue video) { session.Video = video.GetValue<bool>(); Toggle(id, "video", session.Video); }
        if (body["data"] is JsonValue data) { session.Data = data.GetValue<bool>(); Toggle(id, "data", session.Data); }
        if (body["bitrate"] is JsonValue bitrate) { session.Bitrate = bitrate.GetValue<long>(); SetBitrate(id, session.Bitrate); }
        if (body["keyframe"] is JsonValue keyframe && keyframe.GetValue<bool>()) SendPli(id);
        if (body["substream"] is JsonValue substream) SetSubstream(id, substream.GetValue<int>());
        if (body["temporal"] is JsonValue temporal) SetTemporalLayer(id, temporal.GetValue<int>());
        if (body["spatial_layer"] is JsonValue spatial) SetSpatialLayer(id, spatial.GetValue<int>());
        if (body["temporal_layer"] is JsonValue temporalLayer) SetTemporalLayer(id, temporalLayer.GetValue<int>());
        if (body["record"] is JsonValue record)
        {
            if (record.GetValue<bool>())
            {
                // Opus and VP8 assumed, as Janus's script examples do; a filename with a folder in it is used as given.
                string name = body["filename"]?.GetValue<string>() ?? $"echocsx-{id}-{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}";
                string? folder = name.Contains('/') ? null : "/tmp";
                if (StartRecording(id, "audio", "opus", folder, name + "-audio", "video", "vp8", folder, name + "-video",
                        "data", "text", folder, name + "-data") < 0)
                {
                    return "Error starting the recording";
                }
            }
            else
            {
                StopRecording(id, "audio", "video", "data");
            }
        }

        return null;
    }

    private void Toggle(long id, string medium, bool enabled)
    {
        ConfigureMedium(id, medium, "in", enabled);
        ConfigureMedium(id, medium, "out", enabled);
    }

    public override void SetupMedia(long id) => AddRecipient(id, id);

    // Simulcast: the core switched what this session gets back; tell the user as Janus's EchoTest does.
    public override void SubstreamChanged(long id, int substream) =>
        PushEvent(id, null, new JsonObject { ["echotest"] = "event", ["videocodec"] = "vp8", ["substream"] = substream });

    public override void TemporalLayerChanged(long id, int layer) =>
        PushEvent(id, null, new JsonObject { ["echotest"] = "event", ["videocodec"] = "vp8", ["temporal"] = layer });

    // SVC (VP9, AV1): the spatial layer this session gets back changed.
    public override void SpatialLayerChanged(long id, int layer) =>
        PushEvent(id, null, new JsonObject { ["echotest"] = "event", ["videocodec"] = "vp9", ["spatial_layer"] = layer });

    public override void IncomingTextData(long id, string text, string? label, string? protocol) =>
        RelayTextData(id, "[echocsx] " + text, label, protocol);

    // Hot reload: the next version of this file gets the sessions' settings.
    public override JsonNode? ExportState() => JsonSerializer.SerializeToNode(_sessions);

    public override void ImportState(JsonNode? state)
    {
        if (state is not null) _sessions = state.Deserialize<Dictionary<long, Settings>>() ?? new();
    }
}

return new EchoTest();
