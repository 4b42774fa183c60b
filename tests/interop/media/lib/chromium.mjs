// Debian's headless Chromium with fake camera and microphone, opening the EchoTest demo page (janus.js).
import { chromium } from 'playwright-core';

// No outside traffic, real addresses (no mDNS), fake devices.
export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs, headless: true });
}

/** Opens html/echotest.html on the server's demo port with `pkg`, started; `window.echo` is the page's state. */
export async function openEchoPage(browser, pkg, { demoPort = 8080 } = {}) {
  const page = await browser.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  await page.goto(`http://127.0.0.1:${demoPort}/echotest.html?plugin=${encodeURIComponent(pkg)}&autostart=1`);
  return { page, consoleLines };
}

/** inbound-rtp per kind from the page's janus.js PeerConnection (the page's `handle`), as wrtc-call.mjs's inboundRtp. */
export function pageInboundRtp(page) {
  return page.evaluate(async () => {
    const out = {};
    // eslint-disable-next-line no-undef
    (await handle.webrtcStuff.pc.getStats()).forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      const k = out[s.kind] ?? (out[s.kind] = { packetsReceived: 0, packetsLost: 0, bytesReceived: 0 });
      k.packetsReceived += s.packetsReceived ?? 0;
      k.packetsLost += s.packetsLost ?? 0;
      k.bytesReceived += s.bytesReceived ?? 0;
    });
    return out;
  });
}
