/**
 * The embedded search index over the five seed notices: relevance (expected hits read off the
 * seed texts in samples/*.txt, not off this code's output), filters, replace-by-id, persistence
 * and the rebuild from out/records.
 */
import { readFileSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NoticeRecord } from '../../src/record/schema.js';
import { indexFile, loadIndex, rebuildIndex, saveIndex, SearchIndex } from '../../src/sinks/search-index.js';
import { canonicalDocNumber, tokenize, tokenizeQuery } from '../../src/sinks/tokenize.js';
import { seedRecords, tempConfig } from './fixtures.js';

let seeds: Map<string, NoticeRecord>;
let index: SearchIndex;
const seedOf = (id: string): string => [...seeds].find(([, r]) => r.id === id)?.[0] ?? id;
const hits = (q: string, f = {}): string[] => index.search(q, f, { page: 1, pageSize: 10 }).items.map((h) => seedOf(h.id));

beforeAll(async () => {
  seeds = await seedRecords();
  index = SearchIndex.empty();
  for (const r of seeds.values()) index.upsert(r, new Date('2026-01-01T00:00:00Z'));
}, 60_000);

describe('tokenizer', () => {
  it('gives CJK bigrams, longer jieba words, ASCII words and numbers', () => {
    const t = tokenize('2024年全国科技活动周开展情况统计表 Lsh@cis.org.cn 010-58881428');
    expect(t).toEqual(expect.arrayContaining(['科技', '技活', '活动', '动周', '统计表', '2024', 'lsh@cis.org.cn', 'lsh', 'cis', '010-58881428', '58881428']));
  });

  it('makes one token of a 文号 whatever its brackets, spaces or width', () => {
    for (const v of ['国科发才〔2024〕31号', '国科发才[2024]31号', '国科发才（2024）31 号', '国科发才【２０２４】３１号']) {
      expect(tokenize(v), v).toContain('国科发才〔2024〕31号');
      expect(canonicalDocNumber(v), v).toBe('国科发才〔2024〕31号');
    }
    expect(canonicalDocNumber('热爱科学 崇尚科学')).toBeNull();
  });

  it('is the same at index and query time (the query form only drops repeats)', () => {
    const q = '科技活动周 科技活动周';
    expect(new Set(tokenizeQuery(q))).toEqual(new Set(tokenize(q)));
    expect(tokenizeQuery(q).length).toBeLessThan(tokenize(q).length);
  });
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
    ['杨启明 58881428', '003', "杨启明 is in 003 and 004; 010-58881428 only in 003"],
    ['兰雪滢', '004', "004's contact"],
    ['栗英轩', '002', "002's contact"],
    ['闭幕式 上海市', '000', '000: 5月31日在上海市举办闭幕式'],
    ['活动备案表', '000', "000's 附件"],
    ['推荐表', '003', "003's 附件1 推荐表"],
    ['Lsh@cis.org.cn', '000', "000's submission address"],
    ['心理健康', '004', 'only 004 (关注科研人员心理健康)'],
    ['科普进社区', '001', 'only 001 (科普进社区、科普进校园)'],
  ];

  it.each(TOP)('%s → %s (%s)', (q, want) => {
    expect(hits(q)[0]).toBe(want);
  });

  // Queries whose words several seeds share: the right set comes first, in some order.
  const SETS: Array<[string, string[], string]> = [
    ['科技活动周', ['000', '001', '003'], 'the three 科技活动周 titles'],
    ['统计表', ['000', '002', '003'], 'the three notices with a 统计表 attached'],
    ['杨启明', ['003', '004'], 'the contact of both 科技部 notices'],
  ];
  it.each(SETS)('%s → %j first (%s)', (q, want) => {
    expect(hits(q).slice(0, want.length).sort()).toEqual(want);
  });

  it('科普 finds every seed (all five use the word)', () => {
    for (const r of seeds.values()) expect(r.text).toContain('科普');
    expect(hits('科普').sort()).toEqual(['000', '001', '002', '003', '004']);
  });

  it('a query of nothing but punctuation lists everything, newest first', () => {
    const all = index.search('，。', {}, { page: 1, pageSize: 10 }).items.map((h) => seedOf(h.id));
    expect(all).toHaveLength(5);
    // 003 printed 2024-03-29, 004 printed 2023-04-26, 000 signed 2023-04-15; 001 and 002 carry
    // no readable date and sort by their ingest time (2026-01-01), so first.
    expect(all.slice(2)).toEqual(['003', '004', '000']);
  });
});

