/**
 * The one tokenizer of the index and the queries (every store driver indexes and queries with
 * it), and the highlighted snippet of a search hit. Relevance, filters, paging and persistence
 * are the store's: test/store/conformance.ts, run against each driver.
 */
import { describe, expect, it } from 'vitest';
import { snippet } from '../../src/store/query.js';
import { canonicalDocNumber, tokenize, tokenizeQuery, TOKENIZER_VERSION } from '../../src/store/tokenize.js';

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

  it('queries with index tokens: each once, and of a CJK run the bigrams that cover it', () => {
    const q = '科技活动周 科技活动周 国科发才〔2024〕31号 Lsh@cis.org.cn 周';
    const index = new Set(tokenize(q));
    const query = tokenizeQuery(q);
    for (const t of query) expect(index.has(t), t).toBe(true);
    expect(query).toEqual(expect.arrayContaining(['科技', '活动', '动周', '国科发才〔2024〕31号', 'lsh@cis.org.cn', '周']));
    expect(query).not.toContain('技活');
    expect(new Set(query).size).toBe(query.length);
    expect(tokenizeQuery('科普')).toEqual(['科普']);
    expect(tokenizeQuery('杨启明')).toEqual(['杨启', '启明']);
  });
});

describe('snippet', () => {
  const text = '各有关单位：\n为深入实施科教兴国战略，现就开展2024年全国科技活动周有关事项通知如下。\n一、活动主题\n弘扬科学家精神，激发全社会创新活力。\n联系人：杨启明，010-58881428';

  it('cuts the passage where the query words are densest and marks each match', () => {
    const s = snippet(text, tokenizeQuery('科技活动周'));
    expect(s).toContain('【科技活动周】');
    expect(s.length).toBeLessThanOrEqual(95);
  });

  it('merges overlapping bigrams into one mark and finds ASCII words case-insensitively', () => {
    expect(snippet(text, tokenizeQuery('创新活力'))).toContain('【创新活力】');
    expect(snippet('请发送至 Lsh@CIS.org.cn 邮箱', tokenizeQuery('lsh@cis.org.cn'))).toContain('【Lsh@CIS.org.cn】');
  });

  it('gives the text\'s start when nothing matches, and never a newline', () => {
    const s = snippet(text, ['火星']);
    expect(s.startsWith('各有关单位')).toBe(true);
    expect(s).not.toMatch(/\n/);
  });
});

describe('tokenizer version', () => {
  it('names the rules and the segmenter dictionary it depends on', () => {
    expect(TOKENIZER_VERSION).toMatch(/^tongzhi-tokens\/\d+ @node-rs\/jieba@\d+\.\d+\.\d+/);
  });
});
