// A throw-away copy of the repo's plugins/ folder, for tests that rewrite plugin files while the server runs.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export function copyPlugins() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janus-plugins-'));
  // Build output of the compiled plugins (obj/) is not needed to load them.
  fs.cpSync(path.join(repo, 'plugins'), dir, { recursive: true, filter: (src) => path.basename(src) !== 'obj' });
  return {
    dir,
    file: (...parts) => path.join(dir, ...parts),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
