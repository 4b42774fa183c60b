// EchoTest through a lossy link: a relay drops every 10th echoed video RTP packet on its way to a libwebrtc peer
// (@roamhq/wrtc, signalled by janode). The peer must NACK, the server must retransmit from its buffer, and the
// video must keep decoding with most losses repaired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import wrtc from '@roamhq/wrtc';
import Janode from 'janode';
import EchoTestPlugin from 'janode/plugins/echotest';
import { startServer } from './lib/server.mjs';
import { startFakeMedia } from './lib/media-sources.mjs';
import { adminRequest } from './lib/admin.mjs';
import { startLossyRelay, answerThroughRelay, serverLoopbackCandidate, videoPayloadType } from './lib/lossy-relay.mjs';

const { RTCPeerConnection } = wrtc;
const { RTCVideoSink } = wrtc.nonstandard;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function inboundVideo(pc) {
  const stats = await pc.getStats();
  let video = null;
  stats.forEach((s) => { if (s.type === 'inbound-rtp' && (s.kind ?? s.mediaType) === 'video') video = s; });
  return video;
}

test('echo through a link losing 10 % of the echoed video: NACKs are answered with retransmissions', { timeout: 90000 }, async () => {
  const server = await startServer();
  const connection = await Janode.connect({ is_admin: false, address: { url: 'ws://127.0.0.1:8188/' } });
  const pc = new RTCPeerConnection({ iceServers: [] });
  const media = startFakeMedia();
  let relay = null;
  let sink = null;
  try {
    const session = await connection.create();
    const handle = await session.attach({ ...EchoTestPlugin, id: 'janus.plugin.echotest' });
    pc.addTrack(media.videoTrack);
    let frames = 0;
    pc.ontrack = ({ track }) => {
      if (track.kind !== 'video') return;
      sink = new RTCVideoSink(track);
      sink.onframe = () => { frames++; };
    };
    // The server gets no client candidate (none in the offer, no trickle): it must learn the client only through
    // the relay, as a peer-reflexive candidate, or its checks would open a direct path around the relay.
    await pc.setLocalDescription(await pc.createOffer());
    const offer = { type: 'offer', sdp: pc.localDescription.sdp.split('\r\n').filter((l) => !l.startsWith('a=candidate:')).join('\r\n') };
    const result = await handle.start({ audio: false, video: true, jsep: offer });
    relay = await startLossyRelay({
      serverHost: '127.0.0.1',
      serverPort: serverLoopbackCandidate(result.jsep.sdp),
      dropEvery: 10,
      dropPayloadType: videoPayloadType(result.jsep.sdp),
    });
    await pc.setRemoteDescription({ type: 'answer', sdp: answerThroughRelay(result.jsep.sdp, relay.port) });

    const deadline = Date.now() + 20000;
    while (frames < 10 && Date.now() < deadline) await sleep(100);
    assert.ok(frames >= 10, `echoed video decodes through the relay (${frames} frames)`);
    await sleep(6000);

    const video = await inboundVideo(pc);
    const { info } = await adminRequest('handle_info', { session_id: session.id, handle_id: handle.id });
    const report = { relay: relay.counters, frames, nackCount: video.nackCount, packetsLost: video.packetsLost,
      packetsReceived: video.packetsReceived, retransmittedByServer: info.webrtc.retransmitted };
    console.log(`lossy link: ${JSON.stringify(report)}`);

    assert.ok(relay.counters.dropped >= 10, 'the relay dropped echoed video packets');
    assert.ok(relay.counters.rtpToClient > 100, 'the echoed video went through the relay');
    assert.ok(video.nackCount > 0, 'the client asked for the lost packets');
    assert.ok(info.webrtc.retransmitted > 0, 'the server retransmitted from its buffer');
    // A retransmission can be dropped too (every 10th video packet is), so allow some losses, not most of them.
    assert.ok(video.packetsLost < relay.counters.dropped / 2, `most losses were repaired (${video.packetsLost} of ${relay.counters.dropped} left)`);
    await handle.detach();
    await session.destroy();
  } catch (e) {
    console.error(server.log.join('').slice(-4000));
    throw e;
  } finally {
    sink?.stop();
    media.stop();
    pc.close();
    relay?.close();
    await connection.close().catch(() => {});
    await server.stop();
  }
});
