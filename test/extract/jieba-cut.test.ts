/**
 * jieba's cut without HMM in JS (extract/jieba-cut) must give the native segmenter's words: on
 * real notices, and on the runs where its rules show (letters and digits, characters no word
 * starts with, line breaks).
 */
import { createRequire } from 'node:module';
import type { Jieba as JiebaClass } from '@node-rs/jieba';
import { describe, expect, it } from 'vitest';
import { cutDictionary, cutNoHmm } from '../../src/extract/jieba-cut.js';
import { readPackageFile } from '../../src/extract/segmenter.js';
import { realNoticeTexts } from '../helpers.js';

const require = createRequire(import.meta.url);
const { Jieba } = require('@node-rs/jieba') as { Jieba: typeof JiebaClass };
const native = Jieba.withDict(readPackageFile('dict.txt'));
const dict = cutDictionary(readPackageFile('dict.txt'));

describe('cutNoHmm', () => {
  it.each([
    // digits next to each other on the route are one word
    ['关于开展2024年度安全生产检查工作的通知', ['关于', '开展', '2024', '年度', '安全', '生产', '检查', '工作', '的', '通知']],
    // characters outside the runs are words of their own, \r\n one word
    ['各区县教育局：\r\n请于5月30日前报送。', ['各', '区县', '教育局', '：', '\r\n', '请', '于', '5', '月', '30', '日前', '报送', '。']],
    // dictionary words with ASCII signs inside a run (C++, AT&T)
    ['附件：1.C++与AT&T培训报名表（2024版）', ['附件', '：', '1', '.', 'C++', '与', 'AT&T', '培训', '报名表', '（', '2024', '版', '）']],
  ])('cuts %j as jieba does', (text, words) => {
    expect(cutNoHmm(text, dict)).toEqual(words);
    expect(native.cut(text, false)).toEqual(words);
  });

  const texts = realNoticeTexts();

  it('has real notices to compare on', () => expect(texts.length).toBeGreaterThanOrEqual(40));

  it.each(texts)('%s: the native words', (_name, text) => {
    expect(cutNoHmm(text, dict)).toEqual(native.cut(text, false));
  });
});
