/**
 * @module extract/jieba-cut
 * jieba's cut without HMM (the cut its TF-IDF keywords are counted on), in JS over the dictionary
 * file, so that a job process need not load the native segmenter for keywords: its trie of
 * 349,000 words is some 41 MB resident, this index some 12 MB (the file as one string, and typed
 * arrays). The rules are jieba-rs 0.10's (`cut_internal` with hmm = false), and
 * test/extract/jieba-cut.test.ts checks the words are the native cut's on real notices:
 *
 * - the text splits into runs of CJK ideographs, ASCII letters and digits and `+#&._%-`, and the
 *   rest; the rest is one word a character (`\r\n` is one);
 * - in a run, every dictionary word that starts at a character is an edge of the DAG (a
 *   character no word starts at is one word of frequency 1), and the route is the path of highest
 *   Σ ln(freq) − ln(total), ties to the longer word;
 * - single ASCII letters or digits next to each other on the route are one word.
 */

const isCjk = (c: number): boolean =>
  (c >= 0x3400 && c <= 0x4dbf) ||
  (c >= 0x4e00 && c <= 0x9fff) ||
  (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0x20000 && c <= 0x2a6df) ||
  (c >= 0x2a700 && c <= 0x2b73f) ||
  (c >= 0x2b740 && c <= 0x2b81f) ||
  (c >= 0x2b820 && c <= 0x2ceaf) ||
  (c >= 0x2ceb0 && c <= 0x2ebef) ||
  (c >= 0x2f800 && c <= 0x2fa1f);
const isAsciiAlnum = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
/** jieba's RE_HAN_DEFAULT class: CJK, ASCII letters and digits, `+#&._%-`. */
const inRun = (c: number): boolean => isCjk(c) || isAsciiAlnum(c) || c === 0x2b || c === 0x23 || c === 0x26 || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2d;

export interface CutDictionary {
  /**
   * The frequency of the word `text[start, end)` (UTF-16 units), 0 when the dictionary does not
   * hold it; `hash` is hashOf over the same units (extended one unit at a time by the caller).
   */
  freq(text: string, start: number, end: number, hash: number): number;
  /** The longest word (in characters) that starts with this code point, 0 for none. */
  longest(codePoint: number): number;
  /** ln of the frequencies' sum */
  readonly logTotal: number;
}

/** FNV-1a over UTF-16 code units, one unit at a time. */
export const FNV_START = 0x811c9dc5;
export const fnv = (h: number, unit: number): number => Math.imul(h ^ unit, 0x01000193);

/** The field separators of jieba's dictionary and IDF files (a line's end is its own). */
export const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c;

/** The index of a jieba dictionary file: one `word freq [tag]` a line. */
export function cutDictionary(file: Uint8Array): CutDictionary {
  const dict = Buffer.from(file.buffer, file.byteOffset, file.byteLength).toString('utf8');
  let lines = 1;
  for (let i = dict.indexOf('\n'); i >= 0; i = dict.indexOf('\n', i + 1)) lines++;
  const wordStart = new Int32Array(lines);
  const wordLen = new Uint8Array(lines);
  const freqs = new Int32Array(lines);
  // longest word by first character: a table for the BMP, a map beyond
  const longestBmp = new Uint8Array(0x10000);
  const longestAstral = new Map<number, number>();
  let count = 0;
  let total = 0;
  for (let at = 0; at < dict.length; ) {
    let end = dict.indexOf('\n', at);
    if (end < 0) end = dict.length;
    let s = at;
    while (s < end && isBlank(dict.charCodeAt(s))) s++;
    let e = s;
    while (e < end && !isBlank(dict.charCodeAt(e))) e++;
    let f = e;
    while (f < end && isBlank(dict.charCodeAt(f))) f++;
    let freq = 0;
    for (let i = f; i < end && !isBlank(dict.charCodeAt(i)); i++) freq = freq * 10 + (dict.charCodeAt(i) - 48);
    if (e > s && e - s < 256) {
      wordStart[count] = s;
      wordLen[count] = e - s;
      freqs[count] = freq;
      total += freq;
      const first = dict.codePointAt(s) as number;
      const chars = [...dict.slice(s, e)].length;
      if (first <= 0xffff) longestBmp[first] = Math.max(longestBmp[first] as number, chars);
      else longestAstral.set(first, Math.max(longestAstral.get(first) ?? 0, chars));
      count++;
    }
    at = end + 1;
  }
  // At most half full: most lookups are misses (a run extended past its words), and a miss
  // walks the probe sequence to an empty slot; each word's hash is kept to skip other words fast.
  let capacity = 1;
  while (capacity < count * 2) capacity <<= 1;
  const mask = capacity - 1;
  // slot → word index + 1 (0: empty)
  const slots = new Int32Array(capacity);
  const wordHash = new Int32Array(count);
  const same = (text: string, start: number, end: number, word: number): boolean => {
    const s = wordStart[word] as number;
    if ((wordLen[word] as number) !== end - start) return false;
    for (let i = 0; i < end - start; i++) if (dict.charCodeAt(s + i) !== text.charCodeAt(start + i)) return false;
    return true;
  };
  const hashOf = (text: string, start: number, end: number): number => {
    let h = FNV_START;
    for (let i = start; i < end; i++) h = fnv(h, text.charCodeAt(i));
    return h;
  };
  const slotOf = (text: string, start: number, end: number, h: number): number => {
    let at = (h >>> 0) & mask;
    for (;;) {
      const word = (slots[at] as number) - 1;
      if (word < 0 || (wordHash[word] === (h | 0) && same(text, start, end, word))) return at;
      at = (at + 1) & mask;
    }
  };
  // A word given again keeps its last frequency (its first counted in the total: none is, in jieba's file).
  for (let w = 0; w < count; w++) {
    const s = wordStart[w] as number;
    const e = s + (wordLen[w] as number);
    const h = hashOf(dict, s, e);
    wordHash[w] = h | 0;
    slots[slotOf(dict, s, e, h)] = w + 1;
  }
  return {
    logTotal: Math.log(total),
    longest: (cp) => (cp <= 0xffff ? (longestBmp[cp] as number) : (longestAstral.get(cp) ?? 0)),
    freq(text, start, end, hash) {
      const word = (slots[slotOf(text, start, end, hash)] as number) - 1;
      return word < 0 ? 0 : (freqs[word] as number);
    },
  };
}

