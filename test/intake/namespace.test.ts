/**
 * One Redis, many installs, against the real Redis: the store (out/records, failed/), not BullMQ's
 * job history, says what is a duplicate; each data folder has its own queue namespace; a worker
 * that cannot see its queue's inbox refuses to start; `tongzhi purge` forgets a namespace.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig, type ServiceConfig } from '../../src/config.js';
import { bindNamespace, DATA_ID_FILE, ensureDataId, ownerMismatch, prefixOf, SetupError } from '../../src/intake/namespace.js';
import { startService, type Settlement } from '../../src/intake/service.js';
import { runWorkers } from '../../src/intake/workers.js';
import { CLI } from '../helpers.js';
import { collect, dropSamples, files, obliterate, REDIS_URL, removeTempDirs, tempDir } from './helpers.js';

const SLOW = 180_000;
const SAMPLE_SET = ['000_fc46f2fa053bb05e.txt', '001_683f5b3ce4c84b58.txt', '002_32cbd7b51d76111f.docx'];
const silent = pino({ level: 'silent' });

/** A data folder with the default namespace (no --prefix): what a new user gets. */
function install(dir = tempDir()): ServiceConfig {
  const config = resolveConfig({ data: dir, redis: REDIS_URL, stabilityMs: '200', keywords: 'false' }, {});
  mkdirSync(config.layout.inbox, { recursive: true });
  return config;
}

/** Every namespace a test made, obliterated at the end (the shared Redis keeps nothing of ours). */
const made = new Set<string>();
async function namespaceOf(config: ServiceConfig): Promise<string> {
  const prefix = config.prefix ?? prefixOf(await ensureDataId(config.layout.data));
  made.add(prefix);
  return prefix;
}

afterAll(async () => {
  for (const prefix of made) await obliterate({ ...resolveConfig({}, {}), prefix });
  removeTempDirs();
});

/** Runs the service on the files in the inbox until all are settled. */
async function runOnce(config: ServiceConfig, n: number): Promise<Settlement[]> {
  await namespaceOf(config);
  const s = await startService(config, { logger: silent });
  const c = collect(s);
  const all = await c.until(n, 120_000);
  await s.idle();
  await s.close();
  return all;
}

const storedIds = (config: ServiceConfig): string[] => files(config.layout.records).map((f) => f.replace(/\.json$/, ''));

describe('a data folder is its own namespace', () => {
  it('the first start writes a data folder id; the default prefix is derived from it and stays', async () => {
    const config = install();
    expect(existsSync(join(config.layout.data, DATA_ID_FILE))).toBe(false);
    const bound = await bindNamespace(config, { create: true });
    expect(bound.prefix).toMatch(/^tongzhi-[0-9a-f]{12}$/);
    expect(readFileSync(join(config.layout.data, DATA_ID_FILE), 'utf8').trim()).toBe(bound.dataId);
    expect((await bindNamespace(config, { create: false })).prefix).toBe(bound.prefix);
    // an explicit prefix wins
    expect((await bindNamespace({ ...config, prefix: 'mine' }, { create: false })).prefix).toBe('mine');
  });

  it('a worker never creates the id: without one there is no namespace to serve', async () => {
    const config = install();
    await expect(bindNamespace(config, { create: false })).rejects.toThrow(SetupError);
    await expect(bindNamespace(config, { create: false })).rejects.toThrow(/no tongzhi data folder at .*start the service there first, or mount the data folder at the same path/);
  });
});

describe('Redis job history is not the store', () => {
  it('demo, stop, rm -rf data, demo again: the same records again, no duplicates', async () => {
    const dir = tempDir();
    const first = install(dir);
    dropSamples(first.layout.inbox, SAMPLE_SET);
    const a = await runOnce(first, SAMPLE_SET.length);
    expect(a.map((s) => s.kind)).toEqual(Array(SAMPLE_SET.length).fill('stored'));
    const ids = storedIds(first).sort();
    rmSync(dir, { recursive: true, force: true });
    const second = install(dir);
    dropSamples(second.layout.inbox, SAMPLE_SET);
    const b = await runOnce(second, SAMPLE_SET.length);
    expect(b.map((s) => s.kind)).toEqual(Array(SAMPLE_SET.length).fill('stored'));
    expect(storedIds(second).sort()).toEqual(ids);
    expect(files(join(second.layout.done, 'duplicates'))).toEqual([]);
  }, SLOW);

  it('with the same namespace kept (explicit --prefix), a file whose record was removed is processed again, not called a duplicate', async () => {
    const dir = tempDir();
    const prefix = `tztest-ns-${Date.now().toString(36)}`;
    const config = { ...install(dir), prefix };
    dropSamples(config.layout.inbox, SAMPLE_SET.slice(0, 1));
    expect((await runOnce(config, 1)).map((s) => s.kind)).toEqual(['stored']);
    // BullMQ still holds the completed job; the data folder no longer holds its record.
    rmSync(config.layout.out, { recursive: true, force: true });
    rmSync(config.layout.done, { recursive: true, force: true });
    dropSamples(config.layout.inbox, SAMPLE_SET.slice(0, 1));
    expect((await runOnce(config, 1)).map((s) => s.kind)).toEqual(['stored']);
    // and a copy of a stored file still is a duplicate
    dropSamples(config.layout.inbox, SAMPLE_SET.slice(0, 1));
    const again = await runOnce(config, 1);
    expect(again[0]).toMatchObject({ kind: 'duplicate' });
  }, SLOW);

  it('a failure report in failed/ makes a duplicate; once removed, the file is taken again', async () => {
    const config = { ...install(), prefix: `tztest-nsf-${Date.now().toString(36)}` };
    const bad = join(config.layout.inbox, 'empty.txt');
    mkdirSync(config.layout.inbox, { recursive: true });
    cpSync('/dev/null', bad);
    expect((await runOnce(config, 1))[0]).toMatchObject({ kind: 'failed', code: 'empty_file' });
    // a second empty file is the same content: known by its report
    cpSync('/dev/null', join(config.layout.inbox, 'empty2.txt'));
    expect((await runOnce(config, 1))[0]).toMatchObject({ kind: 'duplicate', report: { twin: 'failed' } });
    rmSync(config.layout.failed, { recursive: true, force: true });
    cpSync('/dev/null', join(config.layout.inbox, 'empty3.txt'));
    expect((await runOnce(config, 1))[0]).toMatchObject({ kind: 'failed', code: 'empty_file' });
  }, SLOW);
});

