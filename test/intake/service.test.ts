/**
 * The service end to end, once with BullMQ on the real Redis (sandboxed processors from dist/)
 * and once with the in-process queue (no Redis): the same files must give the same outcome.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../src/intake/service.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { SAMPLES } from '../helpers.js';
import { collect, dropSamples, files, GOOD_SAMPLES, obliterate, REDIS_URL, removeTempDirs, sleep, testEnv, type TestEnv } from './helpers.js';

/** Every format through sandboxed workers: room for a machine busy with other test files. */
const SLOW = 180_000;

const BAD = ['003_db71631729e5d48d_scanned.pdf', 'encrypted.pdf', 'empty.txt', 'random.pdf'];

function dropBad(inbox: string): void {
  dropSamples(inbox, ['003_db71631729e5d48d_scanned.pdf', 'hard/encrypted.pdf']);
  writeFileSync(join(inbox, 'empty.txt'), '');
  writeFileSync(join(inbox, 'random.pdf'), randomBytes(32 * 1024));
}

const recordIds = (env: TestEnv): string[] => files(env.config.layout.records).map((f) => f.replace(/\.json$/, ''));

describe.each([
  ['bullmq', REDIS_URL],
  ['in-process', null],
] as const)('service (%s)', (mode, redis) => {
  let env: TestEnv;
  let service: Service | null = null;
  const start = async (e: TestEnv, published?: NoticeRecord[]): Promise<Service> => {
    service = await startService(e.config, { backoffMs: 50, ...(published ? { publisher: { publish: async (r) => void published.push(r), close: async () => undefined } } : {}) });
    return service;
  };
  afterEach(async () => {
    try {
      await service?.close();
    } finally {
      service = null;
      if (redis) await obliterate(env.config);
    }
  });
  afterAll(() => removeTempDirs());

  it(`runs in ${mode} mode`, async () => {
    env = testEnv(redis);
    expect((await start(env)).mode).toBe(mode);
  });

  it('a file whose content id is all decimal digits (BullMQ refuses such job ids) is ingested like any other', async () => {
    env = testEnv(redis);
    const base = readFileSync(join(SAMPLES, '001_683f5b3ce4c84b58.txt'), 'utf8');
    // About one file in 1,850 has such an id; find one by varying a trailing line.
    let text = base;
    for (let n = 0; !/^\d{16}$/.test(createHash('sha256').update(text).digest('hex').slice(0, 16)); n++) text = `${base}\n${n}`;
    const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
    const s = await start(env);
    const c = collect(s);
    writeFileSync(join(env.inbox, 'digits.txt'), text);
    const [settled] = await c.until(1);
    expect(settled).toMatchObject({ kind: 'stored', id, file: 'digits.txt' });
    expect(recordIds(env)).toEqual([id]);
  });

  it('samples of every format and bad files: good ones → out/records + done/, bad ones → failed/ with error files; counts add up', async () => {
    // OCR off: the scanned sample stands for a file refused at read (OCR itself: test/readers/ocr.test.ts).
    env = testEnv(redis, { workers: '2', ocr: 'off' });
    dropSamples(env.inbox, GOOD_SAMPLES);
    dropBad(env.inbox);
    writeFileSync(join(env.inbox, '.DS_Store'), 'x');
    writeFileSync(join(env.inbox, '~$通知.docx'), 'owner file');
    const published: NoticeRecord[] = [];
    const s = await start(env, published);
    const c = collect(s);
    await c.until(GOOD_SAMPLES.length + BAD.length, 150_000);
    await s.idle();
    const { layout } = env.config;
    expect(files(layout.done)).toEqual(GOOD_SAMPLES);
    expect(files(layout.failed)).toEqual(BAD.flatMap((f) => [f, `${f}.error.json`]).sort());
    expect(files(env.inbox)).toEqual(['.DS_Store', '~$通知.docx']);
    expect(recordIds(env)).toHaveLength(GOOD_SAMPLES.length);
    for (const id of recordIds(env)) expect((JSON.parse(readFileSync(join(layout.records, `${id}.json`), 'utf8')) as NoticeRecord).id).toBe(id);
    expect(published.map((r) => r.id).sort()).toEqual(recordIds(env));
    const codes = Object.fromEntries(BAD.map((f) => [f, (JSON.parse(readFileSync(join(layout.failed, `${f}.error.json`), 'utf8')) as { code: string }).code]));
    expect(codes).toEqual({ '003_db71631729e5d48d_scanned.pdf': 'no_text_layer', 'encrypted.pdf': 'encrypted_file', 'empty.txt': 'empty_file', 'random.pdf': 'unsupported_format' });
    const err = JSON.parse(readFileSync(join(layout.failed, 'encrypted.pdf.error.json'), 'utf8')) as Record<string, unknown>;
    expect(err).toMatchObject({ code: 'encrypted_file', stage: 'read', file: 'encrypted.pdf', attempts: 1 });
    expect(String(err['message'])).toContain('encrypted.pdf');
    expect(c.all.filter((x) => x.kind === 'stored')).toHaveLength(GOOD_SAMPLES.length);
    expect(
      c.all
        .filter((x) => x.kind === 'failed')
        .map((x) => x.file)
        .sort(),
    ).toEqual([...BAD].sort());
  }, SLOW);

  it('the same file twice (same name again, and under another name) → one record, duplicates reported and kept in done/duplicates', async () => {
    env = testEnv(redis);
    const s = await start(env);
    const c = collect(s);
    await s.ready;
    const name = '000_fc46f2fa053bb05e.txt';
    dropSamples(env.inbox, [name]);
    copyFileSync(join(SAMPLES, name), join(env.inbox, '另一个名字.txt'));
    await c.until(2);
    await s.idle();
    dropSamples(env.inbox, [name]); // dropped again after it was stored
    await c.until(3);
    await s.idle();
    const { layout } = env.config;
    expect(recordIds(env)).toHaveLength(1);
    expect(c.all.map((x) => x.kind).sort()).toEqual(['duplicate', 'duplicate', 'stored']);
    const lines = readFileSync(join(layout.out, 'duplicates.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; duplicateOf: string; twin: string; keptAs: string });
    expect(lines).toHaveLength(2);
    // The two copies dropped together race: either may be the one stored.
    const stored = c.all.find((x) => x.kind === 'stored')?.file;
    expect([name, '另一个名字.txt']).toContain(stored);
    expect(lines[0]).toMatchObject({ file: stored === name ? '另一个名字.txt' : name, duplicateOf: stored, twin: expect.stringMatching(/^(?:queued|active|stored)$/) });
    expect(lines[1]).toMatchObject({ file: name, duplicateOf: stored, twin: 'stored' });
    expect(lines[1]?.keptAs.startsWith(join(layout.done, 'duplicates', ''))).toBe(true);
    expect(files(join(layout.done, 'duplicates'))).toHaveLength(2);
    expect(files(layout.done)).toHaveLength(1);
    expect(files(env.inbox)).toEqual([]);
  });

  it('a file still being written (appended in chunks) is read only when complete', async () => {
    // The writer pauses 100 ms between chunks; the gate wants 2 s without change. A margin of 20×
    // keeps a busy machine (a late timer here) from making the half-written file look finished.
    env = testEnv(redis, { stabilityMs: '2000' });
    const s = await start(env);
    const c = collect(s);
    await s.ready;
    const text = readFileSync(join(SAMPLES, '002_32cbd7b51d76111f.txt'));
    const p = join(env.inbox, 'sub', 'slow.txt');
    const chunks = 10;
    const size = Math.ceil(text.length / chunks);
    mkdirSync(join(env.inbox, 'sub'));
    for (let i = 0; i < chunks; i++) {
      appendFileSync(p, text.subarray(i * size, (i + 1) * size));
      await sleep(100);
    }
    expect(c.all).toEqual([]);
    const [settled] = await c.until(1);
    expect(settled?.kind).toBe('stored');
    const rec = JSON.parse(readFileSync(join(env.config.layout.records, `${settled?.id}.json`), 'utf8')) as NoticeRecord;
    expect(rec.source.bytes).toBe(text.length);
    expect(existsSync(join(env.config.layout.done, 'slow.txt'))).toBe(true);
  });

  it('closed right while a job finishes: every stored record is published before close() returns', async () => {
    env = testEnv(redis);
    const published: string[] = [];
    let publisherClosed = false;
    const errors: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => void (errors.push(chunk.toString()), cb()) });
    const s = await startService(env.config, {
      backoffMs: 50,
      logger: pino({ level: 'error' }, sink),
      publisher: {
        // slow, as a real one writing the feed and the index
        publish: async (r) => {
          await sleep(300);
          if (publisherClosed) throw new Error('publisher is closed');
          published.push(r.id);
        },
        close: async () => void (publisherClosed = true),
      },
    });
    service = s;
    await s.ready;
    // close as soon as the job is writing its record: the caller (ingest, watch) closes the publisher next
    const closing = new Promise<void>((resolve) => s.onProgress((_id, _file, p) => void (p.stage === 'write' || p.stage === 'done' ? resolve() : undefined)));
    dropSamples(env.inbox, ['000_fc46f2fa053bb05e.txt']);
    await closing;
    service = null;
    await s.close();
    publisherClosed = true;
    await sleep(500); // a handler left running would fail now
    expect(recordIds(env)).toHaveLength(1);
    expect(published).toEqual(recordIds(env));
    expect(errors.join('')).not.toContain('publisher is closed');
  });

  it('failed/ cannot be written (a file stands there): retried with the same attempts and backoff, then reported loudly as a failure; the original stays in the inbox', async () => {
    env = testEnv(redis, { attempts: '3' });
    writeFileSync(env.config.layout.failed, 'not a folder');
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => void (lines.push(chunk.toString()), cb()) });
    const s = await startService(env.config, { backoffMs: 50, logger: pino({ level: 'info' }, sink) });
    service = s;
    const c = collect(s);
    await s.ready;
    writeFileSync(join(env.inbox, 'empty.txt'), '');
    const [f] = await c.until(1, 30_000);
    expect(f).toMatchObject({ kind: 'failed', file: 'empty.txt', errorFile: null });
    if (mode === 'in-process') {
      expect(f).toMatchObject({ code: 'io_error', message: expect.stringMatching(/empty\.txt: its outcome could not be stored after 3 attempts/) });
      expect(await s.queue.counts()).toMatchObject({ failed: 1, waiting: 0, delayed: 0, active: 0 });
    }
    const errors = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
    expect(errors.map((l) => l.msg).join('\n')).toMatch(/the failure of empty\.txt cannot be stored in failed\/; the original stays at/);
    expect(errors.map((l) => l.msg).join('\n')).toMatch(/failed, and no error file was stored/);
    expect(files(env.inbox)).toEqual(['empty.txt']);
    await sleep(500);
    expect(c.all).toHaveLength(1); // not retried after that
  });

  it('a transient error (file gone before it is read) is retried, then stored in failed/ with the attempts', async () => {
    env = testEnv(redis, { attempts: '3' });
    const s = await start(env);
    const c = collect(s);
    const path = join(env.inbox, 'vanished.pdf');
    await s.queue.add({ id: '0123456789abcdef', path, name: 'vanished.pdf', size: 1, queuedAt: Date.now() });
    const [f] = await c.until(1);
    expect(f).toMatchObject({ kind: 'failed', code: 'io_error', file: 'vanished.pdf' });
    const report = JSON.parse(readFileSync(join(env.config.layout.failed, 'vanished.pdf.error.json'), 'utf8')) as { attempts: number; code: string };
    expect(report).toMatchObject({ attempts: 3, code: 'io_error' });
    expect(await s.queue.counts()).toMatchObject({ failed: 1, waiting: 0, active: 0 });
  });
});

