/**
 * The word lexicon that person names use instead of the native segmenter: it must read short runs
 * as jieba does (the checks in person-names were written against jieba's readings).
 */
import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/extract/segmenter.js';

describe('loadLexicon', () => {
  it('finds words of the sorted dictionary file and misses others', () => {
    const lex = loadLexicon();
    expect(lex.lookup('高新')).toEqual({ freq: expect.any(Number), tag: 'd' });
    expect(lex.lookup('王明')?.tag).toBe('nr');
    expect(lex.lookup('沈阳')?.tag).toBe('ns');
    expect(lex.lookup('张园')).toBeNull();
  });

  it.each([
    ['王明科', [['王明', 'nr'], ['科', 'n']]],
    ['高新科', [['高新', 'd'], ['科', 'n']]],
    ['时间', [['时间', 'n']]],
    ['洪亮', [['洪亮', 'nr']]],
    // Single characters next to each other are one unknown word, as jieba's HMM mostly joins them.
    ['张园', [['张园', 'x']]],
    ['刘建处', [['刘建处', 'x']]],
  ])('reads %s as jieba does', (run, words) => {
    expect(loadLexicon().route(run).map((w) => [w.word, w.tag])).toEqual(words);
  });
});