describe('two installs on one Redis, default settings', () => {
  it('in sequence: the second gets every record too', async () => {
    const one = install();
    const two = install();
    dropSamples(one.layout.inbox, SAMPLE_SET);
    dropSamples(two.layout.inbox, SAMPLE_SET);
    expect((await runOnce(one, SAMPLE_SET.length)).every((s) => s.kind === 'stored')).toBe(true);
    expect((await runOnce(two, SAMPLE_SET.length)).every((s) => s.kind === 'stored')).toBe(true);
    expect(storedIds(two).sort()).toEqual(storedIds(one).sort());
    expect(await namespaceOf(one)).not.toBe(await namespaceOf(two));
  }, SLOW);

  it('at once: neither takes the other one\'s jobs, both get every record', async () => {
    const one = install();
    const two = install();
    await Promise.all([namespaceOf(one), namespaceOf(two)]);
    const [s1, s2] = await Promise.all([startService(one, { logger: silent }), startService(two, { logger: silent })]);
    const [c1, c2] = [collect(s1), collect(s2)];
    dropSamples(one.layout.inbox, SAMPLE_SET);
    dropSamples(two.layout.inbox, SAMPLE_SET);
    const [r1, r2] = await Promise.all([c1.until(SAMPLE_SET.length, 120_000), c2.until(SAMPLE_SET.length, 120_000)]);
    await Promise.all([s1.close(), s2.close()]);
    expect(r1.map((s) => s.kind)).toEqual(Array(SAMPLE_SET.length).fill('stored'));
    expect(r2.map((s) => s.kind)).toEqual(Array(SAMPLE_SET.length).fill('stored'));
    expect(files(one.layout.failed)).toEqual([]);
    expect(files(two.layout.failed)).toEqual([]);
  }, SLOW);
});

describe('a worker that cannot see its queue\'s inbox refuses to start', () => {
  it('data folder mounted at another path (here: a symlink to it): refused, naming both paths', async () => {
    const config = install();
    await namespaceOf(config);
    const s = await startService(config, { logger: silent, localWorkers: 0 });
    try {
      const elsewhere = join(tempDir(), 'mnt');
      symlinkSync(config.layout.data, elsewhere);
      const worker = resolveConfig({ data: elsewhere, redis: REDIS_URL }, {});
      await expect(runWorkers(worker, silent)).rejects.toThrow(
        new RegExp(`belongs to the inbox ${config.layout.inbox}.*this worker's inbox is ${worker.layout.inbox}: mount the data folder at the same path`),
      );
      // the same folder at the same path: it starts
      const ok = await runWorkers(resolveConfig({ data: config.layout.data, redis: REDIS_URL }, {}), silent);
      await ok.close();
    } finally {
      await s.close();
    }
  }, SLOW);

  it('no data folder at its path, or an explicit Redis that does not answer: a clear error', async () => {
    await expect(runWorkers(resolveConfig({ data: tempDir(), redis: REDIS_URL }, {}), silent)).rejects.toThrow(/no tongzhi data folder/);
    await expect(runWorkers(resolveConfig({ data: tempDir(), redis: 'redis://127.0.0.1:1' }, {}), silent)).rejects.toThrow(/Redis is not reachable at redis:\/\/127\.0\.0\.1:1/);
  });

  it('ownerMismatch: another data folder id with the same inbox path is refused too', () => {
    const config = { ...install(), prefix: 'p', dataId: 'aaaaaaaaaaaa' };
    expect(ownerMismatch({ inbox: config.layout.inbox, dataId: 'bbbbbbbbbbbb', host: 'h', at: '' }, config)).toMatch(/belongs to data folder bbbbbbbbbbbb/);
    expect(ownerMismatch({ inbox: config.layout.inbox, dataId: 'aaaaaaaaaaaa', host: 'h', at: '' }, config)).toBeNull();
    expect(ownerMismatch(null, config)).toBeNull();
  });
});

describe('tongzhi purge', () => {
  it('forgets the namespace\'s jobs in Redis and keeps the data folder', async () => {
    const config = install();
    const prefix = await namespaceOf(config);
    dropSamples(config.layout.inbox, SAMPLE_SET.slice(0, 2));
    await runOnce(config, 2);
    const q = new Queue(config.queueName, { connection: { url: REDIS_URL }, prefix });
    try {
      expect((await q.getJobCounts('completed')).completed).toBe(2);
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'purge', '--data', config.layout.data, '--redis', REDIS_URL]);
      expect(stdout).toMatch(new RegExp(`purged queue tongzhi-ingest \\(prefix ${prefix}\\): 2 jobs forgotten`));
      expect((await q.getJobCounts('completed')).completed).toBe(0);
      expect(files(config.layout.records)).toHaveLength(2);
    } finally {
      await q.close();
    }
  }, SLOW);
});
