// EchoTest in JavaScript (janus.plugin.echojs): answers like Janus's EchoTest and echoes media and data back.
// The pattern all three echo examples share: handleMessage queues the request and answers janus.later() (the client
// gets its ack), then resumeScheduler(), woken by pokeScheduler() on the plugin's next turn, pushes the event.
// Messages, jsep and events are plain objects; data is a string, no length needed.

var sessions = {};
var tasks = [];

function getPackage() { return "janus.plugin.echojs"; }
function getName() { return "JavaScript EchoTest"; }
function getDescription() { return "A simple EchoTest plugin written in JavaScript"; }
function getAuthor() { return "Janus C#"; }
function getVersion() { return 1; }
function getVersionString() { return "0.1"; }

function init(config) { console.log("echojs: started (config " + config + ")"); }
function destroy() { console.log("echojs: stopped"); }

function createSession(id) { sessions[id] = { audio: true, video: true, data: true, bitrate: 0 }; }
function destroySession(id) { delete sessions[id]; }
function querySession(id) { return sessions[id] || {}; }

function handleMessage(id, transaction, message, jsep) {
  if (!sessions[id]) return janus.refuse("No session");
  tasks.push({ id: id, transaction: transaction, body: message, jsep: jsep });
  pokeScheduler();
  return janus.later();
}

function toggle(id, session, medium, value) {
  if (value === undefined) return;
  configureMedium(id, medium, "in", value);
  configureMedium(id, medium, "out", value);
  session[medium] = value;
}

function apply(id, session, body) {
  toggle(id, session, "audio", body.audio);
  toggle(id, session, "video", body.video);
  toggle(id, session, "data", body.data);
  if (body.bitrate !== undefined) { setBitrate(id, body.bitrate); session.bitrate = body.bitrate; }
  if (body.keyframe === true) sendPli(id);
  if (body.substream !== undefined) setSubstream(id, body.substream);
  if (body.temporal !== undefined) setTemporalLayer(id, body.temporal);
  if (body.spatial_layer !== undefined) setSpatialLayer(id, body.spatial_layer);
  if (body.temporal_layer !== undefined) setTemporalLayer(id, body.temporal_layer);
  if (body.record === true) {
    // Like Janus's echotest.js: Opus and VP8 assumed; a filename with a folder in it is used as given, else /tmp.
    var base = body.filename || ("echojs-" + id + "-" + Date.now());
    var folder = base.indexOf("/") >= 0 ? null : "/tmp";
    if (startRecording(id, "audio", "opus", folder, base + "-audio", "video", "vp8", folder, base + "-video",
        "data", "text", folder, base + "-data") < 0)
      return "Error starting the recording";
  }
  if (body.record === false) stopRecording(id, "audio", "video", "data");
  return null;
}

function resumeScheduler() {
  var pending = tasks;
  tasks = [];
  pending.forEach(function (task) {
    var session = sessions[task.id];
    if (!session) return;
    var failure = apply(task.id, session, task.body);
    var event = failure ? { echotest: "event", error_code: 499, error: failure } : { echotest: "event", result: "ok" };
    var answer = null;
    if (task.jsep && task.jsep.type === "offer")
      answer = { type: "answer", sdp: generateAnswer(task.jsep.sdp, { audio: session.audio, video: session.video, data: session.data }) };
    pushEvent(task.id, task.transaction, event, answer);
  });
}

function setupMedia(id) { addRecipient(id, id); }
function hangupMedia(id) {}
function dataReady(id) {}
function slowLink(id, uplink, video) { console.debug("echojs: slow link on " + id); }

// Simulcast: the core switched what this session gets back; tell the user as Janus's EchoTest does.
function substreamChanged(id, substream) {
  pushEvent(id, null, { echotest: "event", videocodec: "vp8", substream: substream });
}
function temporalLayerChanged(id, temporal) {
  pushEvent(id, null, { echotest: "event", videocodec: "vp8", temporal: temporal });
}
// SVC (VP9, AV1): the spatial layer this session gets back changed.
function spatialLayerChanged(id, layer) {
  pushEvent(id, null, { echotest: "event", videocodec: "vp9", spatial_layer: layer });
}

function incomingTextData(id, text, len, label, protocol) {
  relayTextData(id, "[echojs] " + text, label, protocol);
}

// Hot reload: the next version of this file gets the sessions' settings.
function exportState() { return { sessions: sessions }; }
function importState(state) { if (state) sessions = state.sessions || {}; }
