/**
 * The one conformance suite every store driver passes (sqlite.test.ts, postgres.test.ts; a third
 * driver would call it too): add, replace, remove, get, list with filters and paging, search
 * relevance with Chinese queries over the five seed notices (expected hits read off the seed texts
 * in samples/*.txt, not off this code's output), snippets, feed order, the calendar's notices, the
 * tokenizer version, and two processes writing at once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeRecord } from '../../src/record/schema.js';
import type { NoticeSummary, SearchFilters, StoreDriver } from '../../src/store/index.js';
import { seedRecords, variant } from '../sinks/fixtures.js';

export interface DriverUnderTest {
  /** a driver over an empty store */
  open(): Promise<StoreDriver>;
  /** what the writer process opens to reach the same store (a file path or a URL) */
  where: string;
  /** drops the store (after all) */
  cleanup(): Promise<void>;
}

const AT = new Date('2026-01-01T00:00:00Z');
const PAGE = { page: 1, pageSize: 10 };

/** Runs a writer process; resolves with what it printed. */
function writer(where: string, recordFile: string, prefix: string, n: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'writer.ts'), where, recordFile, prefix, String(n)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`writer exited ${code}: ${err}`))));
  });
}

export function conformance(name: string, makeUnderTest: () => Promise<DriverUnderTest>): void {
  describe(`store driver ${name}`, () => {
    let ut: DriverUnderTest;
    let store: StoreDriver;
    let seeds: Map<string, NoticeRecord>;
    const seedOf = (id: string): string => [...seeds].find(([, r]) => r.id === id)?.[0] ?? id;
    const hits = async (q: string, f: SearchFilters = {}): Promise<string[]> => (await store.search(q, f, PAGE)).items.map((h) => seedOf(h.id));
    const listed = async (f: SearchFilters = {}): Promise<string[]> => (await store.list(f, PAGE)).items.map((h) => seedOf(h.id));

    beforeAll(async () => {
      seeds = await seedRecords();
      ut = await makeUnderTest();
      store = await ut.open();
      for (const r of seeds.values()) await store.put(r, { now: AT });
    }, 120_000);

    afterAll(async () => {
      await store?.close();
      await ut?.cleanup();
    });

    describe('relevance over the seeds', () => {
      // [query, expected top hit, why (from the seed texts)]
      const TOP: Array<[string, string, string]> = [
        ['国科发才〔2024〕31号', '003', "003's own 文号"],
        ['国科函才〔2023〕65号', '000', "000's 文号; 001 and 002 only cite it"],
        ['京科发〔2023〕5号', '002', "002's 文号"],
        ['科协发宣字〔2023〕13号', '004', "004's 文号"],
        ['鲁科字〔2023〕27号', '001', 'cited only by 001 (山东)'],
        ['2024 科技周', '003', 'the only 2024 notice'],
        ['北京科技周', '002', "002's title"],
        ['全国科技工作者日', '004', "004's title; the others mention it in the body"],
        ['点亮精神火炬', '004', "004's theme"],
        ['弘扬科学家精神 激发全社会创新活力', '003', "003's theme"],
        ['淄博科学城', '001', "001's 启动仪式 venue"],
        ['中关村管委会', '002', 'only 002'],
        ['杨启明 58881428', '003', '杨启明 is in 003 and 004; 010-58881428 only in 003'],
        ['兰雪滢', '004', "004's contact"],
        ['栗英轩', '002', "002's contact"],
        ['闭幕式 上海市', '000', '000: 5月31日在上海市举办闭幕式'],
        ['活动备案表', '000', "000's 附件"],
        ['推荐表', '003', "003's 附件1 推荐表"],
        ['Lsh@cis.org.cn', '000', "000's submission address"],
        ['心理健康', '004', 'only 004 (关注科研人员心理健康)'],
        ['科普进社区', '001', 'only 001 (科普进社区、科普进校园)'],
      ];
      it.each(TOP)('%s → %s (%s)', async (q, want) => {
        expect((await hits(q))[0]).toBe(want);
      });

      // Queries whose words several seeds share: the right set comes first, in some order.
      const SETS: Array<[string, string[], string]> = [
        ['科技活动周', ['000', '001', '003'], 'the three 科技活动周 titles'],
        ['统计表', ['000', '002', '003'], 'the three notices with a 统计表 attached'],
        ['杨启明', ['003', '004'], 'the contact of both 科技部 notices'],
      ];
      it.each(SETS)('%s → %j first (%s)', async (q, want) => {
        expect((await hits(q)).slice(0, want.length).sort()).toEqual(want);
      });

      it('科普 finds every seed (all five use the word), scored, with the word highlighted in a snippet', async () => {
        for (const r of seeds.values()) expect(r.text).toContain('科普');
        const page = await store.search('科普', {}, PAGE);
        expect(page.items.map((h) => seedOf(h.id)).sort()).toEqual(['000', '001', '002', '003', '004']);
        expect(page.total).toBe(5);
        for (const h of page.items) {
          expect(h.score).toBeGreaterThan(0);
          expect(h.snippet).toContain('【科普】');
        }
        const scores = page.items.map((h) => h.score ?? 0);
        expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      });

      it('a query of nothing but punctuation lists everything, newest first', async () => {
        const all = (await store.search('，。', {}, PAGE)).items;
        expect(all).toHaveLength(5);
        expect(all.every((h) => h.score === null)).toBe(true);
        // 003 printed 2024-03-29, 004 printed 2023-04-26, 000 signed 2023-04-15; 001 and 002 carry
        // no readable date and sort by their ingest time (2026-01-01), so first.
        expect(all.slice(2).map((h) => seedOf(h.id))).toEqual(['003', '004', '000']);
      });

      it('a token that is FTS or tsquery syntax is a word, not an operator', async () => {
        for (const q of ['"', "'", 'AND OR NOT', 'title:科普', '科普*', '(科普', '!&|', 'near(a b)']) {
          const page = await store.search(q, {}, PAGE);
          expect(page.total, q).toBeGreaterThanOrEqual(0);
        }
        expect(await hits('"科普"')).toHaveLength(5);
      });
    });

    describe('filters and paging', () => {
      it('level, region, issuer, year and open deadline, alone and with a query', async () => {
        expect((await hits('科普', { level: 'national' })).sort()).toEqual(['000', '003', '004']);
        expect(await hits('科普', { level: 'municipal' })).toEqual(['001']);
        expect(await listed({ region: '北京市' })).toEqual(['002']);
        expect((await listed({ issuer: '中国科协' })).sort()).toEqual(['000', '003', '004']);
        expect(await listed({ issuer: '%' })).toEqual([]);
        expect(await listed({ year: 2024 })).toEqual(['003']);
        // Deadlines in the texts: 000 6月15日/6月30日, 001 6月12日, 002 6月12日, 003 2024, 004 6月底.
        expect((await listed({ deadlineAfter: '2023-06-13' })).sort()).toEqual(['000', '003', '004']);
        expect(await hits('统计表', { deadlineAfter: '2024-01-01' })).toEqual(['003']);
      });

      it('pages listings and searches, with the total of all pages', async () => {
        const p1 = await store.list({}, { page: 1, pageSize: 2 });
        const p3 = await store.list({}, { page: 3, pageSize: 2 });
        expect([p1.total, p1.items.length, p3.items.length]).toEqual([5, 2, 1]);
        const s2 = await store.search('科普', {}, { page: 2, pageSize: 3 });
        expect([s2.total, s2.items.length, s2.page, s2.pageSize]).toEqual([5, 2, 2, 3]);
        const all = [...(await store.search('科普', {}, { page: 1, pageSize: 3 })).items, ...s2.items].map((h) => h.id);
        expect(new Set(all).size).toBe(5);
      });
    });

    describe('feed order and calendar', () => {
      it('the feed holds what the policy publishes, newest first, paged', async () => {
        const everyone = await store.feed('not-marked-private', { page: 1, pageSize: 50 });
        expect(everyone.total).toBe(5);
        const order = everyone.items.map((s) => seedOf(s.id));
        expect(order.slice(2)).toEqual(['003', '004', '000']);
        const strict = await store.feed('marked-public', { page: 1, pageSize: 50 });
        const marked = [...seeds.values()].filter((r) => strict.items.some((s) => s.id === r.id));
        expect(strict.total).toBe(strict.items.length);
        expect(strict.items.every((s) => s.marking === 'public')).toBe(true);
        expect(marked.length).toBeLessThanOrEqual(5);
        const second = await store.feed('not-marked-private', { page: 2, pageSize: 3 });
        expect(second.items.map((s) => seedOf(s.id))).toEqual(order.slice(3));
      });

      it('the calendar gets every published notice with a deadline or an event', async () => {
        const dated = await store.dated('not-marked-private');
        const want = [...seeds.values()].filter((r) => r.deadlines.length + r.events.length + r.eventPeriods.length > 0);
        expect(dated.map((s) => s.id).sort()).toEqual(want.map((r) => r.id).sort());
        const s = dated.find((x) => x.deadlines.length > 0) as NoticeSummary;
        expect(s.deadlines[0]?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      });
    });

    describe('writes', () => {
      it('adds, replaces by id (keeping the first publication time), gets and removes', async () => {
        const r = variant(seeds.get('004') as NoticeRecord, 'ffff00000000c001', {});
        const g0 = (await store.generation()).generation;
        await store.put(r, { now: new Date('2026-01-01T00:00:00Z') });
        await store.put({ ...r, title: '改过的标题 火星基地' }, { now: new Date('2026-02-01T00:00:00Z') });
        expect(await store.count()).toBe(6);
        const s = await store.get(r.id);
        expect([s?.title, s?.publishedAt, s?.modifiedAt]).toEqual(['改过的标题 火星基地', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
        expect((await store.search('火星基地', {}, PAGE)).items.map((h) => h.id)).toEqual([r.id]);
        // the old title's own words are gone from the index with it
        expect((await store.search('改过的标题', {}, PAGE)).items[0]?.id).toBe(r.id);
        const g = await store.generation();
        expect(g.generation).toBe(g0 + 2);
        expect(g.modified).toBe('2026-02-01T00:00:00.000Z');
        expect((await store.versions()).find((v) => v.id === r.id)).toEqual({ id: r.id, publishedAt: '2026-01-01T00:00:00.000Z', modifiedAt: '2026-02-01T00:00:00.000Z' });
        expect(await store.remove(r.id)).toBe(true);
        expect(await store.remove(r.id)).toBe(false);
        expect(await store.get(r.id)).toBeNull();
        expect(await store.count()).toBe(5);
        expect((await store.search('火星基地', {}, PAGE)).items.map((h) => h.id)).not.toContain(r.id);
      });

      it('putMany writes a batch; a forced publication time wins', async () => {
        const base = seeds.get('002') as NoticeRecord;
        const batch = ['ffff00000000b001', 'ffff00000000b002'].map((id) => ({ record: variant(base, id, {}), options: { now: AT, publishedAt: '2025-05-05T00:00:00.000Z' } }));
        await store.putMany(batch);
        expect((await store.get('ffff00000000b002'))?.publishedAt).toBe('2025-05-05T00:00:00.000Z');
        for (const { record } of batch) await store.remove(record.id);
        expect(await store.count()).toBe(5);
      });

      it('keeps the tokenizer version it was told', async () => {
        await store.setTokenizerVersion('test-tokens/9');
        expect(await store.tokenizerVersion()).toBe('test-tokens/9');
      });

      it('two processes writing at once lose nothing', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'tongzhi-store-writer-'));
        const file = join(dir, 'record.json');
        writeFileSync(file, JSON.stringify(seeds.get('001')));
        const n = 25;
        const printed = await Promise.all([writer(ut.where, file, 'aaaa', n), writer(ut.where, file, 'bbbb', n)]);
        expect(printed).toEqual([String(n), String(n)]);
        expect(await store.count()).toBe(5 + 2 * n);
        const ids = (await store.versions()).map((v) => v.id);
        for (const p of ['aaaa', 'bbbb']) expect(ids.filter((id) => id.startsWith(p))).toHaveLength(n);
        expect((await store.search('aaaa', {}, { page: 1, pageSize: 100 })).total).toBe(n);
        for (const id of ids.filter((x) => /^(aaaa|bbbb)/.test(x))) await store.remove(id);
      }, 60_000);
    });
  });
}
