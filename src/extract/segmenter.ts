/**
 * @module extract/segmenter
 * Two views of jieba's dictionary (@node-rs/jieba), each read on first use, not at import:
 *
 * - `loadLexicon()`: word lookups and the dictionary's reading of a short run, for person names.
 *   It binary-searches the sorted dictionary file as bytes (a read and one pass to sum the
 *   frequencies, some 20 ms) instead of building jieba's trie (some 300–700 ms), so that a
 *   `tongzhi extract` of one document with a contact name does not pay for the full segmenter.
 * - `loadSegmenter()`: keywords, cut and weighed in JS over the dictionary and IDF files
 *   (extract/jieba-cut, extract/tfidf: the native words and weights in some 20 MB instead of the
 *   native trie and TF-IDF map's 80), and the native segmenter, loaded on first use, for the
 *   store's search tokens.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Jieba as JiebaClass } from '@node-rs/jieba';
import { cutDictionary, cutNoHmm, type CutDictionary } from './jieba-cut.js';
import { idfTable, tfidfKeywords, type IdfTable } from './tfidf.js';

export interface Segmenter {
  /** Search-mode words: a long word and the dictionary words inside it. */
  cutForSearch(text: string, hmm?: boolean): string[];
  /** The `topN` TF-IDF keywords of `text`, best first. */
  extract(text: string, topN: number): Array<{ word: string; weight: number }>;
}

interface JiebaModule {
  Jieba: typeof JiebaClass;
}

let segmenter: Segmenter | null = null;

export function loadSegmenter(): Segmenter {
  if (segmenter) return segmenter;
  let jieba: JiebaClass | null = null;
  // The package is CommonJS and its dict module reads both dictionary files when it is loaded;
  // require keeps that off the import path. Only the store's search tokens need it.
  const native = (): JiebaClass => {
    if (jieba) return jieba;
    const { Jieba } = createRequire(import.meta.url)('@node-rs/jieba') as JiebaModule;
    jieba = Jieba.withDict(readPackageFile('dict.txt'));
    return jieba;
  };
  // Keywords cut and weigh in JS (extract/jieba-cut, extract/tfidf): a job process holds some
  // 20 MB of tables instead of the native trie and TF-IDF map (about 80 MB).
  let tables: { dict: CutDictionary; idf: IdfTable } | null = null;
  segmenter = {
    cutForSearch: (text, hmm = true) => native().cutForSearch(text, hmm),
    extract: (text, topN) => {
      tables ??= { dict: cutDictionary(readPackageFile('dict.txt')), idf: idfTable(readPackageFile('idf.txt')) };
      // jieba's keyword extraction cuts without HMM
      return tfidfKeywords(cutNoHmm(text, tables.dict), tables.idf, topN);
    },
  };
  return segmenter;
}

/** The package's dict.js reads both files at once; the lexicon needs only the word list. */
export function readPackageFile(name: 'dict.txt' | 'idf.txt'): Buffer {
  return readFileSync(createRequire(import.meta.url).resolve(`@node-rs/jieba/${name}`));
}

export interface Word {
  word: string;
  /** The dictionary's tag (`nr` person, `ns` place, `n` noun …); `x` for a run it does not know. */
  tag: string;
}

export interface Lexicon {
  /** The dictionary entry for exactly this word, or null. */
  lookup(word: string): { freq: number; tag: string } | null;
  /**
   * The dictionary's reading of a short run (up to MAX_RUN characters), as jieba reads it: the
   * most probable path through the dictionary's words; characters left single next to each other
   * are one unknown word (`x`), as jieba's HMM mostly joins them (`张园`, `刘建处`).
   */
  route(text: string): Word[];
}

/** Longest dictionary word tried from one position; the route is for name-sized runs. */
const MAX_WORD = 8;
const MAX_RUN = 24;
const NL = 0x0a;
const SP = 0x20;

let lexicon: Lexicon | null = null;

export function loadLexicon(): Lexicon {
  if (lexicon) return lexicon;
  const buf = readPackageFile('dict.txt');
  // One pass over the bytes: every line is `word freq tag`.
  let total = 0;
  let freq = 0;
  let field = 0;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i] as number;
    if (c === NL) {
      total += freq;
      freq = 0;
      field = 0;
    } else if (field === 1) {
      if (c === SP) field = 2;
      else freq = freq * 10 + (c - 48);
    } else if (field === 0 && c === SP) field = 1;
  }
  total += freq;
  const logTotal = Math.log(total);

  // The file is sorted by word; UTF-8 byte order is code point order, so a byte search finds a word.
  const lookup = (word: string): { freq: number; tag: string } | null => {
    const key = Buffer.from(word, 'utf8');
    let lo = 0;
    let hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = mid === 0 ? 0 : Math.max(lo, buf.lastIndexOf(NL, mid - 1) + 1);
      const sp = buf.indexOf(SP, start);
      if (sp < 0) return null;
      const cmp = key.compare(buf, start, sp);
      if (cmp === 0) {
        const sp2 = buf.indexOf(SP, sp + 1);
        let end = buf.indexOf(NL, sp2 + 1);
        if (end < 0) end = buf.length;
        return { freq: Number(buf.toString('latin1', sp + 1, sp2)), tag: buf.toString('utf8', sp2 + 1, end).trim() };
      }
      if (cmp < 0) hi = start;
      else {
        const next = buf.indexOf(NL, sp);
        lo = next < 0 ? buf.length : next + 1;
      }
    }
    return null;
  };

  const route = (text: string): Word[] => {
    const chars = [...text].slice(0, MAX_RUN);
    const n = chars.length;
    // best[i]: log-probability of the best path from i, and where its first word ends.
    const best: Array<{ score: number; to: number; tag: string }> = new Array(n + 1);
    best[n] = { score: 0, to: n, tag: '' };
    for (let i = n - 1; i >= 0; i--) {
      let top: { score: number; to: number; tag: string } | null = null;
      for (let j = i + 1; j <= Math.min(n, i + MAX_WORD); j++) {
        const entry = lookup(chars.slice(i, j).join(''));
        if (!entry && j > i + 1) continue;
        const score = Math.log(entry?.freq || 1) - logTotal + (best[j] as { score: number }).score;
        // Ties go to the longer word, as in jieba.
        if (!top || score >= top.score) top = { score, to: j, tag: entry?.tag ?? 'x' };
      }
      best[i] = top as { score: number; to: number; tag: string };
    }
    const words: Word[] = [];
    let single = '';
    const flush = (): void => {
      // Singles that together are a dictionary word stay single, as in jieba.
      if (single.length === 1 || (single && lookup(single))) {
        for (const c of single) words.push({ word: c, tag: lookup(c)?.tag ?? 'x' });
      } else if (single) words.push({ word: single, tag: 'x' });
      single = '';
    };
    for (let i = 0; i < n; ) {
      const step = best[i] as { to: number; tag: string };
      const word = chars.slice(i, step.to).join('');
      if (step.to - i === 1) single += word;
      else {
        flush();
        words.push({ word, tag: step.tag });
      }
      i = step.to;
    }
    flush();
    return words;
  };

  lexicon = { lookup, route };
  return lexicon;
}
