/**
 * Every endpoint of the API over a real HTTP connection (server on port 0) with the seeds
 * published: status codes, content types, paging, filters, id validation, health, logs.
 */
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { startServer } from '../../src/server/index.js';
import { NoticeStore, openPublisher } from '../../src/sinks/index.js';
import { SAMPLES, SEED_STEMS } from '../helpers.js';
import { variant } from '../sinks/fixtures.js';
import { API_KEY, AUTH, NOT_PUBLIC, rawGet, startApi, TIMED, type Api } from './fixtures.js';

let api: Api;
const get = (path: string): Promise<Response> => fetch(`${api.server.url}${path}`, { headers: AUTH });
const seed = (n: string): NoticeRecord => api.seeds.get(n) as NoticeRecord;
const ids = async (path: string): Promise<string[]> => ((await (await get(path)).json()) as { items: Array<{ id: string }> }).items.map((i) => i.id);
const errorOf = async (res: Response): Promise<{ code: string; message: string }> => ((await res.json()) as { error: { code: string; message: string } }).error;

beforeAll(async () => {
  api = await startApi();
}, 60_000);
afterAll(async () => {
  await api.server.close();
});

describe('GET /notices and /search', () => {
  it('lists every notice, paged, newest first', async () => {
    const res = await get('/notices?pageSize=3&page=2');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { total: number; page: number; pageSize: number; items: unknown[] };
    expect([body.total, body.page, body.pageSize, body.items.length]).toEqual([api.all.length, 2, 3, 3]);
    const first = await ids('/notices?pageSize=100');
    expect(first.indexOf(TIMED)).toBeLessThan(first.indexOf(seed('003').id)); // 2025 before 2024
  });

  it('filters as the search does', async () => {
    expect(await ids('/notices?region=北京市')).toEqual([seed('002').id]);
    expect(await ids('/notices?level=municipal')).toEqual([seed('001').id]);
    expect((await ids('/notices?year=2023&issuer=中国科协')).sort()).toEqual([seed('000').id, seed('004').id].sort());
    expect(await ids('/notices?deadlineAfter=2025-01-01')).toEqual([TIMED]);
  });

  it('searches in Chinese with filters and says what was asked', async () => {
    const res = await get(`/search?q=${encodeURIComponent('杨启明 58881428')}&pageSize=1`);
    const body = (await res.json()) as { query: string; total: number; items: Array<{ id: string; score: number }> };
    expect(body.query).toBe('杨启明 58881428');
    expect(body.items).toHaveLength(1);
    expect([seed('003').id, NOT_PUBLIC, TIMED]).toContain(body.items[0]?.id);
    expect(body.items[0]?.score).toBeGreaterThan(0);
    expect(await ids(`/search?q=${encodeURIComponent('科普')}&level=municipal`)).toEqual([seed('001').id]);
    expect(await ids(`/search?q=${encodeURIComponent('京科发〔2023〕5号')}&pageSize=1`)).toEqual([seed('002').id]);
  });

  it('400s a missing query and bad parameters', async () => {
    for (const path of ['/search', '/search?q=%20', '/notices?page=0', '/notices?pageSize=1000', '/notices?year=23', '/notices?deadlineAfter=tomorrow']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect((await errorOf(res)).code, path).toMatch(/^(missing_query|invalid_parameter)$/);
    }
  });
});

