// EchoTest through the server with a libwebrtc peer in Node (@roamhq/wrtc) signalled by janode,
// Meetecho's own client: audio, video and a data-channel message must come back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import wrtc from '@roamhq/wrtc';
import Janode from 'janode';
import EchoTestPlugin from 'janode/plugins/echotest';
import { startServer } from './lib/server.mjs';
import { startFakeMedia } from './lib/media-sources.mjs';
import { adminRequest } from './lib/admin.mjs';

const { RTCPeerConnection } = wrtc;
const { RTCVideoSink, RTCAudioSink } = wrtc.nonstandard;
const packages = (process.env.ECHO_PLUGINS ?? 'janus.plugin.echotest,janus.plugin.echolua,janus.plugin.echojs,janus.plugin.echocsx').split(',').filter(Boolean);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, predicate, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await predicate();
    if (value) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function inboundBytes(pc, kind) {
  const stats = await pc.getStats();
  let bytes = 0;
  stats.forEach((s) => {
    if (s.type === 'inbound-rtp' && (s.kind ?? s.mediaType) === kind) bytes += s.bytesReceived ?? 0;
  });
  return bytes;
}

export async function runEcho(pkg, { onConnected } = {}) {
  const connection = await Janode.connect({ is_admin: false, address: { url: 'ws://127.0.0.1:8188/' } });
  const session = await connection.create();
  const handle = await session.attach({ ...EchoTestPlugin, id: pkg });
  const pc = new RTCPeerConnection({ iceServers: [] });
  const media = startFakeMedia();
  const counters = { videoFrames: 0, audioFrames: 0, frameWidth: 0, dataReplies: [] };
  const sinks = [];
  try {
    pc.addTrack(media.audioTrack);
    pc.addTrack(media.videoTrack);
    const channel = pc.createDataChannel('JanusDataChannel');
    pc.ontrack = ({ track }) => {
      if (track.kind === 'video') {
        const sink = new RTCVideoSink(track);
        sink.onframe = ({ frame }) => { counters.videoFrames++; counters.frameWidth = frame.width; };
        sinks.push(sink);
      } else {
        const sink = new RTCAudioSink(track);
        sink.ondata = () => { counters.audioFrames++; };
        sinks.push(sink);
      }
    };
    channel.onmessage = ({ data }) => counters.dataReplies.push(String(data));
    let webrtcUp = false;
    handle.once(Janode.EVENT.HANDLE_WEBRTCUP, () => { webrtcUp = true; });
    pc.onicecandidate = ({ candidate }) => { handle.trickle(candidate ?? null).catch(() => {}); };

    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const result = await handle.start({ audio: true, video: true, jsep: pc.localDescription });
    assert.ok(result.jsep, 'the plugin answered the offer');
    assert.equal(result.jsep.type, 'answer');
    await pc.setRemoteDescription(result.jsep);

    await waitFor('webrtcup', () => webrtcUp);
    await waitFor('data channel open', () => channel.readyState === 'open');
    channel.send('hello from wrtc');
    await waitFor('echoed video frames', () => counters.videoFrames > 10);
    await waitFor('echoed audio', () => counters.audioFrames > 10);
    await waitFor('echoed data', () => counters.dataReplies.some((m) => m.includes('hello from wrtc')));
    assert.ok(await inboundBytes(pc, 'audio') > 0, 'audio bytes came back');
    assert.ok(await inboundBytes(pc, 'video') > 0, 'video bytes came back');
    assert.equal(counters.frameWidth, 320);
    if (onConnected) await onConnected({ pc, handle, counters });

    await handle.hangup();
    await handle.detach();
    await session.destroy();
    return counters;
  } finally {
    media.stop();
    for (const s of sinks) s.stop();
    pc.close();
    await connection.close().catch(() => {});
  }
}

// The Admin API's handle_info during the call, in Janus's shape: flags, sdps and the webrtc summary.
async function checkHandleInfo(handle) {
  const { info } = await adminRequest('handle_info', { session_id: handle.session.id, handle_id: handle.id });
  assert.equal(info.flags['got-offer'], true);
  assert.equal(info.flags.negotiated, true);
  assert.equal(info.flags.ready, true);
  assert.equal(info.flags['has-audio'], true);
  assert.equal(info.flags['has-video'], true);
  assert.equal(info.flags['data-channels'], true);
  assert.equal(info['ice-role'], 'controlled');
  assert.match(info.sdps.remote, /^v=0/);
  assert.match(info.sdps.local, /a=fingerprint:sha-256/);
  assert.equal(info.sdps.profile, 'UDP/TLS/RTP/SAVPF');
  assert.equal(info.webrtc.ice.state, 'ready');
  assert.ok(info.webrtc.ice['selected-pair']);
  assert.equal(info.webrtc.dtls['dtls-state'], 'connected');
  assert.equal(info.webrtc.dtls['sctp-association'], true);
  assert.match(info.webrtc.dtls['srtp-profile'], /^SRTP_/);
  const media = Object.values(info.webrtc.media);
  const video = media.find((m) => m.type === 'video');
  assert.ok(video, 'a video medium is listed by mid');
  assert.equal(video.codecs.codec, 'vp8');
  assert.ok(video.stats.in.packets > 0 && video.stats.out.packets > 0, 'video counted both ways');
  assert.ok(media.some((m) => m.type === 'data'));
}

for (const pkg of packages) {
  test(`echo through ${pkg} with libwebrtc (janode + @roamhq/wrtc)`, { timeout: 60000 }, async () => {
    const server = await startServer();
    try {
      const counters = await runEcho(pkg, { onConnected: ({ handle }) => checkHandleInfo(handle) });
      assert.ok(counters.videoFrames > 10);
      console.log(`echo counters: ${JSON.stringify(counters)}`);
    } catch (e) {
      console.error(server.log.join('').slice(-4000));
      throw e;
    } finally {
      await server.stop();
    }
  });
}
