/**
 * The page's API (/admin/api): corrections reach the record, search, calendar and feed, survive
 * a re-extraction and a reindex, and checked notices export as gold; changes need a key and the
 * page's own origin; uploads land in the inbox under safe names.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeRecord } from '../../src/record/schema.js';
import { snippets } from '../../src/server/web-api.js';
import { openPublisher, rebuildOutputs } from '../../src/sinks/index.js';
import { runCli } from '../helpers.js';
import { AUTH, startApi, type Api } from './fixtures.js';

let api: Api;
let s003: NoticeRecord;
beforeAll(async () => {
  // a small size limit, so the refused upload is small too
  api = await startApi(50, { maxBytes: '4096' });
  s003 = api.seeds.get('003') as NoticeRecord;
});
afterAll(async () => {
  await api.server.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = AUTH): Promise<Response> =>
  fetch(`${api.server.url}${path}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const get = async <T>(path: string): Promise<T> => (await (await fetch(`${api.server.url}${path}`, { headers: AUTH })).json()) as T;

describe('snippets', () => {
  it('marks the query terms inside windows of the text', () => {
    const [s] = snippets('前言。各地方各部门要认真制订方案，并于4月15日前报送推荐表。后记', '推荐表');
    expect(s?.text.slice(...(s.marks[0] as [number, number]))).toBe('推荐表');
  });
});

describe('/admin/api', () => {
  it('needs a key, and a change from another origin is refused', async () => {
    expect((await fetch(`${api.server.url}/admin/api/overview`)).status).toBe(401);
    const cross = await post(`/admin/api/notices/${s003.id}/checked`, { checked: true }, { ...AUTH, Origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
  });

  it('the overview counts the folder and lists no failure of an empty failed/', async () => {
    const o = await get<{ counts: { failed: number; done: number }; failures: unknown[]; documents: number }>('/admin/api/overview');
    expect(o.failures).toEqual([]);
    expect(o.documents).toBe(api.all.length);
  });

  it('search answers with highlighted snippets', async () => {
    const r = await get<{ items: Array<{ id: string; snippets: Array<{ text: string; marks: Array<[number, number]> }> }> }>(`/admin/api/search?q=${encodeURIComponent('科技活动周')}`);
    const hit = r.items.find((i) => i.id === s003.id);
    expect(hit?.snippets[0]?.marks.length).toBeGreaterThan(0);
  });

  it('a correction is served by the record, search, calendar and feed', async () => {
    const r = await post(`/admin/api/notices/${s003.id}/corrections`, { op: 'set', path: ['deadlines', 0, 'what'], value: '更正后的报送事项' });
    expect(r.status).toBe(200);
    expect((await get<NoticeRecord>(`/notices/${s003.id}`)).deadlines[0]?.what).toBe('更正后的报送事项');
    const t = await post(`/admin/api/notices/${s003.id}/corrections`, { op: 'set', path: ['title'], value: '琥珀色测试标题' });
    expect(t.status).toBe(200);
    const hits = await get<{ items: Array<{ id: string }> }>(`/search?q=${encodeURIComponent('琥珀色')}`);
    expect(hits.items.map((h) => h.id)).toContain(s003.id);
    const ics = await (await fetch(`${api.server.url}/deadlines.ics`)).text();
    expect(ics.replace(/\r\n /g, '')).toContain('更正后的报送事项');
    const feed = await get<{ items: Array<{ id: string; title: string }> }>('/feed.json');
    expect(feed.items.find((i) => i.id.endsWith(s003.id))?.title).toBe('琥珀色测试标题');
  });

  it('refuses a correction that would make an invalid record', async () => {
    const r = await post(`/admin/api/notices/${s003.id}/corrections`, { op: 'set', path: ['signedDate'], value: '四月' });
    expect(r.status).toBe(400);
  });

  it('re-extraction keeps the corrections and reports where they now disagree', async () => {
    // as the intake does after an upgrade: the new extraction is stored, then published
    const again = { ...s003, title: '重新提取的标题' };
    writeFileSync(join(api.config.layout.records, `${s003.id}.json`), JSON.stringify(again));
    const pub = await openPublisher(api.config);
    await pub.publish(again);
    await pub.close();
    await api.store.refresh();
    const served = await get<NoticeRecord>(`/notices/${s003.id}`);
    expect(served.title).toBe('琥珀色测试标题');
    expect(served.issues.find((i) => i.code === 'correction_disagrees')?.path).toEqual(['title']);
    const o = await get<{ disagreements: Array<{ path: string[]; base: unknown; now: unknown }> }>(`/admin/api/notices/${s003.id}/overrides`);
    expect(o.disagreements).toEqual([{ op: 'set', path: ['title'], base: s003.title, now: '重新提取的标题' }]);
  });

  it('a reindex keeps the corrections', async () => {
    await rebuildOutputs(api.config);
    const hits = await get<{ items: Array<{ id: string }> }>(`/search?q=${encodeURIComponent('琥珀色')}`);
    expect(hits.items.map((h) => h.id)).toContain(s003.id);
  });

  it('uploads go into the inbox under their own name; hidden names are refused', async () => {
    const body = new FormData();
    body.append('files', new Blob(['通知正文']), '上传.txt');
    body.append('files', new Blob(['x']), '.hidden');
    const r = await fetch(`${api.server.url}/admin/api/upload`, { method: 'POST', headers: AUTH, body });
    const j = (await r.json()) as { uploaded: Array<{ file: string; savedAs: string | null }> };
    expect(j.uploaded).toEqual([
      { file: '上传.txt', savedAs: '上传.txt' },
      { file: '.hidden', savedAs: null, error: '文件名无效' },
    ]);
    expect(readFileSync(join(api.config.layout.inbox, '上传.txt'), 'utf8')).toBe('通知正文');
  });

  it('refuses an upload larger than four files of the size limit before reading it', async () => {
    const body = new FormData();
    body.append('files', new Blob([new Uint8Array(api.config.maxBytes * 4 + 1)]), 'big.txt');
    const r = await fetch(`${api.server.url}/admin/api/upload`, { method: 'POST', headers: AUTH, body });
    expect(r.status).toBe(413);
  });

  // last: the CLI runs synchronously and blocks this process (and its server) for seconds
  it('checked notices export as gold records', async () => {
    expect((await post(`/admin/api/notices/${s003.id}/checked`, { checked: true })).status).toBe(200);
    const out = mkdtempSync(join(tmpdir(), 'tongzhi-gold-'));
    const r = runCli(['export', '--format', 'gold', '--output', out, '--data', api.config.layout.data, '--out', api.config.layout.out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(out, 'gold'))).toEqual([`${s003.id}.json`]);
    const gold = JSON.parse(readFileSync(join(out, 'gold', `${s003.id}.json`), 'utf8')) as { title: string; deadlines: Array<{ what: string }> };
    expect(gold.title).toBe('琥珀色测试标题');
    expect(gold.deadlines[0]?.what).toBe('更正后的报送事项');
    expect(existsSync(join(out, 'docs', `${s003.id}.txt`))).toBe(true);
    // the Elasticsearch export carries the corrections too
    const bulk = runCli(['export', '--format', 'es-bulk', '--data', api.config.layout.data, '--out', api.config.layout.out]);
    expect(bulk.stdout).toContain('琥珀色测试标题');
  });
});
