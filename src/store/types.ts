/**
 * @module store/types
 * The boundary every store driver implements (SQLite embedded, PostgreSQL shared), and the shapes
 * it takes and gives. A driver keeps, per notice, its summary (what a listing, a filter, the feed
 * order and the calendar need), its text for snippets, and a full-text index over the tokens of
 * sinks/tokenize.ts. The record JSON files stay the source of truth: a driver can be rebuilt from
 * them at any time (`tongzhi reindex`). The conformance suite (test/store/conformance.ts) is what
 * a driver must pass.
 */
import type { Marking, PublishPolicy } from './publication.js';
import type { NoticeRecord } from '../record/schema.js';

/** What the store keeps of a record: enough to list, filter, order and put on a calendar. */
export interface NoticeSummary {
  id: string;
  /** notice, or form (a lone attachment file; never grouped as a copy of a notice). Absent in summaries stored before copies were grouped. */
  kind?: 'notice' | 'form';
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
  /** public / private marking (store/publication.ts); the publish policy decides what is published */
  marking: Marking;
  fileName: string;
  format: string;
  /** the original file's size (absent in summaries stored before copies were grouped) */
  bytes?: number;
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
  /** relevance (higher is better) for a search, null for a listing */
  score: number | null;
  /** a passage of the text around the query's words, each match in 【】; only on search hits */
  snippet?: string;
}

export interface HitPage {
  /** how many notices match, counted up to COUNTED_MAX (store/query.ts), see totalExact */
  total: number;
  /** false when more than COUNTED_MAX notices match and `total` says only that many */
  totalExact: boolean;
  page: number;
  pageSize: number;
  items: Hit[];
}

/** When a record is put: `now` is the ingest time; `publishedAt` forces the first-publication time (rebuilds). */
export interface PutOptions {
  now?: Date;
  publishedAt?: string;
}

/** One indexed notice's id and last publication time (for reconciling with out/records). */
export interface StoredVersion {
  id: string;
  publishedAt: string;
  modifiedAt: string;
}

/** A change counter and the time of the last change, shared by every process writing the store. */
export interface StoreGeneration {
  generation: number;
  /** RFC 3339 time of the last write, null for a store never written */
  modified: string | null;
}

/** How one notice names another: it cites it, or it forwards it whole (转发). */
export type Relation = 'cites' | 'forwards';

/** A stored notice linked to another, as a driver finds it: by its representative, one row per edge that resolves to it. */
export interface LinkedRow {
  relation: Relation;
  /** what resolved the reference: the 文号, or the title */
  by: 'docNumber' | 'title';
  summary: NoticeSummary;
}

export interface StoreDriver {
  /** 'sqlite' or 'postgres' */
  readonly kind: string;
  /** where it lives, for logs and /health (a file path, or a URL without its password) */
  readonly location: string;
  /** Adds the record or replaces the one with its id (keeping its first `publishedAt`), in one transaction. */
  put(record: NoticeRecord, options?: PutOptions): Promise<NoticeSummary>;
  /** Adds or replaces many records in one transaction (a rebuild). */
  putMany(records: ReadonlyArray<{ record: NoticeRecord; options?: PutOptions }>): Promise<void>;
  remove(id: string): Promise<boolean>;
  get(id: string): Promise<NoticeSummary | null>;
  /** Notices matching the filters, newest first (see summary.ts `datePublished`); each group of copies once, by its representative. */
  list(filters: SearchFilters, paging: Paging): Promise<HitPage>;
  /** Ranked by relevance with the field weights, with snippets; a query without tokens lists. */
  search(query: string, filters: SearchFilters, paging: Paging): Promise<HitPage>;
  /**
   * A page of the notices published under `policy`, newest first, and whether a page follows.
   * No count: a feed needs only the next page's link, and counting every published notice is a
   * walk of the whole table in PostgreSQL (about 600 ms at 100,000).
   */
  feed(policy: PublishPolicy, paging: Paging): Promise<{ items: NoticeSummary[]; more: boolean }>;
  /** Published notices with a deadline, an event or an event period (the calendar), newest first, at most `limit`. */
  dated(policy: PublishPolicy, limit: number): Promise<NoticeSummary[]>;
  /**
   * The records of `id`'s group (the copies of one notice: every file it arrived as), its
   * representative first, then by first publication; empty for an unknown id.
   */
  group(id: string): Promise<NoticeSummary[]>;
  /** The members of the groups these representatives stand for, by representative id (the feed's sources). */
  groups(ids: readonly string[]): Promise<Map<string, NoticeSummary[]>>;
  /** The notices `id`'s group cites or forwards, and those that cite or forward it, each by its representative (either arrival order). */
  links(id: string): Promise<{ cites: LinkedRow[]; citedBy: LinkedRow[] }>;
  /** Stored records (every copy counts). */
  count(): Promise<number>;
  /** Every stored id with its last publication time. */
  versions(): Promise<StoredVersion[]>;
  generation(): Promise<StoreGeneration>;
  /** The tokenizer version the full-text index was built with (null: empty or never recorded). */
  tokenizerVersion(): Promise<string | null>;
  /** Records the tokenizer version every stored notice is now indexed with (after a rebuild). */
  setTokenizerVersion(version: string): Promise<void>;
  close(): Promise<void>;
}
