// Hot reload under a live call (issue 3), with Meetecho's janus.js in headless Chromium: the same 10 rewrites
// (2 broken) as hotreload-wrtc.test.mjs while the EchoTest demo page holds a call with a fake camera and microphone.
import { describe, test, before, after } from 'node:test';
import { startServer } from './lib/server.mjs';
import { copyPlugins } from './lib/plugins-copy.mjs';
import { echoScripts } from './lib/script-edits.mjs';
import { rewriteTenTimes, describeLatencies } from './lib/hotreload-run.mjs';
import { launchChromium, openEchoPage, pageInboundRtp } from './lib/chromium.mjs';

const packages = (process.env.RELOAD_PLUGINS ?? 'janus.plugin.echojs,janus.plugin.echolua,janus.plugin.echocsx').split(',').filter(Boolean);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Page log lines that mean the call broke (html/echotest.js logs them as janus.js reports them).
const broken = /PeerConnection is down|stopped receiving|detached|cleaned up|session destroyed|^error:/;

describe('hot reload of echo scripts during a janus.js call in Chromium', () => {
  let plugins;
  let server;
  let browser;
  const latencies = {};

  before(async () => {
    plugins = copyPlugins();
    server = await startServer({ pluginsDir: plugins.dir });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    plugins?.remove();
    for (const [pkg, ms] of Object.entries(latencies)) console.log(describeLatencies(`${pkg} (chromium)`, ms));
  });

  for (const pkg of packages) {
    test(`${pkg}: 10 rewrites (2 broken) keep the janus.js call, lose no RTP and answer with the right version`, { timeout: 90000 }, async () => {
      const { page, consoleLines } = await openEchoPage(browser, pkg);
      let sent = 0;
      const send = (text) => page.evaluate((t) => window.echo.sendText(t), text);
      const replyMatching = (fn, arg) => page.evaluate(([source, a]) => {
        // eslint-disable-next-line no-new-func
        const match = new Function('text', 'arg', source);
        return window.echo.dataReplies.find((r) => match(r, a)) ?? null;
      }, [fn, arg]);
      try {
        await page.waitForFunction(() => window.echo.webrtcUp === true, null, { timeout: 20000 });
        await page.waitForFunction(() => window.echo.dataOpen === true, null, { timeout: 10000 });
        // Wait until media flows both ways before the first edit.
        const deadline = Date.now() + 20000;
        for (let s = await pageInboundRtp(page); !(s.audio?.packetsReceived > 20 && s.video?.packetsReceived > 20); s = await pageInboundRtp(page)) {
          if (Date.now() > deadline) throw new Error(`no media echoed: ${JSON.stringify(s)}`);
          await sleep(100);
        }
        const ask = async () => {
          const text = `ping-${++sent}-${Date.now()}`;
          await send(text);
          const until = Date.now() + 5000;
          for (;;) {
            const reply = await replyMatching('return text.endsWith(arg);', text);
            if (reply) return reply;
            if (Date.now() > until) throw new Error(`no echo of ${text}`);
            await sleep(5);
          }
        };
        latencies[pkg] = await rewriteTenTimes(pkg, plugins.file(...echoScripts[pkg].path), {
          ask,
          async pollUntil(predicate, timeoutMs) {
            const from = await page.evaluate(() => window.echo.dataReplies.length);
            const until = Date.now() + timeoutMs;
            while (Date.now() < until) {
              await send(`poll-${++sent}`);
              await sleep(20);
              const replies = await page.evaluate((n) => window.echo.dataReplies.slice(n), from);
              const hit = replies.find((r) => predicate(r));
              if (hit) return { at: performance.now(), text: hit };
            }
            throw new Error(`no matching reply within ${timeoutMs} ms`);
          },
          inboundRtp: () => pageInboundRtp(page),
          connected: () => page.evaluate(() => window.echo.webrtcUp === true),
          problems: () => page.evaluate((re) => [...window.echo.events.filter((e) => new RegExp(re).test(e)), ...window.echo.errors], broken.source),
        });
        console.log(`${pkg} (chromium): ${JSON.stringify(await pageInboundRtp(page))}`);
        await page.evaluate(() => window.echo.stop());
        await page.waitForFunction(() => window.echo.state === 'cleaned up', null, { timeout: 10000 });
      } catch (e) {
        console.error(consoleLines.slice(-30).join('\n'));
        console.error(server.log.join('').slice(-6000));
        throw e;
      } finally {
        await page.close();
      }
    });
  }
});
