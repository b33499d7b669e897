/**
 * @module store/copies
 * When two stored records are copies of one notice (the same notice as PDF and DOCX, or again
 * next week as a saved web page), and how a group of copies is formed again when one is added or
 * removed. Pure: each driver finds the candidates with its own indexes and applies `regroup`'s
 * answer in its transaction.
 *
 * Two records are copies when
 * - both carry the same 发文字号 (canonical form), or
 * - both carry the same title, the same issuers and the same 成文日期, or
 * - their normalised texts are near-identical: Jaccard ≥ TEXT_JACCARD over 4-character shingles
 *   (CJK characters, digits and ASCII letters only, so line breaks, page numbers' dashes and the
 *   layout of a PDF do not count), found through MinHash with LSH bands and then measured exactly.
 *
 * Never copies: a record of kind form (a lone attachment file), a private copy (密级, 不予公开) and
 * one that is not, two records whose 文号 or 成文日期
 * both exist and differ (this year's notice made from last year's template), and a record that
 * cites or forwards the other (a forwarding notice quotes its parent whole).
 */
import type { NoticeRecord } from '../record/schema.js';
import { markingOf } from './publication.js';
import { canonicalDocNumber } from './tokenize.js';

/** Values (bins) of the MinHash signature. */
export const MINHASH_SIZE = 64;
/** LSH: bands × rows = MINHASH_SIZE. 16 bands of 4: a pair at Jaccard 0.8 shares a band with probability 0.9998, at 0.3 with 0.12. */
export const BANDS = 16;
const ROWS = MINHASH_SIZE / BANDS;
/** Shingle length in characters. */
export const SHINGLE = 4;
/**
 * Exact shingle Jaccard at or above which two texts are one notice's. Measured (2026-12-01) on the
 * real 44 notices (each as .txt, .docx and .pdf) and the five seeds (as .txt, GBK .txt, .docx,
 * .pdf, .doc, .wps, .html, .ofd): every pair of copies 1.000 (the readers normalise the text
 * alike), every pair of different notices ≤ 0.354 (seed 000 and 003: the 2023 and 2024 科技活动周
 * notices, one template). 0.7 leaves room for what no sample has: a web page's leftover menu
 * text, OCR errors (each wrong character breaks four shingles).
 */
export const TEXT_JACCARD = 0.7;
/** Texts with fewer shingles than this are too short to call copies by their text alone. */
const MIN_SHINGLES = 40;
/** A title key shorter than this (关于…的通知 of a few words) is too generic to link notices by. */
const MIN_TITLE_KEY = 8;

/** What a driver keeps of a record to decide whether it is a copy of another. */
export interface CopyFeatures {
  kind: 'notice' | 'form';
  /** canonical 发文字号 */
  docKey: string | null;
  /** normalised title from its 关于, see `titleKey` */
  titleKey: string | null;
  /** title key + issuers + 成文日期, when all three are there */
  matchKey: string | null;
  signedDate: string | null;
  /** marked private (store/publication.ts): never one notice with a copy that is not */
  private: boolean;
  /** MinHash of the text's shingles (empty: too short, or a form) */
  minhash: number[];
  /** what the record cites or forwards (see `edgesOf`) */
  citesDocs: string[];
  citesTitles: string[];
}

/** A stored record as `regroup` sees it. */
export interface Member {
  id: string;
  features: CopyFeatures;
  /** its text, for the exact Jaccard */
  text: string;
  /** first publication (ingest) time, RFC 3339: the earliest copy represents the group */
  publishedAt: string;
}

const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
const NOT_KEPT = new RegExp(`[^${CJK}0-9a-z]+`, 'g');

/** The text as shingles see it: NFKC, lower case, nothing but CJK characters, digits and ASCII letters. */
export const shingleText = (text: string): string => text.normalize('NFKC').toLowerCase().replace(NOT_KEPT, '');

