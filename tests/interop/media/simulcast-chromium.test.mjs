// Simulcast through the EchoTest: janus.js in Chromium sends three rid-based substreams (1280x720, 640x360,
// 320x180, two temporal layers each); the server echoes one of them, switching on keyframes when the user asks
// for another substream or temporal layer, and says so with Janus's events. Run for the compiled EchoTest and
// each script EchoTest, where the core does the switching and the script only tells the user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchChromium } from './lib/chromium.mjs';

// handle_info of the page's handle, through the Admin API over HTTP.
async function handleInfo(page) {
  const [session, handle] = await page.evaluate(() => [janus.getSessionId(), handle.getId()]);
  const res = await fetch(`http://127.0.0.1:7088/admin/${session}/${handle}`, {
    method: 'POST', body: JSON.stringify({ janus: 'handle_info', transaction: 'svc', admin_secret: 'janusoverlord' }),
  });
  return (await res.json()).info;
}

const packages = (process.env.SIMULCAST_PLUGINS ?? 'janus.plugin.echotest,janus.plugin.echolua,janus.plugin.echojs,janus.plugin.echocsx').split(',').filter(Boolean);

async function poll(page, what, predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    last = await page.evaluate(() => window.echo.stats());
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: last stats ${JSON.stringify(last)}`);
}

// Frames decoded per second over a short window.
async function frameRate(page, ms = 2000) {
  const before = await page.evaluate(() => window.echo.stats());
  await new Promise((r) => setTimeout(r, ms));
  const after = await page.evaluate(() => window.echo.stats());
  return ((after.framesDecoded - before.framesDecoded) * 1000) / ms;
}

// Resolves when the plugin has sent an event with `field` equal to `value` since `since` messages.
async function eventWith(page, since, field, value, timeoutMs = 15000) {
  await page.waitForFunction(([n, f, v]) => window.echo.messages.slice(n).some((m) => m[f] === v), [since, field, value], { timeout: timeoutMs });
}

// Starts the server and Chromium, opens the EchoTest page with `query`, runs `body(page)` once the PeerConnection
// is up, and on failure prints what the page, the console and the server said.
async function onEchoPage(query, body) {
  const server = await startServer();
  const browser = await launchChromium();
  const page = await browser.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  try {
    await page.goto(`http://127.0.0.1:8080/echotest.html?autostart=1&${query}`);
    await page.waitForFunction(() => window.echo.webrtcUp === true, null, { timeout: 20000 });
    await body(page);
    assert.deepEqual(await page.evaluate(() => window.echo.errors), []);
    await page.evaluate(() => window.echo.stop());
    await page.waitForFunction(() => window.echo.state === 'cleaned up', null, { timeout: 10000 });
  } catch (e) {
    console.error(consoleLines.slice(-40).join('\n'));
    console.error((await page.evaluate(() => window.echo.events.slice(-30)).catch(() => [])).join('\n'));
    console.error(server.log.join('').slice(-4000));
    throw e;
  } finally {
    await browser.close();
    await server.stop();
  }
}

// Sends `message` and waits for the plugin's event saying `field` is now `value`.
async function ask(page, message, field, value) {
  const mark = await page.evaluate(() => window.echo.messages.length);
  await page.evaluate((m) => window.echo.send(m), message);
  await eventWith(page, mark, field, value);
}

