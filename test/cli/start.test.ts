/**
 * `tongzhi start --demo` as a user runs it (the README's first command) on a machine without
 * Redis: the bundled samples are ingested in-process, the API serves their records, search and
 * feed, bad samples land in failed/ with a reason, and SIGTERM stops it cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers.js';

const data = mkdtempSync(join(tmpdir(), 'tongzhi-start-'));
let child: ChildProcess;
let url = '';
let log = '';
/** the key `start --demo` made, from <data>/demo-api-key (`demo:<key>`) */
let key = '';

const until = async (what: string, check: () => Promise<boolean>, ms = 90_000): Promise<void> => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}\n${log}`);
};
const get = async (path: string): Promise<{ status: number; type: string | null; body: unknown }> => {
  const r = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${key}` } });
  const type = r.headers.get('content-type');
  return { status: r.status, type, body: type?.includes('json') ? await r.json() : await r.text() };
};

beforeAll(async () => {
  child = spawn(process.execPath, [CLI, 'start', '--demo', '--data', data, '--port', '0', '--stability-ms', '200'], {
    // OCR off keeps the demo within the test's time: the scanned sample is refused (no_text_layer)
    // instead of read in ~5 s a page; OCR itself is tested in test/readers/ocr.test.ts.
    env: { ...process.env, TONGZHI_QUEUE_MODE: 'inprocess', TONGZHI_OCR: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  await until('the API address', async () => {
    url = /"url":"(http:\/\/[^"]+)"/.exec(log)?.[1] ?? '';
    return url !== '';
  });
  key = readFileSync(join(data, 'demo-api-key'), 'utf8').trim().replace(/^demo:/, '');
  // 17 readable units (5 notices × 3 formats, the GBK copy of 001, and bundles/ as one folder unit
  // whose notice is 003's PDF) and 2 that cannot be read.
  await until('every sample settled', async () => readdirSync(join(data, 'done')).length === 17 && readdirSync(join(data, 'failed')).length === 4);
}, 120_000);

afterAll(() => {
  child.kill('SIGKILL');
  rmSync(data, { recursive: true, force: true });
});

describe('tongzhi start --demo without Redis', () => {
  it('says in its log that it runs the in-process queue', () => {
    expect(log).toContain('queue mode: in-process');
  });

  it('makes an API key for the demo, owner-only, prints it, and refuses the staff endpoints without it', async () => {
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(data, 'demo-api-key')).mode & 0o077).toBe(0);
    expect(log).toContain(key);
    expect((await fetch(`${url}/notices`)).status).toBe(401);
    expect((await fetch(`${url}/feed.json`)).status).toBe(200);
  });

  it('stores one record per distinct sample, and lists, feeds and dates the 5 notices they are copies of once each', async () => {
    expect(readdirSync(join(data, 'out/records')).filter((f) => f.endsWith('.json'))).toHaveLength(17);
    await until('the index to hold them', async () => ((await get('/health')).body as { index: { documents: number } }).index.documents === 17);
    const notices = (await get('/notices?pageSize=100')).body as { total: number; items: Array<{ id: string; docNumber: string | null }> };
    expect(notices.total).toBe(5);
    expect(notices.items.map((n) => n.docNumber).sort()).toEqual([null, '京科发〔2023〕5号', '国科函才〔2023〕65号', '国科发才〔2024〕31号', '科协发宣字〔2023〕13号'].sort());
    // every file is a source of the one notice it is a copy of
    let sources = 0;
    for (const n of notices.items) sources += ((await get(`/notices/${n.id}`)).body as { group: { sources: unknown[] } }).group.sources.length;
    expect(sources).toBe(17);
    const feed = (await get('/feed.json')).body as { items: Array<{ id: string }> };
    for (const item of feed.items) expect(notices.items.map((n) => n.id)).toContain(item.id);
    const ics = (await get('/deadlines.ics')).body as string;
    const uids = [...ics.matchAll(/^UID:(\w+)-/gm)].map((m) => m[1]);
    for (const uid of new Set(uids)) expect(notices.items.map((n) => n.id)).toContain(uid);
  });

  it('finds notices by a Chinese query and serves the feed', async () => {
    const hits = (await get(`/search?q=${encodeURIComponent('国科发才〔2024〕31号')}`)).body as { items: Array<{ docNumber: string | null }> };
    expect(hits.items[0]?.docNumber).toBe('国科发才〔2024〕31号');
    const feed = await get('/feed.json');
    expect(feed.type).toContain('application/feed+json');
    expect((feed.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it('puts the scanned and the encrypted PDF in failed/ with their reasons', () => {
    const reasons = readdirSync(join(data, 'failed'))
      .filter((f) => f.endsWith('.error.json'))
      .map((f) => (JSON.parse(readFileSync(join(data, 'failed', f), 'utf8')) as { code: string }).code)
      .sort();
    expect(reasons).toEqual(['encrypted_file', 'no_text_layer']);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
