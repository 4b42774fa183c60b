// Recording through the EchoTest ("record": true, "filename") with a libwebrtc peer, checked with Janus's own
// post-processor (Debian's janus-pp-rec 1.1.2): it must read our .mjr headers (-j), parse and reorder every file
// (-p), report sane packet counts and durations (-e) and turn audio into .opus, video into .webm and data into .srt.
// The server runs with recordings_tmp_ext = "part", as Janus would: a file is NAME.mjr.part while recording and
// becomes NAME.mjr only when closed, which proves when each plugin closes its recordings. The compiled EchoTest
// is stopped by hanging up; the Lua one by "record": false while the call goes on.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { openEchoCall, sleep, waitFor, exitWhenDone } from './lib/wrtc-call.mjs';

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const packages = (process.env.RECORDING_PLUGINS ?? 'janus.plugin.echotest,janus.plugin.echolua').split(',').filter(Boolean);
const kinds = { audio: { t: 'a', c: 'opus', out: 'opus' }, video: { t: 'v', c: 'vp8', out: 'webm' }, data: { t: 'd', c: 'text', out: 'srt' } };
const RECORD_MS = 4000;
after(() => exitWhenDone());

// janus-pp-rec with colours off; a non-zero exit rejects with its output attached.
async function postProcess(...args) {
  try {
    const { stdout, stderr } = await run('janus-pp-rec', ['-o', ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { stdout, output: stdout + stderr };
  } catch (e) {
    throw new Error(`janus-pp-rec ${args.join(' ')} failed (${e.code}): ${e.stdout}${e.stderr}`);
  }
}

// Our janus.jcfg with recordings_tmp_ext set in its general group.
function configWithTempExtension(folder) {
  const text = fs.readFileSync(path.join(repo, 'conf/janus.jcfg'), 'utf8');
  assert.match(text, /^general: \{$/m);
  const file = path.join(folder, 'janus.jcfg');
  fs.writeFileSync(file, text.replace(/^general: \{$/m, 'general: {\n\trecordings_tmp_ext = "part"'));
  return file;
}

const exists = (file) => fs.existsSync(file);

for (const pkg of packages) {
  const stopByHangup = pkg === 'janus.plugin.echotest';
  test(`${pkg} records audio, video and data that janus-pp-rec reads and converts (stopped by ${stopByHangup ? 'hangup' : '"record": false'})`, { timeout: 120000 }, async () => {
    // Under /tmp whatever TMPDIR says: the bundled janus.jcfg allows recordings only there (recordings_folder).
    const folder = fs.mkdtempSync(path.join('/tmp', 'recording-'));
    const base = path.join(folder, 'call');
    const file = (kind) => `${base}-${kind}.mjr`;
    const server = await startServer({ args: ['-C', configWithTempExtension(folder)] });
    let call = null;
    try {
      call = await openEchoCall(pkg);
      // A protected folder (Janus's list, in our janus.jcfg) is refused with an error event and no file.
      // (janode turns the plugin's error_code/error event into a rejection.)
      await assert.rejects(call.handle.message({ record: true, filename: '/usr/share/janus-recording-test/call' }), (e) => {
        assert.match(String(e.message), stopByHangup ? /^499 Target recording path .* is in protected folder/ : /^499 Error starting the recording/);
        return true;
      });
      assert.ok(!exists('/usr/share/janus-recording-test'), 'nothing made in a protected folder');
      const started = await call.handle.message({ record: true, filename: base });
      assert.equal(started.plugindata?.data?.result, 'ok', JSON.stringify(started));
      for (const kind of Object.keys(kinds)) {
        assert.ok(exists(`${file(kind)}.part`) && !exists(file(kind)), `${kind}: written as .mjr.part while recording`);
      }
      for (let i = 0; i < 3; i++) await call.ask();
      await sleep(RECORD_MS);

      if (stopByHangup) {
        await call.handle.hangup();
      } else {
        const stopped = await call.handle.message({ record: false });
        assert.equal(stopped.plugindata?.data?.result, 'ok', JSON.stringify(stopped));
      }
      // Closing renames each file to its .mjr name; after that it must not grow, though media may still flow.
      await waitFor('recordings closed', () => Object.keys(kinds).every((k) => exists(file(k)) && !exists(`${file(k)}.part`)), 5000);
      const sizes = Object.fromEntries(Object.keys(kinds).map((k) => [k, fs.statSync(file(k)).size]));
      if (!stopByHangup) await call.ask();
      await sleep(500);
      for (const k of Object.keys(kinds)) assert.equal(fs.statSync(file(k)).size, sizes[k], `${k} recording stopped growing`);
      console.log(`${pkg}: recordings ${JSON.stringify(sizes)}`);
    } catch (e) {
      console.error(server.log.join('').slice(-3000));
      throw e;
    } finally {
      await call?.close();
      await server.stop();
    }

    for (const [kind, { t, c, out }] of Object.entries(kinds)) {
      // The header is written as Janus writes it (jansson's separators), and janus-pp-rec reads it back.
      const raw = fs.readFileSync(file(kind));
      assert.equal(raw.subarray(0, 8).toString('latin1'), 'MJR00002');
      const infoText = raw.subarray(10, 10 + raw.readUInt16BE(8)).toString('utf8');
      assert.match(infoText, new RegExp(`^\\{"t": "${t}", "c": "${c}", "s": \\d+, "u": \\d+\\}$`), infoText);
      const header = JSON.parse((await postProcess('-d', '0', '-j', file(kind))).stdout);
      assert.equal(header.t, t);
      assert.equal(header.c, c);
      assert.ok(header.u >= header.s, `${kind}: first packet (${header.u}) after creation (${header.s})`);

      // Parse and reorder only: every packet is accepted, none dropped for an unexpected SSRC.
      const parsed = await postProcess('-p', file(kind));
      assert.match(parsed.output, /Parsing and reordering completed/, parsed.output.slice(-1500));
      assert.doesNotMatch(parsed.output, /unexpected SSRC/);

      const converted = await postProcess(file(kind), `${base}.${out}`);
      assert.doesNotMatch(converted.output, /unexpected SSRC/);
      console.log(`${pkg}: ${kind} -> ${out}: ${fs.statSync(`${base}.${out}`).size} bytes`);
    }

    // Extended reports: about RECORD_MS of 20 ms Opus packets, and 320x240 VP8 at up to 30 fps.
    const audio = JSON.parse((await postProcess('-d', '0', '-e', file('audio'))).stdout).extended;
    const video = JSON.parse((await postProcess('-d', '0', '-e', file('video'))).stdout).extended;
    console.log(`${pkg}: audio ${JSON.stringify(audio)}, video ${JSON.stringify(video)}`);
    const seconds = RECORD_MS / 1000;
    assert.ok(audio.duration > seconds - 0.5 && audio.duration < seconds + 3, `audio duration ${audio.duration}`);
    assert.ok(audio.packets > 40 * seconds && audio.packets < 60 * (seconds + 3), `audio packets ${audio.packets}`);
    assert.ok(video.duration > seconds - 0.5 && video.duration < seconds + 3, `video duration ${video.duration}`);
    assert.ok(video.packets > 10 * seconds, `video packets ${video.packets}`);
    // janus-pp-rec reads the size from each VP8 keyframe: the keyframe asked for when recording started comes
    // early (packets already in flight may precede it), and every keyframe has the sender's size.
    const sizes = video.codec?.resolution ?? [];
    assert.ok(sizes.length > 0 && sizes[0].ts < 1, JSON.stringify(video.codec));
    for (const { width, height } of sizes) assert.deepEqual([width, height], [320, 240], JSON.stringify(video.codec));

    // The converted files are what they claim to be: an Ogg stream and a Matroska/WebM one, with content.
    const opus = fs.readFileSync(`${base}.opus`);
    const webm = fs.readFileSync(`${base}.webm`);
    assert.equal(opus.subarray(0, 4).toString('latin1'), 'OggS');
    assert.ok(opus.includes(Buffer.from('OpusHead')), 'an Opus stream');
    assert.ok(opus.length > 5000, `Opus file of ${opus.length} bytes`);
    assert.equal(webm.readUInt32BE(0), 0x1a45dfa3, 'an EBML (WebM) file');
    assert.ok(webm.length > 20000, `WebM file of ${webm.length} bytes`);

    // The data recording holds the texts the peer sent, in order.
    const subtitles = fs.readFileSync(`${base}.srt`, 'utf8');
    const pings = subtitles.match(/ping-\d+-\d+/g) ?? [];
    assert.equal(pings.length, 3, subtitles);
    assert.deepEqual(pings.map((p) => Number(p.split('-')[1])), [1, 2, 3]);
    fs.rmSync(folder, { recursive: true, force: true });
  });
}