for (const pkg of packages) {
  test(`simulcast substream and temporal switching through ${pkg} in Chromium`, { timeout: 120000 }, () =>
    onEchoPage(`plugin=${encodeURIComponent(pkg)}&simulcast=1`, async (page) => {
      // Janus aims at the highest substream first: it comes once Chromium's bandwidth estimate allows it.
      await eventWith(page, 0, 'substream', 2, 40000);
      let stats = await poll(page, 'the high substream (1280 wide) comes back', (s) => s.remoteWidth === 1280 && s.framesDecoded > 10, 20000);
      console.log(`${pkg}: high substream ${JSON.stringify(stats)}`);

      // The demo page's own button, as a user would switch.
      const mark = await page.evaluate(() => window.echo.messages.length);
      await page.click('[data-layer="0"]');
      await eventWith(page, mark, 'substream', 0);
      stats = await poll(page, 'the low substream (320 wide) comes back', (s) => s.remoteWidth === 320, 15000);
      const framesAtLow = stats.framesDecoded;
      await poll(page, 'frames keep being decoded on the low substream', (s) => s.framesDecoded > framesAtLow + 20, 15000);

      const fullRate = await frameRate(page);
      await ask(page, { temporal: 0 }, 'temporal', 0);
      await new Promise((r) => setTimeout(r, 500));
      const baseRate = await frameRate(page);
      console.log(`${pkg}: frame rate with both temporal layers ${fullRate}/s, base layer only ${baseRate}/s`);
      assert.ok(baseRate > 2, 'the base temporal layer still plays');
      assert.ok(baseRate < fullRate * 0.75, 'dropping the upper temporal layer lowers the frame rate');

      await ask(page, { substream: 1, temporal: 1 }, 'substream', 1);
      stats = await poll(page, 'the middle substream (640 wide) comes back', (s) => s.remoteWidth === 640, 15000);
      const framesAtMiddle = stats.framesDecoded;
      await poll(page, 'frames keep being decoded on the middle substream', (s) => s.framesDecoded > framesAtMiddle + 20, 15000);
    }));
}

// SVC: one VP9 stream with three spatial and three temporal layers (janus.js's svc: 'L3T3_KEY'); the compiled
// EchoTest echoes the layers asked for with "spatial_layer" / "temporal_layer", as Janus's does.
test('SVC spatial and temporal layer switching through janus.plugin.echotest in Chromium', { timeout: 120000 }, () =>
  onEchoPage('plugin=janus.plugin.echotest&svc=L3T3_KEY&videocodec=vp9', async (page) => {
    await eventWith(page, 0, 'spatial_layer', 2, 40000);
    let stats = await poll(page, 'the top spatial layer (1280 wide) comes back', (s) => s.remoteWidth === 1280 && s.framesDecoded > 10, 20000);
    console.log(`svc: top layer ${JSON.stringify(stats)}`);
    const info = await handleInfo(page);
    assert.equal(info.webrtc.media['1'].codecs.codec, 'vp9', 'handle_info shows the negotiated codec, not the offer\'s first');
    assert.equal(info.plugin_specific.svc, true);
    assert.equal(info.plugin_specific['spatial-layer'], 2);

    const mark = await page.evaluate(() => window.echo.messages.length);
    await page.click('[data-layer="0"]');
    await eventWith(page, mark, 'spatial_layer', 0);
    stats = await poll(page, 'the bottom spatial layer (320 wide) comes back', (s) => s.remoteWidth === 320, 15000);
    const framesAtBottom = stats.framesDecoded;
    await poll(page, 'frames keep being decoded on the bottom layer', (s) => s.framesDecoded > framesAtBottom + 20, 15000);

    const fullRate = await frameRate(page);
    await ask(page, { temporal_layer: 0 }, 'temporal_layer', 0);
    await new Promise((r) => setTimeout(r, 500));
    const baseRate = await frameRate(page);
    console.log(`svc: frame rate with three temporal layers ${fullRate}/s, base layer only ${baseRate}/s`);
    assert.ok(baseRate > 1, 'the base temporal layer still plays');
    assert.ok(baseRate < fullRate * 0.6, 'dropping the upper temporal layers lowers the frame rate');

    await ask(page, { spatial_layer: 1, temporal_layer: 2 }, 'spatial_layer', 1);
    stats = await poll(page, 'the middle spatial layer (640 wide) comes back', (s) => s.remoteWidth === 640, 15000);
    const framesAtMiddle = stats.framesDecoded;
    await poll(page, 'frames keep being decoded on the middle layer', (s) => s.framesDecoded > framesAtMiddle + 20, 15000);
  }));
