namespace Janus.Scripting.Tests.CSharp;

internal static class CSharpScripts
{
    /// <summary>Every request calls one server function and answers what it returned, synchronously.</summary>
    public const string ApiProbe = """
        class Probe : ScriptPlugin
        {
            private readonly List<string> _log = new();
            public override string? GetPackage() => "janus.plugin.probecsx";
            public override string? GetName() => "Probe";
            public override int? GetVersion() => 7;
            public override string? GetVersionString() => "0.0.7";
            public override string? GetDescription() => "probe";
            public override string? GetAuthor() => "tests";
            public override void Init(string? config) => _log.Add("init:" + config);
            public override void CreateSession(long id) => _log.Add("create:" + id);
            public override JsonObject? QuerySession(long id) => new JsonObject { ["id"] = id, ["log"] = _log.Count };
            public override void SetupMedia(long id) => _log.Add("setup");
            public override void HangupMedia(long id) => _log.Add("hangup");
            public override void ResumeScheduler() => _log.Add("resumed");
            public void Later(string? arg) => _log.Add("later:" + arg);
            public override void IncomingTextData(long id, string text, string? label, string? protocol) => RelayTextData(id, "echo:" + text, label);
            public override JsonObject? HandleAdminMessage(JsonObject message) => new JsonObject { ["admin"] = message["ping"]?.GetValue<string>() };

            public override ScriptReply HandleMessage(long id, string tx, JsonObject m, JsonObject? jsep)
            {
                object? result;
                switch (m["request"]?.GetValue<string>())
                {
                    case "sync": return ScriptReply.Sync(new JsonObject { ["probe"] = "sync", ["tx"] = tx });
                    case "async": return ScriptReply.Async();
                    case "refuse": return ScriptReply.Error("refused by script");
                    case "reply": return ScriptReply.Reply(new JsonObject { ["probe"] = "reply", ["tx"] = tx });
                    case "later": return ScriptReply.Later("soon");
                    case "refuseCode": return ScriptReply.Refuse(m["reason"]!.GetValue<string>(), 499);
                    case "refusePlain": return ScriptReply.Refuse(m["reason"]!.GetValue<string>());
                    case "same": return ScriptReply.Reply(m);
                    case "native":
                        return ScriptReply.Reply(new JsonObject
                        {
                            ["result"] = new JsonObject
                            {
                                ["isObject"] = true,
                                ["request"] = m["request"]!.GetValue<string>(),
                                ["decoded"] = JsonNode.Parse(m.ToJsonString())!["request"]!.GetValue<string>(),
                                ["text"] = m.ToJsonString(),
                                ["jsepType"] = jsep?["type"]?.GetValue<string>(),
                                ["nested"] = m["inner"]?["list"]?[1]?.GetValue<int>(),
                            },
                        });
                    case "boom": throw new InvalidOperationException("kaboom");
                    case "push": result = PushEvent(id, tx, new JsonObject { ["probe"] = "event" }, jsep); break;
                    case "pushTable": result = PushEvent(id, tx, new JsonObject { ["probe"] = "table", ["list"] = new JsonArray(1, 2, 3) }); break;
                    case "notify": result = NotifyEvent(id, new JsonObject { ["probe"] = "notified" }); break;
                    case "eventsEnabled": result = EventsIsEnabled(); break;
                    case "closePc": result = ClosePc(id); break;
                    case "endSession": result = EndSession(id); break;
                    case "configure": result = ConfigureMedium(id, m["medium"]!.GetValue<string>(), m["direction"]!.GetValue<string>(), m["enabled"]!.GetValue<bool>()); break;
                    case "addRecipient": result = AddRecipient(id, m["to"]!.GetValue<long>()); break;
                    case "removeRecipient": result = RemoveRecipient(id, m["to"]!.GetValue<long>()); break;
                    case "bitrate": result = SetBitrate(id, m["bitrate"]!.GetValue<long>()); break;
                    case "pliFreq": result = SetPliFreq(id, m["seconds"]!.GetValue<int>()); break;
                    case "substream": result = SetSubstream(id, m["substream"]!.GetValue<int>()); break;
                    case "temporal": result = SetTemporalLayer(id, m["temporal"]!.GetValue<int>()); break;
                    case "spatial": result = SetSpatialLayer(id, m["spatial"]!.GetValue<int>()); break;
                    case "pli": result = SendPli(id); break;
                    case "rtp": result = RelayRtp(id, true, new byte[] { 0x80, 0x60, 0, 1 }); break;
                    case "rtcp": result = RelayRtcp(id, true, new byte[] { 0x81, 0xC9, 0, 1 }); break;
                    case "text": result = RelayTextData(id, "hello"); break;
                    case "textUtf8": result = RelayTextData(id, m["text"]!.GetValue<string>(), null, "utf8"); break;
                    case "binary": result = RelayBinaryData(id, new byte[] { 0, 1, 2 }); break;
                    case "record": result = StartRecording(id, "audio", "opus", m["folder"]!.GetValue<string>(), "x", "data", "text", m["folder"]!.GetValue<string>(), "x-data"); break;
                    case "recordBad": result = StartRecording(id, "video", "speex", m["folder"]!.GetValue<string>(), "y"); break;
                    case "recordArgs": result = StartRecording(id, "audio", "opus"); break;
                    case "stopRecord": result = StopRecording(id, "audio"); break;
                    case "poke": result = PokeScheduler(); break;
                    case "timer": result = TimeCallback("Later", "tick", 10); break;
                    case "log": JanusLog(4, "probe log"); result = 0; break;
                    case "config": result = Config!["room"]!["name"]!.GetValue<string>() + "/" + Config!["room"]!["name"]!.GetValue<string>(); break;
                    case "answer": result = GenerateAnswer("v=0\r\n", new JsonObject { ["audio"] = true }); break;
                    case "history": result = string.Join(",", _log); break;
                    case "badPush": result = 0; PushEventRaw(id, tx); break;
                    case "spin":
                    case "spinProtected":
                    case "spinCoroutine":
                        while (true) { CallCancelled.ThrowIfCancellationRequested(); }
                    default: return ScriptReply.Error("unknown request");
                }

                return ScriptReply.Sync(new JsonObject { ["result"] = JsonValue.Create(result) });
            }

            private void PushEventRaw(long id, string tx) => GenerateAnswer("not an sdp {not json");
        }

        return new Probe();
        """;
}
