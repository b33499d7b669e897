/**
 * The intake commands run as a person would (node, the compiled command module, real arguments):
 * `ingest DIR` (progress on stderr, summary on stdout, exit code), `status`, `retry`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { dropSamples, files, obliterate, REDIS_URL, testEnv, waitFor, type TestEnv } from './helpers.js';

// A runner file rather than `node -e`: BullMQ forks its sandboxed children with this process's execArgv.
const RUNNER = join(mkdtempSync(join(tmpdir(), 'tongzhi-cli-')), 'run.mjs');
writeFileSync(RUNNER, `const { command } = await import(process.argv[2]); process.exitCode = await command.run(process.argv.slice(3));\n`);

function run(cmd: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [RUNNER, join(ROOT, `dist/src/cli/${cmd}.js`), ...args], { encoding: 'utf8', env: { ...process.env, TONGZHI_KEYWORDS: 'false', TONGZHI_STABILITY_MS: '100' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const opts = (env: TestEnv): string[] => ['--data', env.dir, '--prefix', env.config.prefix];

describe.each([
  ['in-process', 'none'],
  ['bullmq', REDIS_URL],
] as const)('ingest, status, retry (%s)', (mode, redis) => {
  const env = testEnv(redis === 'none' ? null : redis);
  const batch = join(env.dir, 'batch');
  afterAll(async () => {
    if (redis !== 'none') await obliterate(env.config);
  });

  it('ingest DIR: files moved to done/ and failed/, summary with duplicates and reasons, exit 1 because one failed', () => {
    dropSamples(batch, ['000_fc46f2fa053bb05e.txt', '002_32cbd7b51d76111f.docx']);
    writeFileSync(join(batch, 'copy.txt'), readFileSync(join(batch, '000_fc46f2fa053bb05e.txt')));
    writeFileSync(join(batch, 'empty.txt'), '');
    const r = run('ingest', [batch, ...opts(env), '--redis', redis]);
    expect(r.stdout).toMatch(/: 2 stored, 1 duplicate, 1 failed/);
    expect(r.stdout).toMatch(/(copy\.txt = 000_fc46f2fa053bb05e\.txt|000_fc46f2fa053bb05e\.txt = copy\.txt)/);
    expect(r.stdout).toMatch(/empty\.txt: empty_file at read — empty\.txt: the file is empty/);
    expect(r.code).toBe(1);
    expect(files(batch)).toEqual([]);
    expect(files(env.config.layout.records)).toHaveLength(2);
    expect(files(env.config.layout.failed)).toEqual(['empty.txt', 'empty.txt.error.json']);
  });

  it('status: counts and the last failure with its reason', () => {
    const r = run('status', [...opts(env), '--redis', redis, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { mode: string; queue: { failed: number } | null; folders: Record<string, number>; failures: Array<{ file: string; code: string }> };
    expect(s.mode).toBe(mode);
    expect(s.folders).toMatchObject({ records: 2, done: 2, duplicates: 1, failed: 1 });
    expect(s.failures.map((f) => [f.file, f.code])).toEqual([['empty.txt', 'empty_file']]);
    if (mode === 'bullmq') expect(s.queue?.failed).toBe(1);
    const text = run('status', [...opts(env), '--redis', redis]);
    expect(text.stdout).toMatch(/empty\.txt\s+empty_file at read, 1 attempt: empty\.txt: the file is empty/);
  });

  it('retry: the failed original goes back to where it was dropped' + (mode === 'bullmq' ? ' and its job runs again' : ''), async () => {
    const r = run('retry', ['empty.txt', ...opts(env), '--redis', redis]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`empty.txt: back in ${join(batch, 'empty.txt')}`);
    expect(existsSync(join(env.config.layout.failed, 'empty.txt.error.json'))).toBe(false);
    if (mode === 'bullmq') {
      expect(r.stdout).toContain('re-queued');
      // nothing was fixed, so the job (run by an ingest of the same folder) fails again: once more in failed/
      const again = run('ingest', [batch, ...opts(env), '--redis', redis, '--no-progress']);
      expect(again.stdout).toMatch(/0 stored, 0 duplicates, 1 failed/);
    } else {
      expect(files(batch)).toEqual(['empty.txt']);
      const again = run('ingest', [batch, ...opts(env), '--redis', redis]);
      expect(again.stdout).toMatch(/0 stored, 0 duplicates, 1 failed/);
    }
    await waitFor('the error file again', () => existsSync(join(env.config.layout.failed, 'empty.txt.error.json')));
    expect(run('retry', ['nothing-like-this', ...opts(env), '--redis', redis]).code).toBe(1);
  });
});