describe('filters', () => {
  it('level, region, issuer, year and open deadline, alone and with a query', () => {
    expect(hits('科普', { level: 'national' }).sort()).toEqual(['000', '003', '004']);
    expect(hits('科普', { level: 'municipal' })).toEqual(['001']);
    expect(hits('', { region: '北京市' })).toEqual(['002']);
    expect(hits('', { issuer: '中国科协' }).sort()).toEqual(['000', '003', '004']);
    expect(hits('', { year: 2024 })).toEqual(['003']);
    // Deadlines in the texts: 000 6月15日/6月30日, 001 6月12日, 002 6月12日, 003 2024, 004 6月底.
    expect(hits('', { deadlineAfter: '2023-06-13' }).sort()).toEqual(['000', '003', '004']);
    expect(hits('统计表', { deadlineAfter: '2024-01-01' })).toEqual(['003']);
  });

  it('pages', () => {
    const p1 = index.list({}, { page: 1, pageSize: 2 });
    const p3 = index.list({}, { page: 3, pageSize: 2 });
    expect([p1.total, p1.items.length, p3.items.length]).toEqual([5, 2, 1]);
  });
});

describe('updates and persistence', () => {
  it('replaces by id, keeping the first publication time', () => {
    const idx = SearchIndex.empty();
    const r = seeds.get('004') as NoticeRecord;
    idx.upsert(r, new Date('2026-01-01T00:00:00Z'));
    idx.upsert({ ...r, title: '改过的标题 火星基地' }, new Date('2026-02-01T00:00:00Z'));
    expect(idx.size).toBe(1);
    const s = idx.get(r.id);
    expect([s?.title, s?.publishedAt, s?.modifiedAt]).toEqual(['改过的标题 火星基地', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    expect(idx.search('火星基地').items.map((h) => h.id)).toEqual([r.id]);
    expect(idx.search('点亮精神火炬').items[0]?.id).toBe(r.id);
    expect(idx.remove(r.id)).toBe(true);
    expect(idx.size).toBe(0);
  });

  it('saves atomically, loads the same index, and rebuilds it from out/records', async () => {
    const config = tempConfig();
    await saveIndex(index, config.layout.index);
    const loaded = await loadIndex(config.layout.index);
    expect(loaded?.size).toBe(5);
    expect(loaded?.search('京科发〔2023〕5号').items[0]?.id).toBe(seeds.get('002')?.id);
    expect(JSON.parse(readFileSync(indexFile(config.layout.index), 'utf8')).format).toBe('tongzhi-index/1');

    await mkdir(config.layout.records, { recursive: true });
    for (const r of seeds.values()) await writeFile(join(config.layout.records, `${r.id}.json`), JSON.stringify(r));
    await writeFile(join(config.layout.records, 'not-a-record.json'), '{');
    const rebuilt = await rebuildIndex(config.layout.records, index);
    expect(rebuilt.size).toBe(5);
    expect(rebuilt.get(seeds.get('000')?.id ?? '')?.publishedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(rebuilt.search('兰雪滢').items[0]?.id).toBe(seeds.get('004')?.id);
  });

  it('says when there is no index yet, and refuses a foreign file', async () => {
    const config = tempConfig();
    expect(await loadIndex(config.layout.index)).toBeNull();
    expect(() => SearchIndex.fromJSON('{"format":"other"}')).toThrow(/tongzhi-index/);
  });
});
