/**
 * @module sinks/search-index
 * The embedded Chinese search index (MiniSearch, BM25) over the stored records. Fields and
 * boosts: title ×6 > 文号 ×5 > themes ×3 > issuers ×2 > body ×1, all through the one tokenizer
 * of tokenize.ts. Each document stores a `NoticeSummary`, so listings, filters, the feed order
 * and the calendar need no record file. Serialised as one JSON file (`<layout.index>/notices.json`)
 * written atomically; `rebuildIndex` makes it again from `out/records`.
 */
import { markingOf, type Marking } from './publication.js';
import { readdir, readFile } from 'node:fs/promises';
import { NotRegularFile, readRegularFile } from './regular-file.js';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { NoticeRecord } from '../record/schema.js';
import { writeFileAtomic } from './atomic.js';
import { tokenize, tokenizeQuery } from './tokenize.js';

export const INDEX_FORMAT = 'tongzhi-index/1';
export const INDEX_FILE = 'notices.json';
export const BOOSTS = { title: 6, docNumber: 5, themes: 3, issuers: 2, body: 1 } as const;
const FIELDS = Object.keys(BOOSTS);

/** What the index keeps of a record: enough to list, filter, order and put on a calendar. */
export interface NoticeSummary {
  id: string;
  title: string | null;
  docNumber: string | null;
  issuers: string[];
  level: string | null;
  region: string | null;
  signedDate: string | null;
  printedDate: string | null;
  /** 成文日期's year, else the 文号's, else the 印发日期's */
  year: number | null;
  themes: string[];
  /** public / private marking (sinks/publication.ts); the publish policy decides what is published */
  marking: Marking;
  fileName: string;
  format: string;
  /** first time this id was published (ingest time), RFC 3339 */
  publishedAt: string;
  /** last time this id was published */
  modifiedAt: string;
  deadlines: Array<{ date: string; time: string | null; what: string; to: string | null; attachment: string | null }>;
  eventPeriods: Array<{ start: string; end: string; text: string }>;
  events: Array<{ date: string; time: string | null; what: string; place: string | null }>;
  forms: number;
}

export interface SearchFilters {
  level?: string;
  region?: string;
  /** an issuer's name or part of it */
  issuer?: string;
  year?: number;
  /** ISO date: only notices with a deadline on or after it (still open on that day) */
  deadlineAfter?: string;
}

export interface Paging {
  page: number;
  pageSize: number;
}

export interface Hit extends NoticeSummary {
  score: number | null;
}

export interface HitPage {
  total: number;
  page: number;
  pageSize: number;
  items: Hit[];
}

interface IndexedDoc {
  id: string;
  title: string;
  docNumber: string;
  themes: string;
  issuers: string;
  body: string;
  s: NoticeSummary;
}

const OPTIONS = {
  fields: FIELDS,
  storeFields: ['s'],
  tokenize: (text: string) => tokenize(text),
  processTerm: (term: string) => term,
  searchOptions: { boost: { ...BOOSTS }, tokenize: tokenizeQuery, combineWith: 'OR' as const },
};

export const isNoticeId = (id: string): boolean => /^[0-9a-f]{16}$/.test(id);

/**
 * The feed's date_published and the listing order: 成文日期 at 00:00 Beijing time, else the
 * 印发日期 (printed in the 版记 of notices whose 成文日期 is missing or unreadable), else the
 * ingest time.
 */
export function datePublished(s: Pick<NoticeSummary, 'signedDate' | 'printedDate' | 'publishedAt'>): string {
  const day = s.signedDate ?? s.printedDate;
  return day ? `${day}T00:00:00+08:00` : s.publishedAt;
}

const yearOf = (r: NoticeRecord): number | null => {
  const y = r.signedDate?.slice(0, 4) ?? /〔(\d{4})〕/.exec(r.docNumber ?? '')?.[1] ?? r.printedDate?.slice(0, 4);
  return y ? Number(y) : null;
};

