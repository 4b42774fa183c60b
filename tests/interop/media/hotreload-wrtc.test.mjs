// Hot reload under a live call (issue 3): while an EchoTest call runs through a libwebrtc peer (janode +
// @roamhq/wrtc), the echo script is rewritten 10 times, twice with a syntax error. The call must stay up with no
// RTP packet lost, the data-channel reply must show the new version after each good edit and the old one after
// each bad edit, and the Admin API must show each bad edit's file and line. The server runs on a temporary copy
// of plugins/; the save -> new-version-answering latency is measured and printed, not asserted.
import { describe, test, before, after } from 'node:test';
import { startServer } from './lib/server.mjs';
import { copyPlugins } from './lib/plugins-copy.mjs';
import { echoScripts } from './lib/script-edits.mjs';
import { rewriteTenTimes, describeLatencies } from './lib/hotreload-run.mjs';
import { openEchoCall, inboundRtp, exitWhenDone } from './lib/wrtc-call.mjs';

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
    for (const [pkg, ms] of Object.entries(latencies)) console.log(describeLatencies(`${pkg} (wrtc)`, ms));
  });

  for (const pkg of packages) {
    test(`${pkg}: 10 rewrites (2 broken) keep the call, lose no RTP and answer with the right version`, { timeout: 90000 }, async () => {
      const call = await openEchoCall(pkg);
      try {
        latencies[pkg] = await rewriteTenTimes(pkg, plugins.file(...echoScripts[pkg].path), {
          ask: () => call.ask(),
          pollUntil: (predicate, timeoutMs) => call.pollUntil(predicate, timeoutMs),
          inboundRtp: () => inboundRtp(call.pc),
          connected: () => call.pc.connectionState === 'connected',
          problems: () => call.events,
        });
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