/** FNV-1a of a string (32 bits). */
function fnv1a(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The distinct shingle hashes of a text. */
export function shingles(text: string): Set<number> {
  const t = shingleText(text);
  const out = new Set<number>();
  for (let i = 0; i + SHINGLE <= t.length; i++) out.add(fnv1a(t, i, i + SHINGLE));
  return out;
}

/** murmur3's finaliser: one of MINHASH_SIZE hash functions per seed. */
function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
const SEED = 0x9e3779b9;
const BIN_BITS = 6; // 2^6 = MINHASH_SIZE bins

/**
 * One-permutation MinHash: one hash per shingle, its top bits choose one of MINHASH_SIZE bins and
 * each bin keeps its least value; an empty bin borrows the next filled one's (rotation
 * densification, offset by the distance so that borrowed values match only borrowed values). The
 * share of equal bins estimates the Jaccard as k hash functions do, at one hash per shingle
 * instead of 64 (6.8 ms a synthetic bench record with 64 hash functions, as much as tokenizing it).
 */
export function minhash(set: ReadonlySet<number>): number[] {
  if (set.size < MIN_SHINGLES) return [];
  const EMPTY = 0xffffffff;
  const sig = new Array<number>(MINHASH_SIZE).fill(EMPTY);
  for (const x of set) {
    const h = mix(x, SEED);
    const bin = h >>> (32 - BIN_BITS);
    const v = h & ((1 << (32 - BIN_BITS)) - 1);
    if (v < (sig[bin] as number)) sig[bin] = v;
  }
  const out = sig.slice();
  for (let b = 0; b < MINHASH_SIZE; b++) {
    if (sig[b] !== EMPTY) continue;
    for (let d = 1; d < MINHASH_SIZE; d++) {
      const from = sig[(b + d) % MINHASH_SIZE] as number;
      if (from !== EMPTY) {
        out[b] = (from + d * (1 << (32 - BIN_BITS))) >>> 0;
        break;
      }
    }
  }
  return out;
}

/** The LSH band keys of a signature: records sharing one are candidates. */
export const bandsOf = (sig: readonly number[]): string[] =>
  sig.length === MINHASH_SIZE ? Array.from({ length: BANDS }, (_, b) => `${b}:${sig.slice(b * ROWS, (b + 1) * ROWS).map((x) => x.toString(36)).join('.')}`) : [];

export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  let both = 0;
  for (const x of small) if (big.has(x)) both++;
  return both / (a.size + b.size - both);
}

/** The share of equal MinHash values: an estimate of the Jaccard. */
export function estimate(a: readonly number[], b: readonly number[]): number {
  if (a.length !== MINHASH_SIZE || b.length !== MINHASH_SIZE) return 0;
  let same = 0;
  for (let k = 0; k < MINHASH_SIZE; k++) if (a[k] === b[k]) same++;
  return same / MINHASH_SIZE;
}

const nfkc = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

/** The canonical 文号: brackets 〔〕, no spaces (a year-first 文号 the canonical pattern misses is kept as printed, squeezed). */
export const docKey = (docNumber: string | null): string | null => (docNumber ? canonicalDocNumber(docNumber) ?? (nfkc(docNumber) || null) : null);

/**
 * A title as the notices that cite it write it: NFKC, no spaces, quotes or 《》, and without the
 * issuing organs printed before its 关于 (`科技部 中央宣传部 中国科协关于举办…的通知` and
 * `《关于举办…的通知》` are one key). Null for a title too short to name one notice.
 */
