/**
 * @module extract/tfidf
 * jieba's TF-IDF keywords, computed here from the words of jieba's cut instead of by
 * @node-rs/jieba's `TfIdf`: the native class keeps its IDF table (270,000 words) as a hash map of
 * owned strings, some 38 MB resident in every process that extracts keywords. Here the table is
 * the file's own bytes plus an open-addressing index of typed arrays (about 9 MB in all).
 *
 * The rules are jieba-rs's (`KeywordExtractConfig::default`, `TfIdf::extract_keywords`), so the
 * words and weights are the native ones (test/extract/tfidf.test.ts compares them on real
 * notices): the text is cut without HMM; a word counts when it has at least 2 characters and is
 * not one of jieba's English stop words; its weight is tf × idf / (sum of the counted words' tf),
 * with the median IDF for a word not in the table; the best `topK` by weight, ties by word.
 */

import { FNV_START, fnv, isBlank } from './jieba-cut.js';

/** jieba-rs's DEFAULT_STOP_WORDS, compared after lower-casing. */
const STOP_WORDS = new Set(
  'the of is and to in that we for an are by be as on with can if from which you it this then at have all not one has or'.split(' '),
);

const MIN_KEYWORD_CHARS = 2;

export interface IdfTable {
  /** The word's IDF, or the table's median for a word it does not hold. */
  idf(word: string): number;
  readonly median: number;
  readonly size: number;
}

/** FNV-1a (jieba-cut's) over bytes [start, end) of `bytes`. */
function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_START;
  for (let i = start; i < end; i++) h = fnv(h, bytes[i] as number);
  return h >>> 0;
}

/**
 * The table of an IDF file: one `word idf` a line. Lines without a number after the word are
 * skipped; a word given twice keeps its last IDF, and the median is taken over every line read
 * (both as jieba-rs loads its dictionary).
 */
export function idfTable(file: Uint8Array): IdfTable {
  const bytes = file;
  // Typed arrays sized by the line count, filled in one pass: growing JS arrays of 270,000
  // entries would leave the heap tens of MB larger than the table itself.
  let lines = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) lines++;
  const wordStart = new Int32Array(lines);
  const wordEnd = new Int32Array(lines);
  const idfs = new Float64Array(lines);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  let lineStart = 0;
  while (lineStart < bytes.length) {
    let lineEnd = bytes.indexOf(0x0a, lineStart);
    if (lineEnd < 0) lineEnd = bytes.length;
    let s = lineStart;
    while (s < lineEnd && isBlank(bytes[s] as number)) s++;
    let e = s;
    while (e < lineEnd && !isBlank(bytes[e] as number)) e++;
    let n = e;
    while (n < lineEnd && isBlank(bytes[n] as number)) n++;
    let ne = n;
    while (ne < lineEnd && !isBlank(bytes[ne] as number)) ne++;
    const value = ne > n ? Number(text.toString('latin1', n, ne)) : NaN;
    if (e > s && !Number.isNaN(value)) {
      wordStart[count] = s;
      wordEnd[count] = e;
      idfs[count] = value;
      count++;
    }
    lineStart = lineEnd + 1;
  }
  const sorted = idfs.slice(0, count).sort();
  // jieba-rs pops ⌊n/2⌋ values off a max-heap and takes the next one.
  const median = count > 0 ? (sorted[count - 1 - Math.floor(count / 2)] as number) : 0;

  // Open addressing, at most 3/4 full.
  let capacity = 1;
  while (capacity * 3 < count * 4) capacity <<= 1;
  const mask = capacity - 1;
  // slot → line index + 1 (0: empty)
  const slots = new Int32Array(capacity);
  const buf = text;
  /** The slot that holds this word, or the empty slot where it would go. */
  const slotOf = (key: Uint8Array, keyStart: number, keyEnd: number): number => {
    let at = hash(key, keyStart, keyEnd) & mask;
    for (;;) {
      const line = (slots[at] as number) - 1;
      if (line < 0) return at;
      const s = wordStart[line] as number;
      const e = wordEnd[line] as number;
      if (e - s === keyEnd - keyStart && buf.compare(key, keyStart, keyEnd, s, e) === 0) return at;
      at = (at + 1) & mask;
    }
  };
  // A word given again keeps its last IDF.
  for (let line = 0; line < count; line++) slots[slotOf(bytes, wordStart[line] as number, wordEnd[line] as number)] = line + 1;
  return {
    median,
    size: count,
    idf(word) {
      const key = Buffer.from(word, 'utf8');
      const line = (slots[slotOf(key, 0, key.length)] as number) - 1;
      return line >= 0 ? (idfs[line] as number) : median;
    },
  };
}

/** UTF-16 unit → a key in code point order: surrogates sort after U+E000–U+FFFF, as their code points do. */
const unitKey = (u: number): number => (u >= 0xd800 && u <= 0xdfff ? u + 0x2000 : u >= 0xe000 ? u - 0x800 : u);

/** Code point order, as Rust compares strings (many words tie on weight: this runs often). */
function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return unitKey(x) - unitKey(y);
  }
  return a.length - b.length;
}

/** Characters (code points) of a word are at least `min`; without spreading the string. */
function hasChars(w: string, min: number): boolean {
  let chars = 0;
  for (let i = 0; i < w.length && chars < min; i++) {
    const u = w.charCodeAt(i);
    if (u < 0xdc00 || u > 0xdfff) chars++;
  }
  return chars >= min;
}

/** The `topK` keywords of a text's words (jieba's cut without HMM), best first. */
export function tfidfKeywords(words: readonly string[], table: IdfTable, topK: number): Array<{ word: string; weight: number }> {
  const tf = new Map<string, number>();
  for (const w of words) {
    if (!hasChars(w, MIN_KEYWORD_CHARS) || STOP_WORDS.has(w.toLowerCase())) continue;
    tf.set(w, (tf.get(w) ?? 0) + 1);
  }
  let total = 0;
  for (const n of tf.values()) total += n;
  const scored = [...tf].map(([word, n]) => ({ word, weight: (n * table.idf(word)) / total }));
  scored.sort((a, b) => b.weight - a.weight || byCodePoint(a.word, b.word));
  return scored.slice(0, topK);
}