export function summarize(r: NoticeRecord, publishedAt: string, modifiedAt: string): NoticeSummary {
  return {
    id: r.id,
    title: r.title,
    docNumber: r.docNumber,
    issuers: r.issuers,
    level: r.level,
    region: r.region,
    signedDate: r.signedDate,
    printedDate: r.printedDate,
    year: yearOf(r),
    themes: r.themes,
    marking: markingOf(r).marking,
    fileName: r.source.fileName,
    format: r.source.format,
    publishedAt,
    modifiedAt,
    deadlines: r.deadlines.map((d) => ({ date: d.date, time: d.time, what: d.what, to: d.to, attachment: d.attachment })),
    eventPeriods: r.eventPeriods.map((p) => ({ start: p.start, end: p.end, text: p.text })),
    events: r.events.map((e) => ({ date: e.date, time: e.time, what: e.what, place: e.place })),
    forms: r.attachments.length,
  };
}

function matches(s: NoticeSummary, f: SearchFilters): boolean {
  if (f.level && s.level !== f.level) return false;
  if (f.region && s.region !== f.region) return false;
  if (f.issuer) {
    const want = f.issuer;
    if (!s.issuers.some((i) => i === want || i.includes(want))) return false;
  }
  if (f.year !== undefined && s.year !== f.year) return false;
  if (f.deadlineAfter) {
    const after = f.deadlineAfter;
    if (!s.deadlines.some((d) => d.date >= after)) return false;
  }
  return true;
}

const newestFirst = (a: NoticeSummary, b: NoticeSummary): number =>
  Date.parse(datePublished(b)) - Date.parse(datePublished(a)) || a.id.localeCompare(b.id);

const pageOf = (all: Hit[], p: Paging): HitPage => ({
  total: all.length,
  page: p.page,
  pageSize: p.pageSize,
  items: all.slice((p.page - 1) * p.pageSize, p.page * p.pageSize),
});

export class SearchIndex {
  private constructor(private readonly mini: MiniSearch<IndexedDoc>) {}

  static empty(): SearchIndex {
    return new SearchIndex(new MiniSearch<IndexedDoc>(OPTIONS));
  }

  static fromJSON(json: string): SearchIndex {
    const parsed = JSON.parse(json) as { format?: unknown; index?: unknown };
    if (parsed.format !== INDEX_FORMAT) throw new Error(`not a ${INDEX_FORMAT} file (format ${String(parsed.format)})`);
    return new SearchIndex(MiniSearch.loadJS<IndexedDoc>(parsed.index as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS));
  }

  toJSON(): string {
    return JSON.stringify({ format: INDEX_FORMAT, index: this.mini.toJSON() });
  }

  get size(): number {
    return this.mini.documentCount;
  }

  get(id: string): NoticeSummary | undefined {
    return (this.mini.getStoredFields(id) as { s?: NoticeSummary } | undefined)?.s;
  }

  /**
   * Adds the record, or replaces the one with its id (keeping its first `publishedAt`).
   * `now` is the ingest time; `publishedAt` forces the first-publication time (rebuilds).
   */
  upsert(record: NoticeRecord, now: Date = new Date(), publishedAt?: string): NoticeSummary {
    const at = now.toISOString();
    const previous = this.get(record.id);
    const s = summarize(record, publishedAt ?? previous?.publishedAt ?? at, at);
    const doc: IndexedDoc = {
      id: record.id,
      title: record.title ?? '',
      docNumber: record.docNumber ?? '',
      themes: record.themes.join(' '),
      issuers: record.issuers.join(' '),
      body: record.text,
      s,
    };
    if (previous) this.mini.replace(doc);
    else this.mini.add(doc);
    return s;
  }

  remove(id: string): boolean {
    if (!this.mini.has(id)) return false;
    this.mini.discard(id);
    return true;
  }

  all(): NoticeSummary[] {
    return this.mini.search(MiniSearch.wildcard).map((r) => (r as unknown as { s: NoticeSummary }).s);
  }

  /** Notices matching the filters, newest first (成文日期, else ingest time). */
  list(filters: SearchFilters = {}, paging: Paging = { page: 1, pageSize: 20 }): HitPage {
    const all = this.all()
      .filter((s) => matches(s, filters))
      .sort(newestFirst)
      .map((s) => ({ ...s, score: null }));
    return pageOf(all, paging);
  }

