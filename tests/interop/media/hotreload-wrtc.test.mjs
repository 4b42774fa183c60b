// Hot reload under a live call (issue 3): while an EchoTest call runs through a libwebrtc peer (janode +
// @roamhq/wrtc), the echo script is rewritten 10 times, twice with a syntax error. The call must stay up with no
// RTP packet lost, the data-channel reply must show the new version after each good edit and the old one after
// each bad edit, and the Admin API must show each bad edit's file and line. The server runs on a temporary copy
// of plugins/; the save -> new-version-answering latency is measured and printed, not asserted.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer } from './lib/server.mjs';
import { copyPlugins } from './lib/plugins-copy.mjs';
import { pluginStatus } from './lib/admin.mjs';
import { openEchoCall, inboundRtp, waitFor, exitWhenDone } from './lib/wrtc-call.mjs';
import { echoScripts, editPlan } from './lib/script-edits.mjs';

const packages = (process.env.RELOAD_PLUGINS ?? 'janus.plugin.echojs,janus.plugin.echolua,janus.plugin.echocsx').split(',').filter(Boolean);

after(() => exitWhenDone());

describe('hot reload of echo scripts during a libwebrtc call', () => {
  let plugins;
  let server;
  const latencies = {};

  before(async () => {
    plugins = copyPlugins();
    server = await startServer({ pluginsDir: plugins.dir });
  });

  after(async () => {
    await server?.stop();
    plugins?.remove();
    for (const [pkg, ms] of Object.entries(latencies)) {
      const sorted = [...ms].sort((a, b) => a - b);
      console.log(`reload latency ${pkg} (save -> new version answering, ms): ${ms.map((m) => m.toFixed(0)).join(' ')}; median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)}, max ${sorted.at(-1).toFixed(0)}`);
    }
  });

  for (const pkg of packages) {
    test(`${pkg}: 10 rewrites (2 broken) keep the call, lose no RTP and answer with the right version`, { timeout: 90000 }, async () => {
      const script = echoScripts[pkg];
      const file = plugins.file(...script.path);
      const original = fs.readFileSync(file, 'utf8');
      const call = await openEchoCall(pkg);
      try {
        assert.ok((await call.ask()).startsWith(script.prefix(null)), 'the original version answers');
        let previous = await inboundRtp(call.pc);
        const checkMedia = async (when) => {
          // Stats are sampled, not live: allow a moment for both counters to move.
          const rising = (s) => s.audio.packetsReceived > previous.audio.packetsReceived && s.video.packetsReceived > previous.video.packetsReceived;
          let now = await inboundRtp(call.pc);
          const deadline = Date.now() + 2000;
          while (!rising(now) && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 50));
            now = await inboundRtp(call.pc);
          }
          for (const kind of ['audio', 'video']) {
            assert.equal(now[kind].packetsLost, 0, `${kind} packets lost ${when}`);
            assert.ok(now[kind].packetsReceived > previous[kind].packetsReceived, `${kind} packets keep arriving ${when}`);
          }
          assert.equal(call.pc.connectionState, 'connected', `PeerConnection state ${when}`);
          assert.deepEqual(call.events, [], `no hangup, detach or media stop ${when}`);
          previous = now;
        };
        await checkMedia('before the first edit');

        let good = null;
        let goodText = original;
        latencies[pkg] = [];
        for (const edit of editPlan) {
          if (edit.broken) {
            const { text, line } = script.broken(goodText);
            fs.writeFileSync(file, text);
            const status = await waitFor(`${pkg} to report the error of edit ${edit.n}`, async () => {
              const s = await pluginStatus(pkg);
              return s?.error?.line === line ? s : null;
            }, 20000, 50);
            assert.equal(status.error.file, file);
            assert.equal(status.state, 'loaded', 'the previous version keeps running');
            assert.ok((await call.ask()).startsWith(script.prefix(good)), `the previous version answers after broken edit ${edit.n}`);
          } else {
            goodText = script.version(original, edit.n);
            fs.writeFileSync(file, goodText);
            const saved = performance.now();
            const reply = await call.pollUntil((t) => t.startsWith(script.prefix(edit.n)), 30000);
            latencies[pkg].push(reply.at - saved);
            good = edit.n;
            assert.ok((await call.ask()).startsWith(script.prefix(good)), `version ${good} keeps answering`);
            const s = await pluginStatus(pkg);
            assert.equal(s.error, undefined, `no error after good edit ${edit.n}`);
          }
          await checkMedia(`after edit ${edit.n}${edit.broken ? ' (broken)' : ''}`);
        }
        const final = await pluginStatus(pkg);
        assert.equal(final.reloads, editPlan.filter((e) => !e.broken).length, 'one reload per good edit');
        // Media kept flowing a little longer after the last reload.
        await new Promise((r) => setTimeout(r, 500));
        await checkMedia('half a second after the last edit');
        console.log(`${pkg}: ${JSON.stringify(await inboundRtp(call.pc))}`);
        await call.hangup();
      } catch (e) {
        console.error(server.log.join('').slice(-6000));
        throw e;
      } finally {
        await call.close();
      }
    });
  }
});
