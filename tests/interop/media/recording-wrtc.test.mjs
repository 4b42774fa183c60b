// Recording through the EchoTest ("record": true, "filename") with a libwebrtc peer, checked with Janus's own
// post-processor: Debian's janus-pp-rec must accept our .mjr files and turn them into .opus and .webm files,
// and the data recording must hold the messages sent.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { openEchoCall, sleep, exitWhenDone } from './lib/wrtc-call.mjs';

const run = promisify(execFile);
const packages = (process.env.RECORDING_PLUGINS ?? 'janus.plugin.echotest,janus.plugin.echolua').split(',').filter(Boolean);
after(() => exitWhenDone());

async function postProcess(...args) {
  const { stdout, stderr } = await run('janus-pp-rec', ['-o', ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout + stderr;
}

for (const pkg of packages) {
  test(`${pkg} records audio, video and data that janus-pp-rec converts`, { timeout: 90000 }, async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'recording-'));
    const base = path.join(folder, 'call');
    const server = await startServer();
    let call = null;
    try {
      call = await openEchoCall(pkg);
      // janode's EchoTest start() wants a JSEP: send the request as it is.
      const started = await call.handle.message({ record: true, filename: base });
      assert.equal(started.plugindata?.data?.result, 'ok', JSON.stringify(started));
      for (let i = 0; i < 3; i++) await call.ask();
      await sleep(4000);
      await call.handle.message({ record: false });
      // Media keeps flowing after the recording stopped; the files are closed and complete.
      const sizes = Object.fromEntries(['audio', 'video', 'data'].map((k) => [k, fs.statSync(`${base}-${k}.mjr`).size]));
      await sleep(500);
      for (const k of ['audio', 'video', 'data']) assert.equal(fs.statSync(`${base}-${k}.mjr`).size, sizes[k], `${k} recording stopped growing`);
      console.log(`${pkg}: recordings ${JSON.stringify(sizes)}`);
    } catch (e) {
      console.error(server.log.join('').slice(-3000));
      throw e;
    } finally {
      await call?.close();
      await server.stop();
    }

    const header = JSON.parse((await run('janus-pp-rec', ['-o', '-d', '0', '--json', `${base}-video.mjr`])).stdout);
    assert.equal(header.t, 'v');
    assert.equal(header.c, 'vp8');

    const audio = await postProcess(`${base}-audio.mjr`, `${base}.opus`);
    const video = await postProcess(`${base}-video.mjr`, `${base}.webm`);
    const audioSize = fs.statSync(`${base}.opus`).size;
    const videoSize = fs.statSync(`${base}.webm`).size;
    console.log(`${pkg}: janus-pp-rec wrote ${audioSize} bytes of Opus and ${videoSize} bytes of WebM`);
    // About four seconds of 20 ms Opus packets and of video frames went in.
    const audioPackets = Number(/Counted (\d+) RTP packets/.exec(audio)?.[1] ?? 0);
    const videoPackets = Number(/Counted (\d+) RTP packets/.exec(video)?.[1] ?? 0);
    assert.ok(audioPackets > 150, `audio packets: ${audio.slice(-1500)}`);
    assert.ok(videoPackets > 50, `video packets: ${video.slice(-1500)}`);
    assert.ok(audioSize > 5000, 'an Opus file with content');
    assert.ok(videoSize > 20000, 'a WebM file with content');

    // The data recording holds the texts the peer sent, in order.
    await postProcess(`${base}-data.mjr`, `${base}.srt`);
    const subtitles = fs.readFileSync(`${base}.srt`, 'utf8');
    assert.equal((subtitles.match(/ping-\d+-\d+/g) ?? []).length, 3, subtitles);
    fs.rmSync(folder, { recursive: true, force: true });
  });
}
