// Full trickle (-f) with a libwebrtc peer in Node signalled by janode: the server's answer carries no candidates,
// they come as "trickle" events after it, then {"completed": true}, and the echo works on them alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import wrtc from '@roamhq/wrtc';
import Janode from 'janode';
import EchoTestPlugin from 'janode/plugins/echotest';
import { startServer } from './lib/server.mjs';
import { startFakeMedia } from './lib/media-sources.mjs';

const { RTCPeerConnection } = wrtc;
const { RTCVideoSink } = wrtc.nonstandard;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, predicate, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('full trickle: the answer has no candidates, trickled ones carry the echo', { timeout: 60000 }, async () => {
  const server = await startServer({ args: ['-f'] });
  const media = startFakeMedia();
  const pc = new RTCPeerConnection({ iceServers: [] });
  let connection;
  let sink;
  try {
    connection = await Janode.connect({ is_admin: false, address: { url: 'ws://127.0.0.1:8188/' } });
    const session = await connection.create();
    const handle = await session.attach({ ...EchoTestPlugin, id: 'janus.plugin.echotest' });

    // Trickles may arrive before the answer is applied: keep them until then, as janus.js does.
    const trickled = [];
    let completed = false;
    let remoteSet = false;
    handle.on(Janode.EVENT.HANDLE_TRICKLE, ({ candidate, sdpMid, sdpMLineIndex, completed: done }) => {
      if (done) {
        completed = true;
        return;
      }
      assert.equal(completed, false, 'no candidate after completed');
      trickled.push({ candidate, sdpMid, sdpMLineIndex });
      if (remoteSet) pc.addIceCandidate({ candidate, sdpMid, sdpMLineIndex }).catch(() => {});
    });

    let frames = 0;
    pc.ontrack = ({ track }) => {
      if (track.kind !== 'video') return;
      sink = new RTCVideoSink(track);
      sink.onframe = () => { frames++; };
    };
    pc.addTrack(media.videoTrack);
    pc.onicecandidate = ({ candidate }) => { handle.trickle(candidate ?? null).catch(() => {}); };
    await pc.setLocalDescription(await pc.createOffer());

    const result = await handle.start({ audio: false, video: true, jsep: pc.localDescription });
    assert.equal(result.jsep.type, 'answer');
    assert.doesNotMatch(result.jsep.sdp, /a=candidate:/, 'full trickle: no candidate in the answer');
    assert.doesNotMatch(result.jsep.sdp, /a=end-of-candidates/);
    await pc.setRemoteDescription(result.jsep);
    remoteSet = true;
    for (const c of trickled) await pc.addIceCandidate(c);

    await waitFor('the trickled candidates and completed', () => completed && trickled.length > 0);
    assert.ok(trickled.every((c) => c.candidate.startsWith('candidate:')), JSON.stringify(trickled));
    await waitFor('echoed video frames over a trickled candidate', () => frames > 10);

    await handle.hangup();
    await handle.detach();
    await session.destroy();
  } catch (e) {
    console.error(server.log.join('').slice(-4000));
    throw e;
  } finally {
    media.stop();
    sink?.stop();
    pc.close();
    await connection?.close().catch(() => {});
    await server.stop();
  }
});