/** Work arrays of cutRun, grown as needed: a notice has thousands of short runs. */
let at = new Int32Array(256);
let score = new Float64Array(256);
let next = new Int32Array(256);

/** One run of `inRun` characters, cut on the dictionary's best route. */
function cutRun(run: string, dict: CutDictionary, out: string[]): void {
  if (at.length < run.length + 1) {
    at = new Int32Array(run.length * 2 + 1);
    score = new Float64Array(run.length * 2 + 1);
    next = new Int32Array(run.length * 2 + 1);
  }
  // UTF-16 offset of each character (ideographs beyond the BMP take two units)
  let n = 0;
  for (let i = 0; i < run.length; i += (run.codePointAt(i) as number) > 0xffff ? 2 : 1) at[n++] = i;
  at[n] = run.length;
  score[n] = 0;
  const single = -dict.logTotal;
  for (let k = n - 1; k >= 0; k--) {
    const max = Math.min(n - k, dict.longest(run.codePointAt(at[k] as number) as number));
    let best = -Infinity;
    let to = -1;
    let hash = FNV_START;
    for (let len = 1; len <= max; len++) {
      for (let u = at[k + len - 1] as number; u < (at[k + len] as number); u++) hash = fnv(hash, run.charCodeAt(u));
      const freq = dict.freq(run, at[k] as number, at[k + len] as number, hash);
      if (freq === 0) continue;
      const s = Math.log(freq) - dict.logTotal + (score[k + len] as number);
      // ties to the later end (the longer word), as Rust's max_by over (score, end)
      if (to < 0 || s >= best) {
        best = s;
        to = k + len;
      }
    }
    if (to < 0) {
      best = single + (score[k + 1] as number);
      to = k + 1;
    }
    score[k] = best;
    next[k] = to;
  }
  let left = -1;
  for (let k = 0; k < n; ) {
    const to = next[k] as number;
    if (to === k + 1 && isAsciiAlnum(run.charCodeAt(at[k] as number))) {
      if (left < 0) left = k;
    } else {
      if (left >= 0) out.push(run.slice(at[left], at[k]));
      left = -1;
      out.push(run.slice(at[k], at[to]));
    }
    k = to;
  }
  if (left >= 0) out.push(run.slice(at[left]));
}

/** jieba's cut of `text` without HMM. */
export function cutNoHmm(text: string, dict: CutDictionary): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    const cp = text.codePointAt(i) as number;
    if (inRun(cp)) {
      while (i < text.length && inRun(text.codePointAt(i) as number)) i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
      cutRun(text.slice(start, i), dict, out);
    } else {
      while (i < text.length && !inRun(text.codePointAt(i) as number)) {
        const c = text.codePointAt(i) as number;
        const len = c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : c > 0xffff ? 2 : 1;
        out.push(text.slice(i, i + len));
        i += len;
      }
    }
  }
  return out;
}
