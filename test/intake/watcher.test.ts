/**
 * The inbox watcher against the real file system: files dropped while it is still starting are
 * seen (chokidar alone misses those created between its first scan and its OS watch).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchInbox } from '../../src/intake/watcher.js';
import { SAMPLES } from '../helpers.js';

const NAMES = ['000_fc46f2fa053bb05e.txt', '001_683f5b3ce4c84b58.txt', '002_32cbd7b51d76111f.docx'];
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Starts a watcher, drops the files after `delayMs` (ready or not), and returns what became stable. */
async function dropWhileStarting(delayMs: number): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'tongzhi-watch-'));
  dirs.push(root);
  const inbox = join(root, 'inbox');
  mkdirSync(inbox);
  const stable: string[] = [];
  const w = watchInbox(inbox, { stabilityMs: 100, poll: false, pollIntervalMs: 100, watch: true, onStable: (p) => stable.push(p) });
  await new Promise((r) => setTimeout(r, delayMs));
  for (const n of NAMES) copyFileSync(join(SAMPLES, n), join(inbox, n));
  await w.ready;
  for (let i = 0; i < 100 && (w.waiting > 0 || stable.length < NAMES.length); i++) await new Promise((r) => setTimeout(r, 50));
  await w.close();
  return stable.map((p) => p.slice(inbox.length + 1)).sort();
}

describe('inbox watcher start-up', () => {
  it('files dropped while the watcher is starting are all taken, each once', async () => {
    // Delays spread over the window between watch() and ready, where chokidar alone lost files.
    for (const delayMs of [0, 1, 2, 3, 4, 5, 6, 8, 10, 12]) expect(await dropWhileStarting(delayMs)).toEqual(NAMES);
  }, 120_000);
});