  /** Ranked by BM25 with the field boosts; an empty query lists (see `list`). */
  search(query: string, filters: SearchFilters = {}, paging: Paging = { page: 1, pageSize: 20 }): HitPage {
    if (tokenizeQuery(query).length === 0) return this.list(filters, paging);
    const results = this.mini.search(query, { filter: (r) => matches((r as unknown as { s: NoticeSummary }).s, filters) });
    return pageOf(
      results.map((r) => ({ ...(r as unknown as { s: NoticeSummary }).s, score: r.score })),
      paging,
    );
  }
}

export const indexFile = (indexDir: string): string => join(indexDir, INDEX_FILE);

export async function saveIndex(index: SearchIndex, indexDir: string): Promise<void> {
  await writeFileAtomic(indexFile(indexDir), index.toJSON());
}

/** The index stored under `indexDir`, or null when there is none yet. */
export async function loadIndex(indexDir: string): Promise<SearchIndex | null> {
  let json: string;
  try {
    json = await readFile(indexFile(indexDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return SearchIndex.fromJSON(json);
}

export type RecordCheck = { ok: true; record: NoticeRecord } | { ok: false; error: string };

/**
 * The text of `out/records/<id>.json` as a record, checked against the zod `NoticeRecord` (the
 * schema version included) and its file name: a malformed, foreign or older-version file is
 * `{ok: false, error}`, never a record cast unchecked.
 */
export function checkRecord(text: string, id: string): RecordCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const parsed = NoticeRecord.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const first = issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, error: `not a notice record: ${first.join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}` };
  }
  if (parsed.data.id !== id) return { ok: false, error: `its id ${JSON.stringify(parsed.data.id)} is not its file name's` };
  return { ok: true, record: parsed.data };
}

/** A record file `readRecords` skipped, and why. */
export interface InvalidRecord {
  id: string;
  error: string;
  /** the file's mtime (ms) when it was judged */
  mtimeMs: number;
}

/**
 * Every `<id>.json` record under `recordsDir`, with its mtime. Files that are not valid records
 * (see `checkRecord`) are skipped and reported to `onInvalid`.
 */
export async function readRecords(recordsDir: string, onInvalid?: (bad: InvalidRecord) => void): Promise<Array<{ record: NoticeRecord; mtime: Date }>> {
  let names: string[];
  try {
    names = await readdir(recordsDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: Array<{ record: NoticeRecord; mtime: Date }> = [];
  for (const name of names.sort()) {
    const id = name.replace(/\.json$/, '');
    if (!name.endsWith('.json') || !isNoticeId(id)) continue;
    const path = join(recordsDir, name);
    let text: string;
    let mtime: Date;
    try {
      const read = await readRegularFile(path);
      mtime = new Date(read.mtimeMs);
      text = read.text;
    } catch (e) {
      // a FIFO or a link: reported like an invalid record, never read; anything else is gone since the listing
      if (e instanceof NotRegularFile) onInvalid?.({ id, error: e.message, mtimeMs: 0 });
      continue;
    }
    const checked = checkRecord(text, id);
    if (checked.ok) out.push({ record: checked.record, mtime });
    else onInvalid?.({ id, error: checked.error, mtimeMs: mtime.getTime() });
  }
  return out;
}

/**
 * A fresh index of every record under `recordsDir`. Ingest times come from `previous` when it
 * knows the id, else from the record file's mtime.
 */
export async function rebuildIndex(recordsDir: string, previous?: SearchIndex | null, onInvalid?: (bad: InvalidRecord) => void): Promise<SearchIndex> {
  const index = SearchIndex.empty();
  for (const { record, mtime } of await readRecords(recordsDir, onInvalid)) {
    const old = previous?.get(record.id);
    index.upsert(record, old ? new Date(old.modifiedAt) : mtime, old?.publishedAt ?? mtime.toISOString());
  }
  return index;
}