export function titleKey(title: string | null): string | null {
  if (!title) return null;
  const t = nfkc(title).replace(/[《》〈〉“”"'‘’「」]/g, '');
  const about = t.indexOf('关于');
  // the organs before 关于, not a 转发 or 印发 of someone else's notice (whose key would be its parent's)
  const key = about > 0 && about <= 60 && !/转发|印发/.test(t.slice(0, about)) ? t.slice(about) : t;
  return key.length >= MIN_TITLE_KEY ? key : null;
}

/**
 * The title of the notice a forwarding notice (转发) forwards, as a key: `XX局转发省财政厅关于…的通知`
 * → 关于…的通知; `关于转发《关于…的通知》的通知` → 关于…的通知; `关于转发省厅关于…的通知的通知`
 * → 关于…的通知 (the wrapping 的通知 dropped once). Null when the title forwards nothing.
 */
export function forwardedKey(title: string | null): string | null {
  if (!title) return null;
  const t = nfkc(title);
  const at = t.indexOf('转发');
  if (at < 0 || at > 40) return null;
  let rest = t.slice(at + 2);
  const quoted = /^《([^《》]+)》/.exec(rest);
  if (quoted?.[1]) rest = quoted[1];
  else if (/^关于/.test(t.slice(Math.max(0, at - 2), at)) || t.startsWith('关于')) rest = rest.replace(/的(?:通知|函)$/, '');
  return titleKey(rest);
}

/** What a record cites and forwards, as keys (each once): the graph's edges out of it. */
export interface Edge {
  relation: 'cites' | 'forwards';
  docKey: string | null;
  titleKey: string | null;
}

/** The sentence of `text` around [start, end). */
const sentenceAt = (text: string, start: number, end: number): string => {
  const from = Math.max(...['。', '；', '\n'].map((c) => text.lastIndexOf(c, start - 1))) + 1;
  const stops = ['。', '；', '\n'].map((c) => text.indexOf(c, end)).filter((i) => i >= 0);
  return text.slice(from, stops.length ? Math.min(...stops) : text.length);
};

/** `现将《…》（…号）转发给你们`: a citation in a sentence that forwards it. */
export const forwardsIn = (sentence: string): boolean => /转发(?:给|至|到|各|你|如下)|予以转发|现将.{0,80}转发/.test(sentence.normalize('NFKC'));

export function edgesOf(r: Pick<NoticeRecord, 'title' | 'references' | 'text'>): Edge[] {
  const forwarded = forwardedKey(r.title);
  const out: Edge[] = [];
  const seen = new Map<string, Edge>();
  let forwardsFound = false;
  for (const ref of r.references) {
    const d = docKey(ref.docNumber);
    const t = titleKey(ref.title);
    if (!d && !t) continue;
    const forwards = (forwarded !== null && t === forwarded) || forwardsIn(sentenceAt(r.text, ref.evidence.start, ref.evidence.end));
    forwardsFound ||= forwarded !== null && t === forwarded;
    const k = `${d ?? ''}|${t ?? ''}`;
    const known = seen.get(k);
    if (known) {
      if (forwards) known.relation = 'forwards';
      continue;
    }
    const e: Edge = { relation: forwards ? 'forwards' : 'cites', docKey: d, titleKey: t };
    seen.set(k, e);
    out.push(e);
  }
  // the forwarded notice named only in the title (its 文号 nowhere in the body)
  if (forwarded && !forwardsFound) out.push({ relation: 'forwards', docKey: null, titleKey: forwarded });
  return out;
}

export function copyFeatures(r: NoticeRecord, shingleSet: ReadonlySet<number> = shingles(r.text)): CopyFeatures {
  const kind = r.kind ?? 'notice';
  const t = titleKey(r.title);
  const issuers = [...new Set(r.issuers.map(nfkc))].sort().join('、');
  const edges = edgesOf(r);
  return {
    kind,
    docKey: docKey(r.docNumber),
    titleKey: t,
    matchKey: t && issuers && r.signedDate ? `${t}|${issuers}|${r.signedDate}` : null,
    signedDate: r.signedDate,
    private: markingOf(r).marking === 'private',
    minhash: kind === 'form' ? [] : minhash(shingleSet),
    citesDocs: [...new Set(edges.map((e) => e.docKey).filter((x): x is string => x !== null))],
    citesTitles: [...new Set(edges.map((e) => e.titleKey).filter((x): x is string => x !== null))],
  };
}

const differ = (a: string | null, b: string | null): boolean => a !== null && b !== null && a !== b;
const cites = (a: CopyFeatures, b: CopyFeatures): boolean =>
  (b.docKey !== null && a.citesDocs.includes(b.docKey)) || (b.titleKey !== null && a.citesTitles.includes(b.titleKey));

/** Why two records are one notice's copies, or null when they are not. */
export type CopyReason = 'docNumber' | 'title+issuers+date' | 'text';

/**
 * Whether a and b are copies of one notice; `textJaccard` is asked only when the keys do not
 * decide (it costs both texts' shingles).
 */
export function copyReason(a: CopyFeatures, b: CopyFeatures, textJaccard: () => number): CopyReason | null {
  // fail closed: a private copy never joins a group the feed could show through another copy
  if (a.kind === 'form' || b.kind === 'form' || a.private !== b.private) return null;
  if (a.docKey !== null && a.docKey === b.docKey) return 'docNumber';
  if (differ(a.docKey, b.docKey)) return null;
  if (a.matchKey !== null && a.matchKey === b.matchKey) return 'title+issuers+date';
  if (differ(a.signedDate, b.signedDate) || cites(a, b) || cites(b, a)) return null;
  // the estimate rules out most candidates before the texts are shingled (its error at 64 hashes is about ±0.06)
  if (estimate(a.minhash, b.minhash) < TEXT_JACCARD - 0.2) return null;
  return textJaccard() >= TEXT_JACCARD ? 'text' : null;
}

/** Disjoint sets of 0…n-1: `parent[root] = other` joins two roots, `find` names an element's set. */
function disjointSets(n: number): { parent: number[]; find: (i: number) => number } {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  return { parent, find };
}

/** The group of each member after a change: its representative's id (the earliest copy, then the smallest id). */
export function regroup(members: readonly Member[]): Map<string, string> {
  const n = members.length;
  const { parent, find } = disjointSets(n);
  const sets = new Map<number, Set<number>>();
  const setOf = (i: number): Set<number> => {
    let s = sets.get(i);
    if (!s) sets.set(i, (s = shingles((members[i] as Member).text)));
    return s;
  };
  // a group never joins two 文号: copies without one (a web page) that match copies of two notices join the first
  const docOf = members.map((m) => m.features.docKey);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const ri = find(i);
      const rj = find(j);
      if (ri === rj || differ(docOf[ri] ?? null, docOf[rj] ?? null)) continue;
      const a = members[i] as Member;
      const b = members[j] as Member;
      if (copyReason(a.features, b.features, () => jaccard(setOf(i), setOf(j))) === null) continue;
      parent[rj] = ri;
      docOf[ri] ??= docOf[rj] ?? null;
    }
  }
  const byRoot = new Map<number, Member[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    byRoot.set(r, [...(byRoot.get(r) ?? []), members[i] as Member]);
  }
  const out = new Map<string, string>();
  for (const group of byRoot.values()) {
    const rep = representative(group);
    for (const m of group) out.set(m.id, rep.id);
  }
  return out;
}

