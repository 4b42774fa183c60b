// The hot-reload scenario of issue 3, for any client: rewrite an echo script 10 times (twice broken) while a call
// runs, and check after every edit that the call is intact and the right version answers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { pluginStatus } from './admin.mjs';
import { echoScripts, editPlan } from './script-edits.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, predicate, timeoutMs, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await predicate();
    if (value) return value;
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * `call` is the client side of a running EchoTest call:
 *   ask(): sends a fresh text, resolves with its echo;
 *   pollUntil(predicate, timeoutMs): sends texts until a reply matches, resolves with { at, text } (performance.now());
 *   inboundRtp(): { audio: { packetsReceived, packetsLost }, video: { ... } };
 *   connected(): whether the PeerConnection is up;
 *   problems(): what went wrong with the call so far (hangup, detach, media stopped, ...), [] if nothing.
 * Resolves with the save -> new-version-answering latencies (ms) of the good edits.
 */
export async function rewriteTenTimes(pkg, file, call) {
  const script = echoScripts[pkg];
  const original = fs.readFileSync(file, 'utf8');
  assert.ok((await call.ask()).startsWith(script.prefix(null)), 'the original version answers');

  let previous = await call.inboundRtp();
  const checkMedia = async (when) => {
    // Stats are sampled, not live: allow a moment for both counters to move.
    const rising = (s) => s.audio.packetsReceived > previous.audio.packetsReceived && s.video.packetsReceived > previous.video.packetsReceived;
    let now = await call.inboundRtp();
    const deadline = Date.now() + 2000;
    while (!rising(now) && Date.now() < deadline) {
      await sleep(50);
      now = await call.inboundRtp();
    }
    for (const kind of ['audio', 'video']) {
      assert.equal(now[kind].packetsLost, 0, `${kind} packets lost ${when}`);
      assert.ok(now[kind].packetsReceived > previous[kind].packetsReceived, `${kind} packets keep arriving ${when}`);
    }
    assert.ok(await call.connected(), `PeerConnection still connected ${when}`);
    assert.deepEqual(await call.problems(), [], `no hangup, detach or media stop ${when}`);
    previous = now;
  };
  await checkMedia('before the first edit');

  const latencies = [];
  let good = null;
  let goodText = original;
  for (const edit of editPlan) {
    if (edit.broken) {
      const { text, line } = script.broken(goodText);
      fs.writeFileSync(file, text);
      const status = await waitFor(`${pkg} to report the error of edit ${edit.n}`, async () => {
        const s = await pluginStatus(pkg);
        return s?.error?.line === line ? s : null;
      }, 20000);
      assert.equal(status.error.file, file);
      assert.equal(status.state, 'loaded', 'the previous version keeps running');
      assert.ok((await call.ask()).startsWith(script.prefix(good)), `the previous version answers after broken edit ${edit.n}`);
    } else {
      goodText = script.version(original, edit.n);
      fs.writeFileSync(file, goodText);
      const saved = performance.now();
      const reply = await call.pollUntil((t) => t.startsWith(script.prefix(edit.n)), 30000);
      latencies.push(reply.at - saved);
      good = edit.n;
      assert.ok((await call.ask()).startsWith(script.prefix(good)), `version ${good} keeps answering`);
      assert.equal((await pluginStatus(pkg)).error, undefined, `no error after good edit ${edit.n}`);
    }
    await checkMedia(`after edit ${edit.n}${edit.broken ? ' (broken)' : ''}`);
  }
  assert.equal((await pluginStatus(pkg)).reloads, editPlan.filter((e) => !e.broken).length, 'one reload per good edit');
  await sleep(500);
  await checkMedia('half a second after the last edit');
  return latencies;
}

export function describeLatencies(label, ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  return `reload latency ${label} (save -> new version answering, ms): ${ms.map((m) => m.toFixed(0)).join(' ')}; median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)}, max ${sorted.at(-1).toFixed(0)}`;
}
