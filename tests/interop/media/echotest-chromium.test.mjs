// The EchoTest demo page, with Meetecho's janus.js, in Debian's headless Chromium with a fake camera and
// microphone: audio and video come back and are decoded, a data-channel message comes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchChromium, openEchoPage } from './lib/chromium.mjs';

const packages = (process.env.ECHO_PLUGINS ?? 'janus.plugin.echotest,janus.plugin.echolua,janus.plugin.echojs,janus.plugin.echocsx').split(',').filter(Boolean);

for (const pkg of packages) {
  test(`echo through ${pkg} with janus.js in Chromium`, { timeout: 90000 }, async () => {
    const server = await startServer();
    const browser = await launchChromium();
    let consoleLines = [];
    try {
      const opened = await openEchoPage(browser, pkg);
      const page = opened.page;
      consoleLines = opened.consoleLines;
      await page.waitForFunction(() => window.echo.webrtcUp === true, null, { timeout: 20000 });
      await page.waitForFunction(() => window.echo.dataOpen === true, null, { timeout: 10000 });
      await page.evaluate(() => window.echo.sendText('hello from chromium'));
      await page.waitForFunction(() => window.echo.dataReplies.some((d) => d.includes('hello from chromium')), null, { timeout: 10000 });
      // waitForFunction does not await a predicate's promise, so poll the page's stats from here.
      let stats = null;
      const deadline = Date.now() + 20000;
      while (Date.now() < deadline) {
        stats = await page.evaluate(() => window.echo.stats());
        if (stats.audioBytes > 0 && stats.videoBytes > 0 && stats.framesDecoded > 10 && stats.remoteWidth > 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      console.log(`chromium stats: ${JSON.stringify(stats)}`);
      assert.ok(stats.audioBytes > 0, 'audio came back');
      assert.ok(stats.videoBytes > 0, 'video came back');
      assert.ok(stats.framesDecoded > 10, 'video frames were decoded');
      assert.ok(stats.remoteWidth > 0, 'the remote <video> has a width');
      const errors = await page.evaluate(() => window.echo.errors);
      assert.deepEqual(errors, []);
      await page.evaluate(() => window.echo.stop());
      await page.waitForFunction(() => window.echo.state === 'cleaned up', null, { timeout: 10000 });
    } catch (e) {
      console.error(consoleLines.slice(-50).join('\n'));
      console.error(server.log.join('').slice(-4000));
      throw e;
    } finally {
      await browser.close();
      await server.stop();
    }
  });
}