/** The earliest copy (first published), then the smallest id: a group's feed item keeps its id as copies arrive. */
export function representative<T extends Pick<Member, 'id' | 'publishedAt'>>(group: readonly T[]): T {
  return [...group].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id.localeCompare(b.id))[0] as T;
}

/**
 * The groups of many records at once (an export, not a store): each record is compared only with
 * the earlier records that share its 文号, its title+issuers+date or an LSH band. Returns each
 * record's group as the smallest id among its copies (no publication times here to say which came first).
 */
export function groupAll(records: ReadonlyArray<Pick<NoticeRecord, 'id' | 'kind' | 'title' | 'docNumber' | 'issuers' | 'signedDate' | 'references' | 'text' | 'disclosure' | 'secrecy'>>): Map<string, string> {
  const n = records.length;
  const { parent, find } = disjointSets(n);
  const sets = records.map((r) => shingles(r.text));
  const features = records.map((r, i) => copyFeatures(r as NoticeRecord, sets[i]));
  const docOf = features.map((f) => f.docKey);
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const f = features[i] as CopyFeatures;
    if (f.kind === 'form') continue;
    const keys = [...(f.docKey ? [`d:${f.docKey}`] : []), ...(f.matchKey ? [`m:${f.matchKey}`] : []), ...bandsOf(f.minhash).map((b) => `b:${b}`)];
    const seen = new Set<number>();
    for (const k of keys) {
      const earlier = buckets.get(k) ?? [];
      for (const j of earlier) {
        if (seen.has(j)) continue;
        seen.add(j);
        const ri = find(i);
        const rj = find(j);
        if (ri === rj || differ(docOf[ri] ?? null, docOf[rj] ?? null)) continue;
        if (copyReason(f, features[j] as CopyFeatures, () => jaccard(sets[i] as Set<number>, sets[j] as Set<number>)) === null) continue;
        parent[ri] = rj;
        docOf[rj] ??= docOf[ri] ?? null;
      }
      buckets.set(k, [...earlier, i]);
    }
  }
  const smallest = new Map<number, string>();
  records.forEach((r, i) => {
    const root = find(i);
    const s = smallest.get(root);
    if (s === undefined || r.id < s) smallest.set(root, r.id);
  });
  return new Map(records.map((r, i) => [r.id, smallest.get(find(i)) as string]));
}
