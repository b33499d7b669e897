/**
 * The watchdog on every job: each runs in a child process of the runner pool, and a job past its
 * wall-clock or memory limit, or whose parser crashes, fails with a typed error and is not retried,
 * while the service goes on with the next file — in both queue modes. A worker killed outright
 * leaves no job process behind. Faults are injected by test/fixtures/runners/faulty-runner.mjs.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { configEnv } from '../../src/intake/options.js';
import { startService, type Service } from '../../src/intake/service.js';
import { ROOT, SAMPLES } from '../helpers.js';
import { collect, files, obliterate, REDIS_URL, removeTempDirs, stopChild, testEnv, waitFor, WORKER_JS, type TestEnv } from './helpers.js';

const FAULTY = join(ROOT, 'test/fixtures/runners/faulty-runner.mjs');
const SLOW = 120_000;
const NOTICE = readFileSync(join(SAMPLES, '000_fc46f2fa053bb05e.txt'));

/** Children of a process (Linux /proc), for checking that job processes are gone. */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}
const alive = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

describe.each([
  ['in-process', null],
  ['bullmq', REDIS_URL],
] as const)('job limits (%s)', (mode, redis) => {
  let env: TestEnv | null = null;
  let service: Service | null = null;
  afterEach(async () => {
    await service?.close();
    service = null;
    if (env && redis) await obliterate(env.config);
  });
  afterAll(() => removeTempDirs());

  const start = async (flags: Record<string, string>): Promise<{ s: Service; c: ReturnType<typeof collect> }> => {
    env = testEnv(redis, { jobTimeout: '2', jobTimeoutPerPage: '0', jobMemoryMb: '96', attempts: '3', ...flags });
    const s = await startService(env.config, { runnerFile: FAULTY, backoffMs: 50 });
    service = s;
    await s.ready;
    return { s, c: collect(s) };
  };

  // only the hang case has a short clock: under load the others must meet their own limit first
  it.each([
    ['hang-', 'timeout', /took longer than 2 s \(--job-timeout 2 s\); stopped/, '2'],
    ['heap-', 'too_complex', /memory/, '90'],
    ['rss-', 'too_complex', /memory/, '90'],
    ['crash-', 'internal_error', /the parser crashed \(Object already resolved\)/, '90'],
  ])('%s: a typed failure (%s), stored once, not retried; the next file is still stored', async (prefix, code, message, timeout) => {
    const { s, c } = await start({ jobTimeout: timeout });
    if (!env) throw new Error('no env');
    writeFileSync(join(env.inbox, `${prefix}notice.txt`), Buffer.concat([NOTICE, Buffer.from(`\n${prefix}\n`)]));
    const [f] = await c.until(1, 100_000);
    expect(f, JSON.stringify(f)).toMatchObject({ kind: 'failed', code, file: `${prefix}notice.txt` });
    const report = JSON.parse(readFileSync(join(env.config.layout.failed, `${prefix}notice.txt.error.json`), 'utf8')) as { code: string; message: string; attempts: number };
    expect(report).toMatchObject({ code, attempts: 1 });
    expect(report.message).toMatch(message);
    expect(files(env.config.layout.failed)).toContain(`${prefix}notice.txt`);
    // the service goes on
    writeFileSync(join(env.inbox, 'next.txt'), NOTICE);
    const [, next] = await c.until(2, 60_000);
    expect(next).toMatchObject({ kind: 'stored', file: 'next.txt' });
    expect(c.all).toHaveLength(2);
    if (mode === 'bullmq') expect(await s.queue.counts()).toMatchObject({ failed: 1, completed: 1, waiting: 0, active: 0 });
  }, SLOW);

  it('the limit grows with the pages once they are known: 1 s + 1 s × 5 pages', async () => {
    const { c } = await start({ jobTimeout: '1', jobTimeoutPerPage: '1' });
    if (!env) throw new Error('no env');
    const t0 = Date.now();
    writeFileSync(join(env.inbox, 'hang5p-notice.txt'), NOTICE);
    const [f] = await c.until(1, 60_000);
    expect(f).toMatchObject({ kind: 'failed', code: 'timeout', message: expect.stringContaining('took longer than 6 s (--job-timeout 1 s + 1 s × 5 pages)') });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(6_000);
  }, SLOW);
});

describe('a worker killed outright leaves no job process behind', () => {
  let env: TestEnv | null = null;
  afterAll(async () => {
    if (env) await obliterate(env.config);
    removeTempDirs();
  });

  it('SIGKILL to `tongzhi worker` mid-job: its job process exits too', async () => {
    env = testEnv(REDIS_URL, { workers: '0', jobTimeout: '600' });
    const s = await startService(env.config, { localWorkers: 0 });
    const worker = spawn(process.execPath, [WORKER_JS], { env: { ...process.env, ...configEnv(env.config) }, stdio: 'ignore' });
    try {
      // the job runner is the real one; a 60 MB one-line text keeps it busy long enough
      writeFileSync(join(env.inbox, 'big.txt'), Buffer.concat([NOTICE, Buffer.alloc(60 << 20, 0x41)]));
      let runners: number[] = [];
      await waitFor('a job process of the worker', () => (runners = childrenOf(worker.pid as number)).length > 0, 60_000);
      worker.kill('SIGKILL');
      await waitFor('the job process to exit', () => runners.every((p) => !alive(p)), 15_000);
    } finally {
      await stopChild(worker, 'SIGKILL');
      await s.close();
    }
  }, SLOW);
});
