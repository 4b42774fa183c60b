// A UDP relay between a WebRTC client and the server that drops some RTP in either direction, so retransmission
// (NACK, RFC 4585; RTX, RFC 4588) is exercised on a real call. Only RTP is dropped: STUN, DTLS and RTCP always pass (RFC 7983 first-byte ranges; RTCP packet types 192-223 sit where RTP payload types
// 64-95 would, RFC 5761 §4). The client is given the relay's address as the server's only candidate.
import dgram from 'node:dgram';

// toClientEvery / toServerEvery: drop every Nth RTP packet of that payload type in that direction (0: none).
export async function startLossyRelay({ serverHost, serverPort, dropPayloadType, toClientEvery = 0, toServerEvery = 0 }) {
  const front = dgram.createSocket('udp4'); // the client's side
  const back = dgram.createSocket('udp4'); // the server's side
  const counters = { toServer: 0, toClient: 0, rtpToClient: 0, rtpToServer: 0, droppedToClient: 0, droppedToServer: 0 };
  let client = null;
  const isDroppable = (msg) => msg.length >= 12 && msg[0] >= 128 && msg[0] <= 191 &&
    !((msg[1] & 0x7f) >= 64 && (msg[1] & 0x7f) <= 95) && (msg[1] & 0x7f) === dropPayloadType;
  front.on('message', (msg, rinfo) => {
    client = { address: rinfo.address, port: rinfo.port };
    if (isDroppable(msg)) {
      counters.rtpToServer++;
      if (toServerEvery > 0 && counters.rtpToServer % toServerEvery === 0) {
        counters.droppedToServer++;
        return;
      }
    }
    counters.toServer++;
    back.send(msg, serverPort, serverHost);
  });
  back.on('message', (msg) => {
    if (!client) return;
    if (isDroppable(msg)) {
      counters.rtpToClient++;
      if (toClientEvery > 0 && counters.rtpToClient % toClientEvery === 0) {
        counters.droppedToClient++;
        return;
      }
    }
    counters.toClient++;
    front.send(msg, client.port, client.address);
  });
  await Promise.all([
    new Promise((r) => front.bind(0, '127.0.0.1', r)),
    new Promise((r) => back.bind(0, '127.0.0.1', r)),
  ]);
  return {
    port: front.address().port,
    counters,
    close() { front.close(); back.close(); },
  };
}

// The answer as the client should see it: the server's candidates replaced by the relay's address.
export function answerThroughRelay(sdp, relayPort) {
  const lines = sdp.split('\r\n').filter((l) => !l.startsWith('a=candidate:'));
  const out = [];
  for (const line of lines) {
    out.push(line);
    if (line.startsWith('m=')) out.push(`a=candidate:1 1 udp 2130706431 127.0.0.1 ${relayPort} typ host`);
  }
  return out.join('\r\n');
}

// The server's loopback host candidate and the first payload type of its video m-line, read from the answer.
export function serverLoopbackCandidate(sdp) {
  const m = sdp.match(/a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 (\d+) typ host/);
  if (!m) throw new Error('the answer has no 127.0.0.1 host candidate');
  return Number(m[1]);
}

export function videoPayloadType(sdp) {
  const m = sdp.match(/m=video \d+ \S+ (\d+)/);
  if (!m) throw new Error('the answer has no video m-line');
  return Number(m[1]);
}
