// EchoTest page: janus.js asks the echo plugin to send back what we send.
// window.echo holds the page's state so tests can read it.
'use strict';

const params = new URLSearchParams(location.search);
const server = params.get('server') || `ws://${location.hostname || '127.0.0.1'}:8188/`;
const pluginName = params.get('plugin') || 'janus.plugin.echotest';
// ?simulcast=1 sends three rid-based substreams (janus.js's h/m/l at 1280x720), as Janus's demo offers.
const simulcast = params.get('simulcast') === '1';
// ?svc=L3T3_KEY sends one scalable stream (needs a codec that has it: &videocodec=vp9 or av1).
const svc = params.get('svc') || undefined;
const videocodec = params.get('videocodec') || undefined;
const echo = (window.echo = { state: 'idle', webrtcUp: false, dataOpen: false, dataReplies: [], events: [], messages: [], errors: [] });
const $ = (id) => document.getElementById(id);
// The status line of the shared layout (layout.js); the page works without it.
const showStatus = (text, kind) => { if (window.demoStatus) window.demoStatus(text, kind); };
$('plugin').textContent = pluginName;

function log(text) {
  echo.events.push(text);
  $('log').textContent += text + '\n';
}

function fail(text) {
  echo.errors.push(String(text));
  log('error: ' + text);
  showStatus('Error: ' + text, 'error');
}

let janus = null;
let handle = null;

function start() {
  $('start').disabled = true;
  echo.state = 'connecting';
  showStatus('Connecting to ' + server + '...');
  Janus.init({
    debug: false,
    callback() {
      janus = new Janus({
        server,
        success: attach,
        error: fail,
        destroyed: () => log('session destroyed'),
      });
    },
  });
}

function attach() {
  janus.attach({
    plugin: pluginName,
    opaqueId: 'echotest-' + Janus.randomString(12),
    success(pluginHandle) {
      handle = pluginHandle;
      log('attached to ' + pluginName + ' as ' + handle.getId());
      showStatus('Attached to ' + pluginName + ': negotiating media...');
      $('stop').disabled = false;
      $('record').disabled = false;
      $('record-stop').disabled = false;
      handle.send({ message: { audio: true, video: true, videocodec } });
      handle.createOffer({
        tracks: [
          { type: 'audio', capture: true, recv: true },
          { type: 'video', capture: true, recv: true, simulcast, svc },
          { type: 'data' },
        ],
        success(jsep) {
          handle.send({ message: { audio: true, video: true, videocodec }, jsep });
        },
        error: fail,
      });
    },
    error: fail,
    webrtcState(on) {
      echo.webrtcUp = on;
      log('PeerConnection is ' + (on ? 'up' : 'down'));
      showStatus(on ? 'Echoing: the remote video is your own, back from the server' : 'PeerConnection is down', on ? 'ok' : undefined);
    },
    iceState(state) { log('ICE state: ' + state); },
    mediaState(medium, on, mid) { log(`server ${on ? 'is' : 'stopped'} receiving our ${medium} (mid ${mid})`); },
    onmessage(msg, jsep) {
      echo.messages.push(msg);
      showLayers(msg);
      log('event: ' + JSON.stringify(msg));
      if (msg.error) fail(msg.error);
      if (jsep) handle.handleRemoteJsep({ jsep });
    },
    onlocaltrack(track, on) {
      if (track.kind === 'video' && on) $('local').srcObject = new MediaStream([track]);
    },
    onremotetrack(track, mid, on) {
      if (!on) return;
      const video = $('remote');
      const stream = video.srcObject || new MediaStream();
      stream.addTrack(track);
      video.srcObject = stream;
    },
    ondataopen() {
      echo.dataOpen = true;
      $('text').disabled = false;
      $('send').disabled = false;
      log('data channel open');
    },
    ondata(data) {
      echo.dataReplies.push(data);
      log('data: ' + data);
    },
    oncleanup() {
      echo.state = 'cleaned up';
      log('cleaned up');
      showStatus('Stopped. Press Start to go again.');
    },
    detached() { log('detached'); },
  });
  echo.state = 'attached';
}

function sendText(text) {
  handle.data({ text, error: fail });
}

async function stats() {
  const pc = handle && handle.webrtcStuff.pc;
  const out = { audioBytes: 0, videoBytes: 0, framesDecoded: 0 };
  if (!pc) return out;
  (await pc.getStats()).forEach((s) => {
    if (s.type !== 'inbound-rtp') return;
    if (s.kind === 'audio') out.audioBytes += s.bytesReceived || 0;
    if (s.kind === 'video') {
      out.videoBytes += s.bytesReceived || 0;
      out.framesDecoded += s.framesDecoded || 0;
    }
  });
  out.remoteWidth = $('remote').videoWidth;
  return out;
}

// Simulcast or SVC: buttons ask for a substream / spatial layer and a temporal layer, as Janus's demo does.
const layerNames = svc ? ['spatial_layer', 'temporal_layer'] : ['substream', 'temporal'];
const current = {};
if (simulcast || svc) {
  $('layers').hidden = false;
  $('layer-kind').textContent = svc ? 'spatial layer' : 'substream';
  document.querySelectorAll('[data-layer]').forEach((b) => { b.onclick = () => send({ [layerNames[0]]: Number(b.dataset.layer) }); });
  document.querySelectorAll('[data-temporal]').forEach((b) => { b.onclick = () => send({ [layerNames[1]]: Number(b.dataset.temporal) }); });
}

function showLayers(msg) {
  for (const name of layerNames) if (msg[name] !== undefined) current[name] = msg[name];
  if (simulcast || svc) $('layer-now').textContent = layerNames.map((n) => `${n} ${current[n] ?? '-'}`).join(', ');
}

function send(message) {
  handle.send({ message });
}

function stop() {
  if (handle) handle.hangup();
  if (janus) janus.destroy();
  $('stop').disabled = true;
  $('start').disabled = false;
}

echo.start = start;
echo.sendText = sendText;
echo.stats = stats;
echo.send = send;
echo.stop = stop;
$('start').onclick = start;
$('stop').onclick = stop;
$('record').onclick = () => send({ record: true, filename: '/tmp/echotest-' + Date.now() });
$('record-stop').onclick = () => send({ record: false });
$('send').onclick = () => { sendText($('text').value); $('text').value = ''; };
if (params.get('autostart') === '1') start();
