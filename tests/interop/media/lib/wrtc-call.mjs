// An EchoTest call that stays open: a libwebrtc peer in Node (@roamhq/wrtc) signalled by janode, for tests
// that do things to the server while media flows (echotest-wrtc.test.mjs runs a call start to end instead).
import wrtc from '@roamhq/wrtc';
import Janode from 'janode';
import EchoTestPlugin from 'janode/plugins/echotest';
import { startFakeMedia } from './media-sources.mjs';

const { RTCPeerConnection } = wrtc;
const { RTCVideoSink, RTCAudioSink } = wrtc.nonstandard;

/**
 * @roamhq/wrtc keeps Node's event loop alive after every PeerConnection is closed, so a test file using it never
 * exits by itself and `node --test` would wait for it forever. Call this from a file's last `after` hook: once the
 * runner has had a moment to report, the process exits with the code the runner set.
 */
export function exitWhenDone(graceMs = 1000) {
  setTimeout(() => process.exit(), graceMs).unref();
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what, predicate, timeoutMs = 15000, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await predicate();
    if (value) return value;
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// inbound-rtp per kind: packets received and lost (RFC 3550 6.4.1 cumulative lost, as the receiver counts it
// from sequence number gaps) and bytes.
export async function inboundRtp(pc) {
  const out = {};
  (await pc.getStats()).forEach((s) => {
    if (s.type !== 'inbound-rtp') return;
    const kind = s.kind ?? s.mediaType;
    const k = out[kind] ?? (out[kind] = { packetsReceived: 0, packetsLost: 0, bytesReceived: 0 });
    k.packetsReceived += s.packetsReceived ?? 0;
    k.packetsLost += s.packetsLost ?? 0;
    k.bytesReceived += s.bytesReceived ?? 0;
  });
  return out;
}

/**
 * Opens an EchoTest call with audio, video and a data channel through `pkg` and waits until all three echo.
 * `events` records what would mean the call broke: janode hangup/detached/ice-failed events, media events saying
 * the server stopped receiving, and PeerConnection state changes away from "connected".
 */
export async function openEchoCall(pkg, { url = 'ws://127.0.0.1:8188/' } = {}) {
  const connection = await Janode.connect({ is_admin: false, address: { url } });
  const session = await connection.create();
  const handle = await session.attach({ ...EchoTestPlugin, id: pkg });
  const pc = new RTCPeerConnection({ iceServers: [] });
  const media = startFakeMedia();
  const counters = { videoFrames: 0, audioFrames: 0 };
  const replies = [];
  const events = [];
  const sinks = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    media.stop();
    for (const s of sinks) s.stop();
    pc.close();
    await connection.close().catch(() => {});
  };
  try {
    handle.on(Janode.EVENT.HANDLE_HANGUP, (d) => events.push({ event: 'hangup', ...d }));
    handle.on(Janode.EVENT.HANDLE_DETACHED, (d) => events.push({ event: 'detached', ...d }));
    handle.on(Janode.EVENT.HANDLE_ICE_FAILED, (d) => events.push({ event: 'ice-failed', ...d }));
    handle.on(Janode.EVENT.HANDLE_MEDIA, (d) => { if (d?.receiving === false) events.push({ event: 'media-stopped', ...d }); });
    pc.addTrack(media.audioTrack);
    pc.addTrack(media.videoTrack);
    const channel = pc.createDataChannel('JanusDataChannel');
    pc.ontrack = ({ track }) => {
      if (track.kind === 'video') {
        const sink = new RTCVideoSink(track);
        sink.onframe = () => { counters.videoFrames++; };
        sinks.push(sink);
      } else {
        const sink = new RTCAudioSink(track);
        sink.ondata = () => { counters.audioFrames++; };
        sinks.push(sink);
      }
    };
    channel.onmessage = ({ data }) => replies.push({ at: performance.now(), text: String(data) });
    let webrtcUp = false;
    handle.once(Janode.EVENT.HANDLE_WEBRTCUP, () => { webrtcUp = true; });
    pc.onicecandidate = ({ candidate }) => { handle.trickle(candidate ?? null).catch(() => {}); };

    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const result = await handle.start({ audio: true, video: true, jsep: pc.localDescription });
    if (result.jsep?.type !== 'answer') throw new Error(`no answer from ${pkg}: ${JSON.stringify(result)}`);
    await pc.setRemoteDescription(result.jsep);
    await waitFor('webrtcup', () => webrtcUp);
    await waitFor('connected', () => pc.connectionState === 'connected');
    pc.onconnectionstatechange = () => { if (pc.connectionState !== 'connected') events.push({ event: 'pc-state', state: pc.connectionState }); };
    await waitFor('data channel open', () => channel.readyState === 'open');
    await waitFor('echoed video frames', () => counters.videoFrames > 10);
    await waitFor('echoed audio', () => counters.audioFrames > 10);

    let sent = 0;
    return {
      pc, handle, channel, counters, replies, events, close,
      /** Sends a fresh text and resolves with its echo (the reply that contains it). */
      async ask(timeoutMs = 5000) {
        const text = `ping-${++sent}-${Date.now()}`;
        channel.send(text);
        return (await waitFor(`echo of ${text}`, () => replies.find((r) => r.text.endsWith(text)), timeoutMs, 5)).text;
      },
      /** Sends texts every `everyMs` until a reply matches `predicate`; resolves with that reply and when it came. */
      async pollUntil(predicate, timeoutMs = 15000, everyMs = 20) {
        const from = replies.length;
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
          channel.send(`poll-${++sent}`);
          await sleep(everyMs);
          for (let i = from; i < replies.length; i++) if (predicate(replies[i].text)) return replies[i];
        }
        throw new Error(`no matching reply within ${timeoutMs} ms; last: ${replies.at(-1)?.text}`);
      },
      async hangup() {
        await handle.hangup();
        await handle.detach();
        await session.destroy();
        await close();
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}