describe('mode choice', () => {
  afterAll(() => removeTempDirs());
  it('falls back to the in-process queue when the default Redis is unreachable, and says so in its first log line', async () => {
    const env = testEnv(null);
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => void (lines.push(chunk.toString()), cb()) });
    const s = await startService({ ...env.config, queueMode: 'auto', redisUrl: 'redis://127.0.0.1:1', redisExplicit: false }, { logger: pino({ level: 'info' }, sink) });
    await s.close();
    expect(s.mode).toBe('in-process');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ mode: 'in-process', msg: expect.stringContaining('the default Redis at redis://127.0.0.1:1 does not answer') });
  });

  it.each([
    ['an explicit Redis URL', { queueMode: 'auto', redisExplicit: true }],
    ['--queue-mode redis', { queueMode: 'redis', redisExplicit: false }],
  ] as const)('%s that does not answer is a SetupError naming it, and nothing is taken from the inbox', async (_, how) => {
    const env = testEnv(null);
    dropSamples(env.inbox, ['000_fc46f2fa053bb05e.txt']);
    await expect(startService({ ...env.config, ...how, redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(/Redis is not reachable at redis:\/\/127\.0\.0\.1:1/);
    expect(files(env.inbox)).toEqual(['000_fc46f2fa053bb05e.txt']);
  });
});
