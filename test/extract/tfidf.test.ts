/**
 * TF-IDF keywords computed in JS (extract/tfidf over extract/jieba-cut, as the segmenter
 * extracts them) must be the native TfIdf's: the same words in the same order with the same
 * weights, on real notices.
 */
import { createRequire } from 'node:module';
import type { Jieba as JiebaClass, TfIdf as TfIdfClass } from '@node-rs/jieba';
import { describe, expect, it } from 'vitest';
import { idfTable, tfidfKeywords } from '../../src/extract/tfidf.js';
import { loadSegmenter, readPackageFile } from '../../src/extract/segmenter.js';
import { realNoticeTexts } from '../helpers.js';


describe('idfTable', () => {
  const table = idfTable(Buffer.from('劳动防护 13.900677652\n生化学 13.900677652\n通知 2.5\n通知 3.5\n开展 4.0\n不是一行\n\n'));

  it('keeps the last IDF of a word given twice and takes the median over every line read', () => {
    expect(table.idf('劳动防护')).toBe(13.900677652);
    expect(table.idf('通知')).toBe(3.5);
    expect(table.size).toBe(5);
    // 13.9, 13.9, 4.0, 3.5, 2.5: two popped off the top, the next one
    expect(table.median).toBe(4.0);
    expect(table.idf('未收录')).toBe(4.0);
  });

  it('weighs a real sentence as tf × idf / the counted words, best first, ties by word', () => {
    // 关于开展安全生产检查工作的通知 → 关于 / 开展 / 安全生产 / 检查 / 工作 / 的 / 通知 (的 is one character: not counted)
    const words = ['关于', '开展', '安全生产', '检查', '工作', '的', '通知', '开展'];
    const got = tfidfKeywords(words, table, 3);
    expect(got[0]).toEqual({ word: '开展', weight: (2 * 4.0) / 7 });
    // 关于, 安全生产, 检查, 工作 are not in the table: the median, 4.0, ties broken by code point
    expect(got.slice(1).map((k) => k.word)).toEqual(['关于', '安全生产']);
  });

  it("drops jieba's English stop words whatever their case", () => {
    expect(tfidfKeywords(['The', 'of', 'policy'], table, 5).map((k) => k.word)).toEqual(['policy']);
  });
});

describe('keywords (JS cut and TF-IDF) against @node-rs/jieba Jieba + TfIdf', () => {
  const require = createRequire(import.meta.url);
  const { Jieba, TfIdf } = require('@node-rs/jieba') as { Jieba: typeof JiebaClass; TfIdf: typeof TfIdfClass };
  const jieba = Jieba.withDict(readPackageFile('dict.txt'));
  const native = TfIdf.withDict(readPackageFile('idf.txt'));
  const texts = realNoticeTexts();

  it('has real notices to compare on', () => expect(texts.length).toBeGreaterThanOrEqual(40));

  it.each(texts)('%s: the same 20 keywords and weights', (_name, text) => {
    const want = native.extractKeywords(jieba, text, 20).map((k) => ({ word: k.keyword, weight: k.weight }));
    const got = loadSegmenter().extract(text, 20);
    expect(got.map((k) => k.word)).toEqual(want.map((k) => k.word));
    got.forEach((k, i) => expect(k.weight).toBeCloseTo(want[i]?.weight ?? NaN, 12));
  });
});
