/**
 * What must survive in production, against real Redis: two worker processes sharing a queue,
 * a worker killed with SIGKILL mid-job, and Redis itself restarted mid-batch.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue, type Job } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { configEnv } from '../../src/intake/options.js';
import { startService, type Service } from '../../src/intake/service.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { SAMPLES } from '../helpers.js';
import { collect, files, obliterate, PrivateRedis, REDIS_URL, removeTempDirs, stopChild, tempDir, testEnv, waitFor, WORKER_JS, type TestEnv } from './helpers.js';

/** These tests start processes and wait for stalls and reconnects: give them room when the machine is busy. */
const SLOW = 180_000;

/** `n` distinct text notices: a sample with a numbered line appended. */
function dropDistinctTexts(inbox: string, n: number): void {
  const base = readFileSync(join(SAMPLES, '000_fc46f2fa053bb05e.txt'), 'utf8');
  for (let i = 0; i < n; i++) writeFileSync(join(inbox, `notice-${String(i).padStart(3, '0')}.txt`), `${base}\n编号：${i}\n`);
}

interface WorkerProc {
  child: ChildProcess;
  out: string[];
}

function spawnWorker(env: TestEnv, extra: Record<string, string> = {}): WorkerProc {
  const child = spawn(process.execPath, [WORKER_JS], {
    env: { ...process.env, ...configEnv(env.config), ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: SIGKILL to the group takes its sandboxed children too
  });
  const out: string[] = [];
  // A chunk may end mid-line: keep the rest until its newline arrives.
  let rest = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop() ?? '';
    out.push(...lines.filter(Boolean));
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => out.push(text));
  return { child, out };
}

const logged = (w: WorkerProc, msg: string): Array<{ id?: string; msg: string }> =>
  w.out.flatMap((l) => {
    try {
      const o = JSON.parse(l) as { id?: string; msg: string };
      return o.msg === msg ? [o] : [];
    } catch {
      return [];
    }
  });

/** SIGTERM (graceful close), SIGKILL to the whole group if it does not exit in time, then the group's leftovers. */
const stopWorker = (w: WorkerProc): Promise<void> => stopChild(w.child, 'SIGTERM', 20_000, true);

