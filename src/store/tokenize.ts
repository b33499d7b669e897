/**
 * @module store/tokenize
 * One tokenizer for Chinese notices: every store driver indexes these tokens, pre-segmented, and
 * queries with a subset of them (tokenizeQuery: of a CJK run only the bigrams that cover it), and
 * the es-bulk export is pre-segmented with them:
 *
 * - every CJK character bigram (a run of one character gives that character), so any two-character
 *   word is found whatever the segmenter thinks — 科普, 杨启 + 启明 for 杨启明;
 * - jieba search-mode words of three or more characters (统计表, 中央宣传部, 工作者), which
 *   reward whole-word matches over scattered bigrams;
 * - ASCII words and numbers (years, phone numbers, e-mail addresses, also split at . - @);
 * - each 发文字号 as one token per prefix length, brackets normalised (`国科发才〔2024〕31号`,
 *   `国科发才[2024]31号` and `国科发才（2024）31 号` are the same token), so a 文号 query hits the
 *   notice that carries it rather than every notice of that year.
 *
 * Text is NFKC-normalised and lower-cased first (full-width digits and letters become ASCII).
 */
import { createRequire } from 'node:module';
import { loadSegmenter } from '../extract/segmenter.js';

/**
 * Changes whenever the tokens of a text may change: the rules here (bump the first part) or the
 * segmenter's dictionary (the @node-rs/jieba version). A store built with another version is
 * rebuilt from out/records when a publisher opens it.
 */
export const TOKENIZER_VERSION = `tongzhi-tokens/1 @node-rs/jieba@${(createRequire(import.meta.url)('@node-rs/jieba/package.json') as { version: string }).version}`;

const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
const CJK_WORD = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{3,}$/;
const ASCII_WORD = /[a-z0-9]+(?:[._@-][a-z0-9]+)*/g;
const DOC_NUMBER = /([\u4e00-\u9fff]{2,})\s*[〔[【(]\s*((?:19|20)\d{2})\s*[〕\]】)]\s*第?\s*(\d{1,5})\s*号/g;
/** Longest 文号 prefix kept; longer runs are the preceding sentence, not the organ's code. */
const MAX_PREFIX = 8;

/** The canonical form of a 发文字号: NFKC, no spaces, brackets 〔〕. Null when it is not one. */
export function canonicalDocNumber(text: string): string | null {
  const m = new RegExp(DOC_NUMBER.source).exec(text.normalize('NFKC'));
  return m ? `${m[1]}〔${m[2]}〕${m[3]}号` : null;
}

function docNumberTokens(norm: string, out: string[]): void {
  for (const m of norm.matchAll(DOC_NUMBER)) {
    const prefix = m[1] ?? '';
    const tail = `〔${m[2]}〕${m[3]}号`;
    for (let k = 2; k <= Math.min(MAX_PREFIX, prefix.length); k++) out.push(`${prefix.slice(-k)}${tail}`);
  }
}

function asciiTokens(norm: string, out: string[]): void {
  for (const m of norm.matchAll(ASCII_WORD)) {
    const word = m[0];
    out.push(word);
    const parts = word.split(/[._@-]/);
    if (parts.length > 1) for (const p of parts) if (p) out.push(p);
  }
}

function cjkTokens(norm: string, out: string[]): void {
  for (const m of norm.matchAll(CJK_RUN)) {
    const run = m[0];
    if (run.length === 1) {
      out.push(run);
      continue;
    }
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  // Two-character words are already bigrams; jieba adds only the longer words.
  for (const w of loadSegmenter().cutForSearch(norm, true)) if (CJK_WORD.test(w)) out.push(w);
}

/** Tokens of `text`, in no particular order, with repeats (term frequency counts). */
export function tokenize(text: string): string[] {
  if (!text) return [];
  const norm = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  docNumberTokens(norm, out);
  asciiTokens(norm, out);
  cjkTokens(norm, out);
  return out;
}

/**
 * Query tokens: index tokens, each once, but of a CJK run only the bigrams that cover it (every
 * other one, and the last: 科技 活动 动周 for 科技活动周), not every bigram and jieba word. The index
 * holds them all, and a notice with the covering bigrams nearly always has the ones between; but
 * FTS5's BM25 reads the whole posting list of each query token to weigh it, so each redundant
 * one was paid for at every search: at 100,000 notices this halves the time of a query of common
 * words (bench:store, p95 24 -> 13 ms in SQLite).
 */
export function tokenizeQuery(text: string): string[] {
  if (!text) return [];
  const norm = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  docNumberTokens(norm, out);
  asciiTokens(norm, out);
  for (const m of norm.matchAll(CJK_RUN)) {
    const run = m[0];
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i += 2) out.push(run.slice(i, i + 2));
    if (run.length > 2 && run.length % 2 === 1) out.push(run.slice(-2));
  }
  return [...new Set(out)];
}
