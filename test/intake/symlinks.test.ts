/**
 * Links are refused and reported, never followed, by the watcher and by a batch (ingest) alike:
 * `ln -s /etc/passwd inbox/p.txt` became a record served by /notices/:id/original, and a linked
 * folder had every file of its target moved into done/. FIFOs and links in out/records are
 * skipped and reported, never opened.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startService } from '../../src/intake/service.js';
import { readRegularFile, NotRegularFile } from '../../src/store/regular-file.js';
import { SAMPLES } from '../helpers.js';
import { collect, files, removeTempDirs, tempDir, testEnv } from './helpers.js';

afterAll(() => removeTempDirs());

describe.each([
  ['watch', true],
  ['batch (ingest)', false],
] as const)('links in the inbox (%s)', (_, watch) => {
  it('a link to a file outside: refused as unsupported_format, the link (not its target) moved to failed/, no record', async () => {
    const env = testEnv(null);
    const secret = join(tempDir(), 'passwd');
    writeFileSync(secret, 'root:x:0:0:root:/root:/bin/bash\n');
    symlinkSync(secret, join(env.inbox, 'p.txt'));
    const s = await startService(env.config, { watch });
    const [f] = await collect(s).until(1, 30_000);
    await s.close();
    expect(f).toMatchObject({ kind: 'failed', code: 'unsupported_format', file: 'p.txt' });
    if (f?.kind === 'failed') expect(f.message).toMatch(/is a symbolic link \(to .*passwd\); tongzhi never follows links/);
    expect(files(env.config.layout.records)).toEqual([]);
    expect(lstatSync(join(env.config.layout.failed, 'p.txt')).isSymbolicLink()).toBe(true);
    expect(readFileSync(secret, 'utf8')).toMatch(/^root:/);
  });

  it('a linked folder: refused, and none of its target\'s files is moved', async () => {
    const env = testEnv(null);
    const outside = tempDir();
    writeFileSync(join(outside, 'notice.txt'), readFileSync(join(SAMPLES, '000_fc46f2fa053bb05e.txt')));
    symlinkSync(outside, join(env.inbox, 'linked'));
    writeFileSync(join(env.inbox, 'real.txt'), readFileSync(join(SAMPLES, '001_683f5b3ce4c84b58.txt')));
    const s = await startService(env.config, { watch });
    const c = collect(s);
    await c.until(2, 30_000);
    await s.idle();
    await s.close();
    expect(c.all.map((x) => [x.kind, x.file]).sort()).toEqual([
      ['failed', 'linked'],
      ['stored', 'real.txt'],
    ]);
    expect(readdirSync(outside)).toEqual(['notice.txt']);
    expect(files(env.config.layout.records)).toHaveLength(1);
  });
});

describe('out/records: FIFOs and links are never opened', () => {
  it('readRegularFile refuses a FIFO at once (no blocking open) and a link', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'a.json');
    execFileSync('mkfifo', [fifo]);
    symlinkSync('/etc/passwd', join(dir, 'b.json'));
    writeFileSync(join(dir, 'c.json'), '{}');
    await expect(readRegularFile(fifo)).rejects.toThrow(NotRegularFile);
    await expect(readRegularFile(join(dir, 'b.json'))).rejects.toThrow(/is a symbolic link; skipped, never opened/);
    expect((await readRegularFile(join(dir, 'c.json'))).text).toBe('{}');
  });

  it('the service publishes the real records and skips a FIFO and a link planted in out/records', async () => {
    const env = testEnv(null);
    mkdirSync(env.config.layout.records, { recursive: true });
    execFileSync('mkfifo', [join(env.config.layout.records, '0123456789abcdef.json')]);
    symlinkSync('/etc/passwd', join(env.config.layout.records, 'fedcba9876543210.json'));
    const { openPublisher } = await import('../../src/sinks/index.js');
    const publisher = await openPublisher(env.config);
    try {
      expect(await publisher.store.record('0123456789abcdef')).toBeNull();
      expect(await publisher.store.record('fedcba9876543210')).toBeNull();
      const invalid = publisher.store.invalidRecords().map((r) => r.id).sort();
      expect(invalid).toEqual(['0123456789abcdef', 'fedcba9876543210']);
    } finally {
      await publisher.close();
    }
    expect(existsSync(join(env.config.layout.records, '0123456789abcdef.json'))).toBe(true);
  });
});