describe('with real Redis', () => {
  let service: Service | null = null;
  let env: TestEnv | null = null;
  const workers: WorkerProc[] = [];
  afterEach(async () => {
    try {
      await service?.close();
    } finally {
      service = null;
      await Promise.all(workers.splice(0).map(stopWorker));
      if (env) await obliterate(env.config);
      env = null;
    }
  });
  afterAll(() => removeTempDirs());

  it('two worker processes on one queue: every file processed exactly once', async () => {
    env = testEnv(REDIS_URL, { workers: '0' });
    const n = 12;
    dropDistinctTexts(env.inbox, n);
    workers.push(spawnWorker(env), spawnWorker(env));
    service = await startService(env.config, { localWorkers: 0 });
    const c = collect(service);
    await c.until(n, 120_000);
    await service.idle();
    expect(c.all.every((s) => s.kind === 'stored')).toBe(true);
    expect(files(env.config.layout.records)).toHaveLength(n);
    expect(files(env.config.layout.done)).toHaveLength(n);
    const processed = (): Array<string | undefined> => workers.flatMap((w) => logged(w, 'processing').map((o) => o.id));
    // The workers' log lines come through pipes and may trail the completed events from Redis.
    await waitFor(`${n} 'processing' lines from the workers`, () => processed().length >= n);
    expect(processed()).toHaveLength(n);
    expect(new Set(processed()).size).toBe(n);
    const q = new Queue(env.config.queueName, { connection: { url: REDIS_URL }, prefix: env.config.prefix });
    const jobs = await q.getCompleted(0, n);
    await q.close();
    expect(jobs).toHaveLength(n);
    expect(jobs.map((j) => j.attemptsStarted)).toEqual(Array(n).fill(1));
  }, SLOW);

  it('a worker killed with SIGKILL mid-job: the stalled job is taken again and finishes; the record is complete JSON', async () => {
    // keywords on: the jieba dictionary load keeps the job active for ≈2 s, long enough to kill it
    env = testEnv(REDIS_URL, { workers: '0', keywords: 'true' });
    // The first worker's lock is short so that, once it is killed, the lock expires soon; it is renewed
    // every 2 s while the worker lives, so a busy machine does not make the job stall before the kill
    // (a second stall would fail the job: maxStalledCount is 1).
    const first = spawnWorker(env, { TONGZHI_LOCK_MS: '4000', TONGZHI_STALLED_INTERVAL_MS: '1000' });
    workers.push(first);
    service = await startService(env.config, { localWorkers: 0 });
    const c = collect(service);
    copyFileSync(join(SAMPLES, '001_683f5b3ce4c84b58.txt'), join(env.inbox, 'notice.txt'));
    await waitFor('the job to be active', () => logged(first, 'processing').length > 0, 60_000);
    await stopChild(first.child, 'SIGKILL', 20_000, true);
    expect(files(env.config.layout.records)).toEqual([]);
    // The second worker checks for stalled jobs often but holds its own lock the default 30 s, so the
    // job it takes over cannot stall a second time while the machine is busy.
    const second = spawnWorker(env, { TONGZHI_STALLED_INTERVAL_MS: '1000' });
    workers.push(second);
    const [s] = await c.until(1, 120_000);
    expect(s).toMatchObject({ kind: 'stored', file: 'notice.txt' });
    await waitFor(`the second worker's 'processing' line`, () => logged(second, 'processing').length > 0);
    const names = readdirSync(env.config.layout.records);
    expect(names).toEqual([`${s?.id}.json`]);
    const rec = JSON.parse(readFileSync(join(env.config.layout.records, names[0] as string), 'utf8')) as NoticeRecord;
    expect(rec.id).toBe(s?.id);
    expect(rec.keywords.length).toBeGreaterThan(0);
    expect(files(env.config.layout.done)).toEqual(['notice.txt']);
  }, SLOW);

  it('hand-made bad jobs (id not a content id, path outside the inbox or with ..) fail at once with a clear reason; no file is read or moved', async () => {
    env = testEnv(REDIS_URL, { workers: '1' });
    const { inbox } = env;
    const { layout } = env.config;
    // a readable notice outside the inbox: an unchecked job would ingest it and move it to done/
    const outside = join(env.dir, 'elsewhere', 'secret.txt');
    mkdirSync(join(env.dir, 'elsewhere'));
    copyFileSync(join(SAMPLES, '000_fc46f2fa053bb05e.txt'), outside);
    const text = readFileSync(outside, 'utf8');
    service = await startService(env.config);
    const c = collect(service);
    await service.ready;
    const q = new Queue(env.config.queueName, { connection: { url: REDIS_URL }, prefix: env.config.prefix });
    const bad: Array<[string, Record<string, unknown>, RegExp]> = [
      ['0123456789abcdef', { id: '0123456789abcdef', path: outside, name: 'secret.txt', size: 1, queuedAt: Date.now() }, /path: must be an absolute path inside the inbox/],
      ['fedcba9876543210', { id: 'fedcba9876543210', path: `${inbox}/../elsewhere/secret.txt`, name: 'secret.txt', size: 1, queuedAt: Date.now() }, /path: must be an absolute path inside the inbox .*no \.\./],
      ['NOT-A-CONTENT-ID', { id: '../../../tmp/x', path: join(inbox, 'x.txt'), name: 'x.txt', size: 1, queuedAt: Date.now() }, /id: must be a content id \(16 lower-case hex\)/],
      ['abcdefabcdefabcd', { path: join(inbox, 'x.txt') }, /id: .*name: .*size: /],
    ];
    try {
      for (const [jobId, data] of bad) await q.add('ingest', data, { jobId, attempts: 3, backoff: { type: 'fixed', delay: 10 } });
      await c.until(bad.length, 60_000);
      for (const [jobId, , reason] of bad) {
        const job = (await q.getJob(jobId)) as Job;
        expect(await job.getState()).toBe('failed');
        expect(job.failedReason).toMatch(/^invalid job data \(job /);
        expect(job.failedReason).toMatch(reason);
        expect(job.attemptsMade).toBe(1); // UnrecoverableError: no retry
      }
    } finally {
      await q.close();
    }
    expect(c.all.map((x) => x.kind)).toEqual(bad.map(() => 'failed'));
    expect(readFileSync(outside, 'utf8')).toBe(text);
    expect(files(layout.done)).toEqual([]);
    expect(existsSync(layout.failed) ? readdirSync(layout.failed) : []).toEqual([]);
    expect(files(layout.records)).toEqual([]);
  }, SLOW);

  it('Redis restarted mid-batch: the service reconnects and finishes the batch with nothing lost', async () => {
    const redis = new PrivateRedis(tempDir('tongzhi-redis-'));
    await redis.start();
    try {
      env = testEnv(redis.url, { workers: '1' });
      const n = 16;
      dropDistinctTexts(env.inbox, n);
      service = await startService(env.config);
      const c = collect(service);
      await c.until(2);
      await redis.stop();
      const settledWhileDown = c.all.length;
      await new Promise((r) => setTimeout(r, 1500)); // Redis stays down a while: the scenario, not a wait for something
      await redis.start();
      await c.until(n, 120_000);
      await service.idle();
      expect(settledWhileDown).toBeLessThan(n);
      expect(c.all.filter((s) => s.kind === 'stored')).toHaveLength(n);
      expect(files(env.config.layout.records)).toHaveLength(n);
      expect(files(env.config.layout.done)).toHaveLength(n);
      expect(files(env.inbox)).toEqual([]);
    } finally {
      try {
        await service?.close();
      } finally {
        service = null;
        env = null; // its queue lives in the private Redis, which goes away with its folder
        await redis.stop();
      }
    }
  }, SLOW);
});
