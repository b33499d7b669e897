/** The SQLite driver (the default store) against the conformance suite, in a fresh folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDriver } from '../../src/store/index.js';
import { conformance } from './conformance.js';

conformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tongzhi-sqlite-'));
  const file = join(dir, 'index', 'notices.sqlite');
  return { open: async () => SqliteDriver.open(file), where: file, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});
