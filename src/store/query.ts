/**
 * @module store/query
 * What the drivers share about a search: the query's tokens (the index's own tokenizer), the two
 * passes (every token required; only when that finds nothing, any token), and the highlighted
 * snippet cut from the notice's text.
 *
 * Why two passes: OR over every bigram matched 87% of the notices for a median query (issue 12),
 * and each of them had to be scored before paging. Requiring every token keeps the candidates few
 * and still ranks by BM25 over the same tokens; a query whose words are not all in any one notice
 * (杨启明 + a phone number of another notice) falls back to OR and is ranked as before.
 */
import { tokenizeQuery } from './tokenize.js';

export type Combine = 'and' | 'or';

/**
 * Matches ranked per query: the newest ones (SQLite: the most recently indexed, PostgreSQL: the
 * latest datePublished), then ordered by relevance. Scoring every match grows with N (a query of
 * common words matches most notices: some 26 µs a match in SQLite, 2.6 s at 100,000); past this
 * many, a query needs narrower words or a filter to rank older notices.
 */
export const RANKED_MAX = 2000;

/**
 * Matches a search or a listing counts: past this many, `total` is COUNTED_MAX and `totalExact` false, as
 * Elasticsearch's track_total_hits does. An exact count walks every match: 74 ms for a query of
 * common words at 100,000 notices (SQLite, bench:store), where counting to 10,000 takes 1.5–4 ms.
 */
export const COUNTED_MAX = 10_000;

/** SQL counting the rows `select` gives, up to one past COUNTED_MAX (the same in both dialects). */
export const countedSql = (select: string): string => `SELECT count(*) AS n FROM (${select} LIMIT ${COUNTED_MAX + 1}) counted`;

/** A page's `total` and `totalExact` from a count made by countedSql. */
export const counted = (n: number): { total: number; totalExact: boolean } => ({ total: Math.min(n, COUNTED_MAX), totalExact: n <= COUNTED_MAX });

/** The passes to try, in order, for `tokens` (one token: one pass). */
export const passes = (tokens: readonly string[]): Combine[] => (tokens.length > 1 ? ['and', 'or'] : ['and']);

export const queryTokens = (query: string): string[] => tokenizeQuery(query);

const SNIPPET_CHARS = 90;
const OPEN = '【';
const CLOSE = '】';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A passage of about 90 characters of `text` where the query's tokens are densest, each match in
 * 【】, whitespace collapsed; the text's start when nothing matches. The text is NFKC-normalised
 * first, as the tokens were.
 */
export function snippet(text: string, tokens: readonly string[]): string {
  const norm = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const words = [...new Set(tokens)].filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
  if (words.length === 0) return norm.slice(0, SNIPPET_CHARS);
  const re = new RegExp(words.map(escapeRe).join('|'), 'gi');
  const found: Array<{ at: number; end: number; word: string }> = [];
  // exec, not matchAll (which copies the regex): overlapping bigrams (科普 普及 in 科普及) need the
  // next match to start inside this one
  for (let m = re.exec(norm); m !== null && found.length < 5000; m = re.exec(norm)) {
    found.push({ at: m.index, end: m.index + m[0].length, word: m[0].toLowerCase() });
    re.lastIndex = m.index + 1;
  }
  if (found.length === 0) return norm.slice(0, SNIPPET_CHARS) + (norm.length > SNIPPET_CHARS ? '…' : '');
  // the window start with the most distinct words (then the most matches)
  let best = { start: 0, distinct: -1, count: -1 };
  let j = 0;
  const inWindow = new Map<string, number>();
  for (let i = 0; i < found.length; i++) {
    const f = found[i] as (typeof found)[number];
    while (j < found.length && (found[j] as (typeof found)[number]).end <= f.at + SNIPPET_CHARS) {
      const w = (found[j] as (typeof found)[number]).word;
      inWindow.set(w, (inWindow.get(w) ?? 0) + 1);
      j++;
    }
    const count = j - i;
    if (inWindow.size > best.distinct || (inWindow.size === best.distinct && count > best.count)) best = { start: f.at, distinct: inWindow.size, count };
    const w = f.word;
    const n = (inWindow.get(w) ?? 1) - 1;
    if (n === 0) inWindow.delete(w);
    else inWindow.set(w, n);
  }
  // a little context before the first match
  const start = Math.max(0, best.start - 10);
  const end = Math.min(norm.length, start + SNIPPET_CHARS);
  const marked = new Array<boolean>(end - start).fill(false);
  for (const f of found) for (let k = Math.max(f.at, start); k < Math.min(f.end, end); k++) marked[k - start] = true;
  let out = start > 0 ? '…' : '';
  for (let k = start; k < end; k++) {
    const on = marked[k - start] === true;
    const prev = k > start && marked[k - start - 1] === true;
    if (on && !prev) out += OPEN;
    if (!on && prev) out += CLOSE;
    out += norm[k];
  }
  if (marked[end - start - 1]) out += CLOSE;
  return out + (end < norm.length ? '…' : '');
}
