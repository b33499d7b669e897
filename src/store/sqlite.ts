/**
 * @module store/sqlite
 * The embedded store: one SQLite file (`<out>/index/notices.sqlite`, WAL) holding each notice's
 * summary, filter columns and text, and an FTS5 index over the pre-segmented tokens of
 * sinks/tokenize.ts (contentless: the tokens are never read back, snippets come from the text),
 * ranked by BM25 with the field weights. Every write is one transaction (BEGIN IMMEDIATE); other
 * processes writing at the same time wait for it (busy_timeout), and nothing is rewritten whole.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { PublishPolicy } from './publication.js';
import type { NoticeRecord } from '../record/schema.js';
import { passes, queryTokens, RANKED_MAX, snippet, type Combine } from './query.js';
import { BOOSTS, fieldTokens, filterColumns, filterIndexes, likeContains, publishedMarkings, summarize } from './summary.js';
import type { Hit, HitPage, NoticeSummary, Paging, PutOptions, SearchFilters, StoreDriver, StoreGeneration, StoredVersion } from './types.js';

export const SQLITE_FILE = 'notices.sqlite';
/** how long a writer waits for another process's transaction before it fails */
const BUSY_TIMEOUT_MS = 15_000;
/** FTS5's rank function: BM25 with the field weights, in the columns' order */
const RANK = `bm25(${Object.values(BOOSTS).join(', ')})`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notices (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  summary TEXT NOT NULL,
  body TEXT NOT NULL,
  level TEXT, region TEXT, year INTEGER, issuers TEXT NOT NULL, marking TEXT,
  sort_at INTEGER NOT NULL, last_deadline TEXT, dated INTEGER NOT NULL,
  published_at TEXT NOT NULL, modified_at TEXT NOT NULL
);
${filterIndexes('notices')}
CREATE VIRTUAL TABLE IF NOT EXISTS notices_fts USING fts5(
  title, doc_number, themes, issuers, body,
  content = '', contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 0 tokenchars '._@-〔〕'"
);
`;

type Param = string | number | null;

interface Where {
  sql: string;
  params: Param[];
}

/** The filters as a WHERE clause over `notices n`. */
function where(f: SearchFilters, extra: Where[] = []): Where {
  const parts: string[] = [];
  const params: Param[] = [];
  if (f.level) parts.push('n.level = ?'), params.push(f.level);
  if (f.region) parts.push('n.region = ?'), params.push(f.region);
  if (f.issuer) parts.push(`n.issuers LIKE ? ESCAPE '\\'`), params.push(likeContains(f.issuer));
  if (f.year !== undefined) parts.push('n.year = ?'), params.push(f.year);
  if (f.deadlineAfter) parts.push('n.last_deadline >= ?'), params.push(f.deadlineAfter);
  for (const e of extra) parts.push(e.sql), params.push(...e.params);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

const markingIn = (policy: PublishPolicy): Where => {
  const ms = publishedMarkings(policy);
  const named = ms.filter((m): m is 'public' | 'private' => m !== null);
  const alts = [...(named.length ? [`n.marking IN (${named.map(() => '?').join(', ')})`] : []), ...(ms.includes(null) ? ['n.marking IS NULL'] : [])];
  return { sql: `(${alts.join(' OR ') || '0'})`, params: named };
};

/** An FTS5 query of the tokens, each quoted (a token is never read as FTS5 syntax). */
const ftsQuery = (tokens: readonly string[], how: Combine): string => tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(how === 'and' ? ' AND ' : ' OR ');

const offset = (p: Paging): number => (p.page - 1) * p.pageSize;
const parseSummary = (json: string): NoticeSummary => JSON.parse(json) as NoticeSummary;

export class SqliteDriver implements StoreDriver {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;

  private constructor(readonly location: string) {
    mkdirSync(dirname(location), { recursive: true });
    this.db = new Database(location);
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a commit survives a crash of the process; a power loss may lose the last ones,
    // which the next publisher's reconcile with out/records puts back.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  static open(file: string): SqliteDriver {
    return new SqliteDriver(file);
  }

  private bump(now: string): void {
    this.db.prepare(`INSERT INTO meta (key, value) VALUES ('generation', '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`).run();
    this.db.prepare(`INSERT INTO meta (key, value) VALUES ('modified', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(now);
  }

  private write(record: NoticeRecord, options: PutOptions): NoticeSummary {
    const at = (options.now ?? new Date()).toISOString();
    const old = this.db.prepare('SELECT rowid, published_at FROM notices WHERE id = ?').get(record.id) as { rowid: number; published_at: string } | undefined;
    const s = summarize(record, options.publishedAt ?? old?.published_at ?? at, at);
    const c = filterColumns(s);
    const values = [JSON.stringify(s), record.text, c.level, c.region, c.year, c.issuers, c.marking, c.sortAt, c.lastDeadline, c.dated ? 1 : 0, s.publishedAt, s.modifiedAt];
    let rowid: number | bigint;
    if (old) {
      rowid = old.rowid;
      this.db.prepare('DELETE FROM notices_fts WHERE rowid = ?').run(rowid);
      this.db
        .prepare('UPDATE notices SET summary = ?, body = ?, level = ?, region = ?, year = ?, issuers = ?, marking = ?, sort_at = ?, last_deadline = ?, dated = ?, published_at = ?, modified_at = ? WHERE rowid = ?')
        .run(...values, rowid);
    } else {
      rowid = this.db
        .prepare('INSERT INTO notices (id, summary, body, level, region, year, issuers, marking, sort_at, last_deadline, dated, published_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(record.id, ...values).lastInsertRowid;
    }
    const t = fieldTokens(record);
    this.db.prepare('INSERT INTO notices_fts (rowid, title, doc_number, themes, issuers, body) VALUES (?, ?, ?, ?, ?, ?)').run(rowid, t.title.join(' '), t.docNumber.join(' '), t.themes.join(' '), t.issuers.join(' '), t.body.join(' '));
    this.bump(at);
    return s;
  }

  async put(record: NoticeRecord, options: PutOptions = {}): Promise<NoticeSummary> {
    return this.db.transaction(() => this.write(record, options)).immediate();
  }

  async putMany(records: ReadonlyArray<{ record: NoticeRecord; options?: PutOptions }>): Promise<void> {
    this.db.transaction(() => {
      for (const { record, options } of records) this.write(record, options ?? {});
    }).immediate();
  }

  async remove(id: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        const old = this.db.prepare('SELECT rowid FROM notices WHERE id = ?').get(id) as { rowid: number } | undefined;
        if (!old) return false;
        this.db.prepare('DELETE FROM notices_fts WHERE rowid = ?').run(old.rowid);
        this.db.prepare('DELETE FROM notices WHERE rowid = ?').run(old.rowid);
        this.bump(new Date().toISOString());
        return true;
      })
      .immediate();
  }

  async get(id: string): Promise<NoticeSummary | null> {
    const row = this.db.prepare('SELECT summary FROM notices WHERE id = ?').get(id) as { summary: string } | undefined;
    return row ? parseSummary(row.summary) : null;
  }

  async list(filters: SearchFilters, paging: Paging): Promise<HitPage> {
    const w = where(filters);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM notices n ${w.sql}`).get(...w.params) as { n: number }).n;
    const rows = this.db.prepare(`SELECT summary FROM notices n ${w.sql} ORDER BY n.sort_at DESC, n.id LIMIT ? OFFSET ?`).all(...w.params, paging.pageSize, offset(paging)) as Array<{ summary: string }>;
    return { total, page: paging.page, pageSize: paging.pageSize, items: rows.map((r) => ({ ...parseSummary(r.summary), score: null })) };
  }

  async search(query: string, filters: SearchFilters, paging: Paging): Promise<HitPage> {
    const tokens = queryTokens(query);
    if (tokens.length === 0) return this.list(filters, paging);
    const filtered = where(filters);
    let total = 0;
    let rows: Array<{ summary: string; body: string; score: number }> = [];
    for (const how of passes(tokens)) {
      const match = ftsQuery(tokens, how);
      // Ranked inside FTS5 (its `rank` column) and only the page's rowids joined to the notices, so
      // no match carries its summary and text through the sort; and at most RANKED_MAX matches are
      // scored (query.ts). `total` still counts every match.
      const ranked = filtered.sql
        ? `SELECT rid, rank FROM (SELECT f.rowid AS rid, f.rank AS rank FROM notices_fts f JOIN notices n ON n.rowid = f.rowid ${filtered.sql} AND notices_fts MATCH ? AND f.rank MATCH ? ORDER BY f.rowid DESC LIMIT ${RANKED_MAX}) ORDER BY rank LIMIT ? OFFSET ?`
        : `SELECT rid, rank FROM (SELECT rowid AS rid, rank FROM notices_fts WHERE notices_fts MATCH ? AND rank MATCH ? ORDER BY rowid DESC LIMIT ${RANKED_MAX}) ORDER BY rank LIMIT ? OFFSET ?`;
      const count = filtered.sql
        ? `SELECT count(*) AS n FROM notices_fts f JOIN notices n ON n.rowid = f.rowid ${filtered.sql} AND notices_fts MATCH ?`
        : 'SELECT count(*) AS n FROM notices_fts WHERE notices_fts MATCH ?';
      total = (this.db.prepare(count).get(...filtered.params, match) as { n: number }).n;
      if (total === 0) continue;
      rows = this.db
        .prepare(`SELECT n.summary, n.body, -r.rank AS score FROM (${ranked}) r JOIN notices n ON n.rowid = r.rid ORDER BY r.rank, n.sort_at DESC, n.id`)
        .all(...filtered.params, match, RANK, paging.pageSize, offset(paging)) as typeof rows;
      break;
    }
    const items: Hit[] = rows.map((r) => ({ ...parseSummary(r.summary), score: r.score, snippet: snippet(r.body, tokens) }));
    return { total, page: paging.page, pageSize: paging.pageSize, items };
  }

  async feed(policy: PublishPolicy, paging: Paging): Promise<{ total: number; items: NoticeSummary[] }> {
    const w = where({}, [markingIn(policy)]);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM notices n ${w.sql}`).get(...w.params) as { n: number }).n;
    const rows = this.db.prepare(`SELECT summary FROM notices n ${w.sql} ORDER BY n.sort_at DESC, n.id LIMIT ? OFFSET ?`).all(...w.params, paging.pageSize, offset(paging)) as Array<{ summary: string }>;
    return { total, items: rows.map((r) => parseSummary(r.summary)) };
  }

  async dated(policy: PublishPolicy): Promise<NoticeSummary[]> {
    const w = where({}, [markingIn(policy), { sql: 'n.dated = 1', params: [] }]);
    const rows = this.db.prepare(`SELECT summary FROM notices n ${w.sql} ORDER BY n.sort_at DESC, n.id`).all(...w.params) as Array<{ summary: string }>;
    return rows.map((r) => parseSummary(r.summary));
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM notices').get() as { n: number }).n;
  }

  async versions(): Promise<StoredVersion[]> {
    const rows = this.db.prepare('SELECT id, published_at, modified_at FROM notices ORDER BY id').all() as Array<{ id: string; published_at: string; modified_at: string }>;
    return rows.map((r) => ({ id: r.id, publishedAt: r.published_at, modifiedAt: r.modified_at }));
  }

  private meta(key: string): string | null {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  }

  async generation(): Promise<StoreGeneration> {
    return { generation: Number(this.meta('generation') ?? 0), modified: this.meta('modified') };
  }

  async tokenizerVersion(): Promise<string | null> {
    return this.meta('tokenizer');
  }

  async setTokenizerVersion(version: string): Promise<void> {
    this.db.prepare(`INSERT INTO meta (key, value) VALUES ('tokenizer', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(version);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
