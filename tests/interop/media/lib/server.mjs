// Starts the built server as a child process, as a user would, and waits until its API answers.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

// pluginsDir: the folder holding lua/, js/, csx/ and native/ (default: the repo's plugins/). Tests that edit
// plugin files pass a copy (see copyPlugins in plugins-copy.mjs), never the repo's own folder.
export async function startServer({ args = [], httpPort = 8088, env = {}, pluginsDir = path.join(repo, 'plugins') } = {}) {
  const dll = process.env.JANUS_DLL ?? path.join(repo, 'src/Janus.Host/bin/Release/net10.0/janus.dll');
  if (!fs.existsSync(dll)) throw new Error(`server not built: ${dll}`);
  const child = spawn('dotnet', [dll, '-F', path.join(repo, 'conf'), '-P', pluginsDir, ...args], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  child.stdout.on('data', (d) => log.push(d.toString()));
  child.stderr.on('data', (d) => log.push(d.toString()));
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${log.join('')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${httpPort}/janus/info`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    log,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => { child.once('exit', r); setTimeout(() => { child.kill('SIGKILL'); r(); }, 5000); });
    },
  };
}
