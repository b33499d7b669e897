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
import { graphLinks } from '../../src/store/grouping.js';
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
function writer(where: string, recordFile: string, prefix: string, n: number, what: 'notices' | 'copies' = 'notices'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'writer.ts'), where, recordFile, prefix, String(n), what], { stdio: ['ignore', 'pipe', 'pipe'] });
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
        expect([s2.total, s2.totalExact, s2.items.length, s2.page, s2.pageSize]).toEqual([5, true, 2, 2, 3]);
        expect(p1.totalExact).toBe(true);
        const all = [...(await store.search('科普', {}, { page: 1, pageSize: 3 })).items, ...s2.items].map((h) => h.id);
        expect(new Set(all).size).toBe(5);
      });
    });

    describe('feed order and calendar', () => {
      it('the feed holds what the policy publishes, newest first, paged', async () => {
        const everyone = await store.feed('not-marked-private', { page: 1, pageSize: 50 });
        expect([everyone.items.length, everyone.more]).toEqual([5, false]);
        const order = everyone.items.map((s) => seedOf(s.id));
        expect(order.slice(2)).toEqual(['003', '004', '000']);
        const strict = await store.feed('marked-public', { page: 1, pageSize: 50 });
        const marked = [...seeds.values()].filter((r) => strict.items.some((s) => s.id === r.id));
        expect(strict.more).toBe(false);
        expect(strict.items.every((s) => s.marking === 'public')).toBe(true);
        expect(marked.length).toBeLessThanOrEqual(5);
        const second = await store.feed('not-marked-private', { page: 2, pageSize: 3 });
        expect(second.items.map((s) => seedOf(s.id))).toEqual(order.slice(3));
        // a page says whether another follows: the first of 3 does, the second (the last 2) does not
        expect([(await store.feed('not-marked-private', { page: 1, pageSize: 3 })).more, second.more]).toEqual([true, false]);
        expect((await store.feed('not-marked-private', { page: 3, pageSize: 3 })).items).toEqual([]);
      });

      it('the calendar gets every published notice with a deadline or an event', async () => {
        const dated = await store.dated('not-marked-private', 100);
        const want = [...seeds.values()].filter((r) => r.deadlines.length + r.events.length + r.eventPeriods.length > 0);
        expect(dated.map((s) => s.id).sort()).toEqual(want.map((r) => r.id).sort());
        const s = dated.find((x) => x.deadlines.length > 0) as NoticeSummary;
        expect(s.deadlines[0]?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        // at most `limit`, the newest first
        const two = await store.dated('not-marked-private', 2);
        expect(two.map((x) => x.id)).toEqual(dated.slice(0, 2).map((x) => x.id));
      });
    });

    describe('copies of one notice and the notice graph', () => {
      /** A text no seed shares a shingle with: every CJK character moved k code points on. */
      const shifted = (text: string, k: number): string => text.replace(/[\u4e00-\u9fa5]/g, (c) => String.fromCharCode(c.charCodeAt(0) + k));
      const NO_EVIDENCE = { start: 0, end: 0, page: null, quote: '' };
      const ids = (xs: ReadonlyArray<{ id: string }>): string[] => xs.map((x) => x.id);
      const listedTotal = async (): Promise<number> => (await store.list({}, PAGE)).total;
      const cleanup = async (...xs: string[]): Promise<void> => {
        for (const id of xs) await store.remove(id);
        expect(await store.count()).toBe(5);
      };

      it('a copy with the same 文号 (the PDF of a .txt) joins its notice: listed, fed, searched and dated once', async () => {
        const s003 = seeds.get('003') as NoticeRecord;
        const pdf = variant(s003, 'ffff0000000a0001', { source: { ...s003.source, format: 'pdf', fileName: '003.pdf' } });
        const before = (await store.dated('not-marked-private', 100)).length;
        await store.put(pdf, { now: new Date('2026-03-01T00:00:00Z') });
        expect(await store.count()).toBe(6);
        expect(await listedTotal()).toBe(5);
        expect((await store.feed('not-marked-private', PAGE)).items).toHaveLength(5);
        expect(await store.dated('not-marked-private', 100)).toHaveLength(before);
        const found = await store.search('国科发才〔2024〕31号', {}, PAGE);
        expect([found.total, found.items[0]?.id]).toEqual([1, s003.id]);
        // the group is the same from either member, the first stored first
        expect(ids(await store.group(pdf.id))).toEqual([s003.id, pdf.id]);
        expect(ids(await store.group(s003.id))).toEqual([s003.id, pdf.id]);
        expect(ids((await store.groups([s003.id])).get(s003.id) ?? [])).toEqual([s003.id, pdf.id]);
        await cleanup(pdf.id);
        expect(ids(await store.group(s003.id))).toEqual([s003.id]);
      });

      it('same title, issuers and 成文日期 without a 文号 (a web page) is a copy; another 成文日期 is not', async () => {
        const s000 = seeds.get('000') as NoticeRecord;
        const web = variant(s000, 'ffff0000000a0002', { docNumber: null, text: shifted(s000.text, 1) });
        const later = variant(s000, 'ffff0000000a0003', { docNumber: null, text: shifted(s000.text, 2), signedDate: '2023-05-15' });
        await store.put(web, { now: AT });
        await store.put(later, { now: AT });
        expect(ids(await store.group(web.id))).toEqual([s000.id, web.id]);
        expect(ids(await store.group(later.id))).toEqual([later.id]);
        expect(await listedTotal()).toBe(6);
        await cleanup(web.id, later.id);
      });

      it('near-identical text is a copy (another title read, a line added); half the text is not', async () => {
        const s001 = seeds.get('001') as NoticeRecord;
        const web = variant(s001, 'ffff0000000a0004', { title: '山东省科技活动周通知（网页版）', text: `${s001.text}\n来源：某某网站 发布时间：2023-05-01` });
        const half = variant(s001, 'ffff0000000a0005', { title: '山东省科技活动周通知（节选）', text: s001.text.slice(0, Math.floor(s001.text.length / 2)) });
        await store.put(web, { now: AT });
        await store.put(half, { now: AT });
        expect(ids(await store.group(web.id))).toEqual([s001.id, web.id]);
        expect(ids(await store.group(half.id))).toEqual([half.id]);
        await cleanup(web.id, half.id);
      });

      // [what, the change to a copy of 003 (same 文号 and text)]
      const APART: Array<[string, Partial<NoticeRecord>]> = [
        ['a form (a lone attachment file)', { kind: 'form' }],
        ['a copy marked private (秘密), so no feed item shows it through a public copy', { secrecy: '秘密' }],
      ];
      it.each(APART)('%s is never grouped with the notice', async (_what, change) => {
        const s003 = seeds.get('003') as NoticeRecord;
        const apart = variant(s003, 'ffff0000000a0006', change);
        await store.put(apart, { now: AT });
        expect(ids(await store.group(apart.id))).toEqual([apart.id]);
        expect(ids(await store.group(s003.id))).toEqual([s003.id]);
        expect((await store.get(apart.id))?.kind).toBe(change.kind ?? 'notice');
        await cleanup(apart.id);
      });

      it('removing the copy that joined two others splits them; removing the representative hands over (and search finds the new one)', async () => {
        const s003 = seeds.get('003') as NoticeRecord;
        // p and q share a 文号; r has q's text and no 文号: one group through q
        const p = variant(s003, 'ffff0000000a0007', { docNumber: '测试发〔2099〕7号', text: shifted(s003.text, 1) });
        const q = variant(s003, 'ffff0000000a0008', { docNumber: '测试发〔2099〕7号', text: shifted(s003.text, 2) });
        const r = variant(s003, 'ffff0000000a0009', { docNumber: null, signedDate: null, text: `${shifted(s003.text, 2)}\n（网页）` });
        for (const [x, day] of [[p, '01'], [q, '02'], [r, '03']] as const) await store.put(x, { now: new Date(`2026-04-${day}T00:00:00Z`) });
        expect(ids(await store.group(r.id))).toEqual([p.id, q.id, r.id]);
        expect(await listedTotal()).toBe(6);
        await store.remove(q.id);
        expect(ids(await store.group(p.id))).toEqual([p.id]);
        expect(ids(await store.group(r.id))).toEqual([r.id]);
        expect(await listedTotal()).toBe(7);
        // back together, then the representative goes: q represents the group and is what a search finds
        await store.put(q, { now: new Date('2026-04-04T00:00:00Z'), publishedAt: '2026-04-02T00:00:00.000Z' });
        expect(ids(await store.group(q.id))).toEqual([p.id, q.id, r.id]);
        expect((await store.search('测试发〔2099〕7号', {}, PAGE)).items.map((h) => h.id)).toEqual([p.id]);
        await store.remove(p.id);
        expect(ids(await store.group(r.id))).toEqual([q.id, r.id]);
        expect((await store.search('测试发〔2099〕7号', {}, PAGE)).items.map((h) => h.id)).toEqual([q.id]);
        await cleanup(q.id, r.id);
      });

      it('resolves the seeds\' references: 001 and 002 cite 000 by its 文号 and ask for reports before 000 does', async () => {
        const [s000, s001, s002] = ['000', '001', '002'].map((k) => seeds.get(k) as NoticeRecord) as [NoticeRecord, NoticeRecord, NoticeRecord];
        const cited = await store.links(s000.id);
        for (const local of [s001, s002]) {
          expect(cited.citedBy.filter((l) => l.summary.id === local.id).map((l) => l.by)).toContain('docNumber');
          expect((await store.links(local.id)).cites.map((l) => l.summary.id)).toContain(s000.id);
        }
        expect(cited.cites.map((l) => l.summary.id)).not.toContain(s001.id);
        // as /notices/:id serves them: one link per notice. 000 wants the 总结报告 by 6月30日, 001 and 002 want theirs by 6月12日
        const links = graphLinks((await store.get(s000.id)) as NoticeSummary, cited.citedBy, 'citedBy');
        for (const local of [s001, s002]) {
          const link = links.find((l) => l.id === local.id);
          expect(link).toMatchObject({ relation: 'cites', by: 'docNumber', localEarlier: true });
          expect(link?.deadlines.map((d) => [d.local.date, d.parent.date, d.paired, d.earlier])).toEqual([['2023-06-12', '2023-06-30', 'what', true]]);
        }
      });

      it('a reference stored before its notice resolves once the notice comes; a forwarding notice links to what it forwards; copies are linked once', async () => {
        const s004 = seeds.get('004') as NoticeRecord;
        const parent = variant(s004, 'ffff0000000a000a', { title: '测试局关于开展测试引用图工作的通知', docNumber: '测试发〔2099〕10号', text: shifted(s004.text, 3), references: [] });
        const citing = variant(s004, 'ffff0000000a000b', {
          title: '关于落实测试引用图工作的通知',
          docNumber: '测试发〔2099〕11号',
          text: shifted(s004.text, 4),
          references: [{ title: null, docNumber: '测试发〔2099〕10号', evidence: NO_EVIDENCE }],
        });
        const forwarding = variant(s004, 'ffff0000000a000c', { title: '某区测试局转发测试局关于开展测试引用图工作的通知', docNumber: '区测试发〔2099〕1号', text: shifted(s004.text, 5), references: [] });
        const parentCopy = variant(parent, 'ffff0000000a000d', {});
        await store.put(citing, { now: AT });
        expect((await store.links(citing.id)).cites).toEqual([]);
        await store.put(parent, { now: AT });
        await store.put(forwarding, { now: AT });
        await store.put(parentCopy, { now: new Date('2026-05-01T00:00:00Z') });
        const up = await store.links(citing.id);
        expect(up.cites.map((l) => [l.summary.id, l.relation, l.by])).toEqual([[parent.id, 'cites', 'docNumber']]);
        expect((await store.links(forwarding.id)).cites.map((l) => [l.summary.id, l.relation, l.by])).toEqual([[parent.id, 'forwards', 'title']]);
        const down = await store.links(parentCopy.id);
        expect(down.citedBy.map((l) => [l.summary.id, l.relation]).sort()).toEqual([[citing.id, 'cites'], [forwarding.id, 'forwards']]);
        await cleanup(citing.id, parent.id, forwarding.id, parentCopy.id);
      });
    });

    describe('writes', () => {
      it('adds, replaces by id (keeping the first publication time), gets and removes', async () => {
        // another notice (its own 文号), not a copy of 004
        const r = variant(seeds.get('004') as NoticeRecord, 'ffff00000000c001', { docNumber: '科协发宣字〔2099〕1号' });
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
        const batch = ['ffff00000000b001', 'ffff00000000b002'].map((id, i) => ({ record: variant(base, id, { docNumber: `京科发〔2099〕${i + 1}号` }), options: { now: AT, publishedAt: '2025-05-05T00:00:00.000Z' } }));
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
        // distinct notices: each its own 文号 (writer.ts), so none is a copy of another
        writeFileSync(file, JSON.stringify(variant(seeds.get('004') as NoticeRecord, '0000000000000000', { docNumber: null })));
        const n = 25;
        const printed = await Promise.all([writer(ut.where, file, 'aaaa', n), writer(ut.where, file, 'bbbb', n)]);
        expect(printed).toEqual([String(n), String(n)]);
        expect(await store.count()).toBe(5 + 2 * n);
        const ids = (await store.versions()).map((v) => v.id);
        for (const p of ['aaaa', 'bbbb']) expect(ids.filter((id) => id.startsWith(p))).toHaveLength(n);
        expect((await store.search('aaaa', {}, { page: 1, pageSize: 100 })).total).toBe(n);
        expect((await store.list({}, PAGE)).total).toBe(5 + 2 * n);
        for (const id of ids.filter((x) => /^(aaaa|bbbb)/.test(x))) await store.remove(id);
      }, 60_000);

      it('two processes writing copies of one notice at once make one group', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'tongzhi-store-writer-'));
        const file = join(dir, 'record.json');
        const base = seeds.get('001') as NoticeRecord;
        writeFileSync(file, JSON.stringify(base));
        const n = 10;
        await Promise.all([writer(ut.where, file, 'cccc', n, 'copies'), writer(ut.where, file, 'dddd', n, 'copies')]);
        expect(await store.count()).toBe(5 + 2 * n);
        expect((await store.list({}, PAGE)).total).toBe(5);
        const group = await store.group(base.id);
        expect(group).toHaveLength(1 + 2 * n);
        // the seed came first: it stays the representative
        expect(group[0]?.id).toBe(base.id);
        for (const s of group.slice(1)) await store.remove(s.id);
        expect(await store.group(base.id)).toHaveLength(1);
      }, 60_000);
    });
  });
}