describe('GET /notices/:id and below', () => {
  it('gives the stored record', async () => {
    const res = await get(`/notices/${seed('004').id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as NoticeRecord).docNumber).toBe('科协发宣字〔2023〕13号');
  });

  it('404s an unknown id and 400s anything that is not an id, however encoded', async () => {
    const unknown = await get('/notices/0123456789abcdef');
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toMatchObject({ code: 'not_found' });
    for (const path of ['/notices/../etc/passwd', '/notices/%2e%2e', '/notices/%2e%2e/original', '/notices/..%2f..%2fetc%2fpasswd', '/notices/ABCDEF0123456789', '/notices/0123/forms/0', '/notices/%2e%2e%2f%2e%2e%2fetc%2fpasswd/original']) {
      const res = await rawGet(api.server.url, path);
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body), path).toMatchObject({ error: { code: 'invalid_id' } });
    }
    for (const path of ['/feed.json/../../etc/passwd', '/x/%2E%2E/%2e%2e/etc/passwd']) {
      const res = await rawGet(api.server.url, path);
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body), path).toMatchObject({ error: { code: 'invalid_path' } });
    }
  });

  it('serves the original file with its MIME type, and 404s it once it is gone', async () => {
    const r = seed('001');
    const res = await get(`/notices/${r.id}/original`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent(r.source.fileName));
    const stem = SEED_STEMS.find((s) => s.startsWith('001')) as string;
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(SAMPLES, `${stem}.txt`)))).toBe(true);
    await rm(join(api.config.layout.done, `${stem}.txt`));
    const gone = await get(`/notices/${r.id}/original`);
    expect(gone.status).toBe(404);
    expect(await errorOf(gone)).toMatchObject({ code: 'original_gone' });
  });

  /** fds of this process (the server runs in it) open on a file in done/ */
  const openInDone = (): number =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith(api.config.layout.done);
      } catch {
        return false; // closed while we looked
      }
    }).length;

  /** A notice whose original is 2 MB: more than a stream buffers, so an unread stream stays open. */
  const bigOriginal = (id: string): NoticeRecord => {
    const big = variant(seed('002'), id, {});
    const bytes = 2 << 20;
    big.source = { ...big.source, bytes };
    writeFileSync(join(api.config.layout.done, big.source.fileName.replace(/\.txt$/, `.${id.slice(0, 8)}.txt`)), Buffer.alloc(bytes, 0x41));
    writeFileSync(join(api.config.layout.records, `${big.id}.json`), JSON.stringify(big));
    return big;
  };

  it('answers HEAD on an original with its headers and no body, and leaves no file open in done/', async () => {
    const big = bigOriginal('fffe0000000000b1');
    const before = openInDone();
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${api.server.url}/notices/${big.id}/original`, { method: 'HEAD', headers: AUTH });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('content-length')).toBe(String(big.source.bytes));
      expect(await res.text()).toBe('');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(openInDone()).toBeLessThanOrEqual(before);
  });

  it('closes the original when a client aborts a GET half-way', async () => {
    const big = bigOriginal('fffd0000000000b2');
    const before = openInDone();
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve, reject) => {
        const url = new URL(`${api.server.url}/notices/${big.id}/original`);
        const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'GET', headers: AUTH }, (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(e)));
        req.end();
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(openInDone()).toBeLessThanOrEqual(before);
  });

  it('serves each form schema as application/schema+json and its uiSchema when there is one', async () => {
    const r = seed('000');
    const n = r.attachments.findIndex((a) => a.form);
    const res = await get(`/notices/${r.id}/forms/${n}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    expect(await res.json()).toEqual(r.attachments[n]?.form);

    const ui = await get(`/notices/${TIMED}/forms/0/ui`);
    expect(ui.status).toBe(200);
    expect(await ui.json()).toEqual({ 'ui:order': ['*'] });
    const noUi = await get(`/notices/${seed('004').id}/forms/0/ui`);
    expect(noUi.status).toBe(404); // 004 has no attachment at all
    expect((await get(`/notices/${r.id}/forms/99`)).status).toBe(404);
    expect((await get(`/notices/${r.id}/forms/x`)).status).toBe(400);
  });
});

describe('feed, calendar, schema, health', () => {
  it('serves /feed.json as application/feed+json with ?page=', async () => {
    const res = await get('/feed.json');
    expect(res.headers.get('content-type')).toMatch(/^application\/feed\+json/);
    expect((await get('/feed.json?page=2')).status).toBe(200);
    expect((await get('/feed.json?page=99')).status).toBe(404);
  });

  it('serves /deadlines.ics as text/calendar and the record schema', async () => {
    const ics = await get('/deadlines.ics');
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const schema = await get('/schema/notice-record.json');
    expect(schema.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    expect(((await schema.json()) as { title: string }).title).toBe('tongzhi notice record');
  });

  it('health: 200 with the index state, Redis pinged when configured, 503 when a required Redis is down', async () => {
    const plain = (await (await get('/health')).json()) as { ok: boolean; index: { state: string; documents: number }; redis: unknown };
    expect(plain).toMatchObject({ ok: true, index: { state: 'ok', documents: api.all.length }, redis: null });

    const withRedis = async (redis: string) => {
      const config = resolveConfig({ data: api.config.layout.data, port: '0', redis, apiKeys: API_KEY }, {});
      const server = await startServer(config, { logger: api.logger, store: await NoticeStore.open(config) });
      try {
        const res = await fetch(`${server.url}/health`, { headers: AUTH });
        return { status: res.status, body: (await res.json()) as { ok: boolean; redis: { ok: boolean; required: boolean } } };
      } finally {
        await server.close();
      }
    };
    // The machine's Redis (CI starts it); the health check needs nothing else of it.
    const up = await withRedis('redis://127.0.0.1:6379');
    expect(up.status).toBe(200);
    expect(up.body.redis.ok).toBe(true);
    const down = await withRedis('redis://127.0.0.1:1');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ok: false, redis: { ok: false, required: true } });
  });

  it('405s another method on a known path with an Allow header and a JSON error; OPTIONS says what is allowed', async () => {
    const id = seed('000').id;
    for (const [method, path] of [['POST', '/feed.json'], ['PUT', `/notices/${id}`], ['DELETE', `/notices/${id}/original`], ['PATCH', '/notices'], ['POST', '/search?q=x'], ['POST', '/deadlines.ics'], ['DELETE', '/health'], ['POST', `/notices/${id}/forms/0`]] as const) {
      const res = await fetch(`${api.server.url}${path}`, { method, body: method === 'DELETE' ? undefined : '{}', headers: AUTH });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow'), `${method} ${path}`).toBe('GET, HEAD, OPTIONS');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await errorOf(res)).toMatchObject({ code: 'method_not_allowed' });
    }
    const options = await fetch(`${api.server.url}/feed.json`, { method: 'OPTIONS', headers: AUTH });
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'GET, HEAD, OPTIONS']);
    // An unknown path stays a 404 whatever the method, and a bad id a 400.
    expect((await fetch(`${api.server.url}/nothing-here`, { method: 'POST', headers: AUTH })).status).toBe(404);
    expect((await fetch(`${api.server.url}/notices/xyz`, { method: 'POST', headers: AUTH })).status).toBe(400);
    expect((await get('/feed.json')).status).toBe(200);
  });

  it('404s unknown routes as JSON and logs start and every request as JSON', async () => {
    const res = await get('/nothing-here');
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: 'not_found' });
    expect(api.logs.some((l) => l['msg'] === 'api listening' && l['url'] === api.server.url)).toBe(true);
    expect(api.logs.some((l) => l['msg'] === 'request' && l['path'] === '/nothing-here' && l['status'] === 404 && typeof l['ms'] === 'number')).toBe(true);
  });
});

describe('a record file that is not a valid record', () => {
  it('is skipped by the feed, the search and the listing, 500s alone, and is counted in /health', async () => {
    const id = '0123456789abcdef';
    // Published while valid (the newest notice: first on the first feed page), then replaced on
    // disk by garbage, and an older-version record next to it.
    const pub = await openPublisher(api.config);
    await pub.publish(variant(seed('003'), id, { signedDate: '2099-01-01', title: '将被损坏的通知', docNumber: '国科发才〔2099〕1号' }));
    await pub.close();
    expect(await ids('/feed.json')).toContain(id);
    writeFileSync(join(api.config.layout.records, `${id}.json`), '{"id": "0123456789abcdef", "title": 42, garbage');
    const older = { ...variant(seed('004'), 'fedcba9876543210', {}), schemaVersion: '0.9.0' };
    writeFileSync(join(api.config.layout.records, `${older.id}.json`), JSON.stringify(older));

    const feed = await get('/feed.json');
    expect(feed.status).toBe(200);
    expect(((await feed.json()) as { items: Array<{ id: string }> }).items.map((i) => i.id)).not.toContain(id);
    for (const path of ['/feed.json?page=2', '/notices', `/search?q=${encodeURIComponent('科技')}`, '/deadlines.ics']) expect((await get(path)).status, path).toBe(200);
    const one = await get(`/notices/${id}`);
    expect(one.status).toBe(500);
    expect(await errorOf(one)).toMatchObject({ code: 'invalid_record' });
    expect((await get(`/notices/${older.id}`)).status).toBe(500);
    expect((await get(`/notices/${seed('000').id}`)).status).toBe(200);

    const health = (await (await get('/health')).json()) as { ok: boolean; records: { invalid: number; files: Array<{ id: string; error: string }> } };
    expect(health.ok).toBe(true);
    expect(health.records.invalid).toBe(2);
    expect(health.records.files.map((f) => f.id).sort()).toEqual([id, older.id].sort());
    expect(health.records.files.find((f) => f.id === older.id)?.error).toMatch(/schemaVersion/);
    expect(api.logs.some((l) => l['msg'] === 'record file is not a valid record: skipped' && l['id'] === id)).toBe(true);

    // Publishing goes on: feed.json is written without it.
    const next = await openPublisher(api.config);
    await next.publish(variant(seed('002'), 'ffff0000000000c1', {}));
    await next.close();
    const written = JSON.parse(readFileSync(api.config.layout.feed, 'utf8')) as { items: Array<{ id: string }> };
    expect(written.items.map((i) => i.id)).not.toContain(id);
  });
});


describe('copies of one notice and the notice graph', () => {
  type Source = { id: string; fileName: string; url: string; original: string };
  type Link = { id: string; url: string; relation: string; by: string; localEarlier: boolean | null; deadlines: Array<{ local: { date: string }; parent: { date: string } }> };
  type Served = NoticeRecord & { group: { id: string; representative: boolean; sources: Source[] }; cites: Link[]; citedBy: Link[] };
  const served = async (id: string): Promise<Served> => (await (await get(`/notices/${id}`)).json()) as Served;

  it('a PDF copy of a notice is one notice: listed and fed once, its group lists both files with their originals', async () => {
    const s004 = seed('004');
    const pdf = variant(s004, 'ffff0000000000f1', { source: { ...s004.source, format: 'pdf', fileName: '004.pdf' } });
    const pub = await openPublisher(api.config);
    await pub.publish(pdf);
    await pub.close();
    const listed = await ids('/notices?pageSize=100');
    expect(listed).toContain(s004.id);
    expect(listed).not.toContain(pdf.id);
    const one = await served(pdf.id);
    expect(one.docNumber).toBe('科协发宣字〔2023〕13号');
    expect([one.group.id, one.group.representative]).toEqual([s004.id, false]);
    expect(one.group.sources.map((s) => [s.id, s.fileName, s.original])).toEqual([
      [s004.id, s004.source.fileName, `http://tongzhi.test/notices/${s004.id}/original`],
      [pdf.id, '004.pdf', `http://tongzhi.test/notices/${pdf.id}/original`],
    ]);
    expect((await served(s004.id)).group.representative).toBe(true);
    const feed: Array<{ id: string; attachments: Array<{ url: string; mime_type: string }>; _tongzhi: { sources: Source[] } }> = [];
    for (let page = 1; ; page++) {
      const res = await get(`/feed.json?page=${page}`);
      if (res.status !== 200) break;
      feed.push(...((await res.json()) as { items: typeof feed }).items);
    }
    expect(feed.map((i) => i.id)).not.toContain(pdf.id);
    const item = feed.find((i) => i.id === s004.id);
    expect(item?._tongzhi.sources.map((s) => s.id)).toEqual([s004.id, pdf.id]);
    expect(item?.attachments.find((a) => a.url.endsWith(`${pdf.id}/original`))?.mime_type).toBe('application/pdf');
  });

  it('serves the graph: 001 and 002 cite 000 by its 文号, each asking for its 总结报告 before 000 does', async () => {
    const parent = await served(seed('000').id);
    for (const local of [seed('001'), seed('002')]) {
      const link = parent.citedBy.find((l) => l.id === local.id);
      expect(link).toMatchObject({ relation: 'cites', by: 'docNumber', localEarlier: true, url: `http://tongzhi.test/notices/${local.id}` });
      expect(link?.deadlines.map((d) => [d.local.date, d.parent.date])).toEqual([['2023-06-12', '2023-06-30']]);
      expect((await served(local.id)).cites.map((l) => l.id)).toContain(seed('000').id);
    }
    expect(parent.cites.map((l) => l.id)).not.toContain(seed('001').id);
  });
});
