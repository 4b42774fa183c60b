namespace Janus.Scripting.Tests.Js;

internal static class JsScripts
{
    /// <summary>Every request calls one server function and answers what it returned, synchronously.</summary>
    public const string ApiProbe = """
        var log = [];
        function getPackage() { return "janus.plugin.probejs"; }
        function getName() { return "Probe"; }
        function getVersion() { return 7; }
        function getVersionString() { return "0.0.7"; }
        function getDescription() { return "probe"; }
        function getAuthor() { return "tests"; }
        function init(config) { log.push("init:" + config); }
        function destroy() {}
        function createSession(id) { log.push("create:" + id); }
        function destroySession(id) {}
        function querySession(id) { return JSON.stringify({ id: id, log: log.length }); }
        function setupMedia(id) { log.push("setup"); }
        function hangupMedia(id) { log.push("hangup"); }
        function resumeScheduler() { log.push("resumed"); }
        function later(arg) { log.push("later:" + arg); }
        // A length from JS's .length counts UTF-16 units, not UTF-8 bytes: the server must not cut the text to it.
        function incomingTextData(id, buf, len, label) { var out = "echo:" + buf; relayTextData(id, out, out.length, label); }
        function handleAdminMessage(msg) { return JSON.stringify({ admin: JSON.parse(msg).ping }); }
        function handleMessage(id, tx, msg, jsep) {
          var m = JSON.parse(msg), r = m.request, result;
          switch (r) {
            case "sync": return JSON.stringify({ probe: "sync", tx: tx });
            case "async": return 1;
            case "refuse": return janus.refuse("refused by script");
            case "reply": return janus.reply({ probe: "reply", tx: tx });
            case "later": return janus.later("soon");
            case "refuseCode": return janus.refuse(m.reason, 499);
            case "refusePlain": return janus.refuse(m.reason);
            case "native":
              result = { isObject: typeof msg === "object", request: msg.request, decoded: JSON.parse(msg).request,
                text: String(msg), jsepType: jsep ? jsep.type : null, nested: msg.inner ? msg.inner.list[1] : null,
                keys: Object.keys(msg).join(",") };
              break;
            case "missing":
              result = m.names.filter(function (n) { return typeof globalThis[n] !== "function"; })
                .concat(m.helpers.filter(function (n) { return typeof janus[n] !== "function"; }).map(function (n) { return "janus." + n; }))
                .join(",");
              break;
            case "boom": kaboom(); break;
            case "push": result = pushEvent(id, tx, JSON.stringify({ probe: "event" }), jsep); break;
            case "pushTable": result = pushEvent(id, tx, { probe: "table", list: [1, 2, 3] }); break;
            case "notify": result = notifyEvent(id, { probe: "notified" }); break;
            case "eventsEnabled": result = eventsIsEnabled(); break;
            case "closePc": result = closePc(id); break;
            case "endSession": result = endSession(id); break;
            case "configure": result = configureMedium(id, m.medium, m.direction, m.enabled); break;
            case "addRecipient": result = addRecipient(id, m.to); break;
            case "removeRecipient": result = removeRecipient(id, m.to); break;
            case "bitrate": result = setBitrate(id, m.bitrate); break;
            case "pliFreq": result = setPliFreq(id, m.seconds); break;
            case "substream": result = setSubstream(id, m.substream); break;
            case "temporal": result = setTemporalLayer(id, m.temporal); break;
            case "spatial": result = setSpatialLayer(id, m.spatial); break;
            case "pli": result = sendPli(id); break;
            case "rtp": result = relayRtp(id, true, new Uint8Array([0x80, 0x60, 0, 1]), 4); break;
            case "rtcp": result = relayRtcp(id, true, new Uint8Array([0x81, 0xC9, 0, 1]), 4); break;
            case "text": result = relayTextData(id, "hello", 5); break;
            case "textUtf8": result = relayTextData(id, m.text, m.text.length, null, "utf8"); break;
            case "binary": result = relayBinaryData(id, new Uint8Array([0, 1, 2]), 3); break;
            case "record": result = startRecording(id, "audio", "opus", m.folder, "x", "data", "text", m.folder, "x-data"); break;
            case "recordBad": result = startRecording(id, "video", "speex", m.folder, "y"); break;
            case "recordArgs": result = startRecording(id, "audio", "opus"); break;
            case "stopRecord": result = stopRecording(id, "audio"); break;
            case "poke": result = pokeScheduler(); break;
            case "timer": result = timeCallback("later", "tick", 10); break;
            case "log": janusLog(4, "probe log"); console.log("probe", 1); result = 0; break;
            case "config": result = getConfig().room.name + "/" + janusConfig.room.name; break;
            case "answer": result = generateAnswer("v=0\r\n", { audio: true }); break;
            case "history": result = log.join(","); break;
            case "badPush": result = pushEvent(id, tx, "{not json"); break;
            case "sandbox": result = [typeof System, typeof importNamespace, typeof clr, typeof require("nothing-here-throws")].join(","); break;
            case "sandboxTypes": result = [typeof System, typeof importNamespace, typeof host, typeof __janusLoadModule].join(","); break;
            case "spin": while (true) {} break;
            case "spinProtected": while (true) { try { while (true) {} } catch (e) {} } break;
            case "spinCoroutine": var g = (function* () { while (true) {} })(); g.next(); result = "escaped"; break;
            case "hog": var t = []; for (var i = 0; i < 1e9; i++) t.push("x".repeat(1024) + i); break;
            default: return -1;
          }
          return JSON.stringify({ result: result });
        }
        """;
}
