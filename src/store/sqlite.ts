/**
 * @module store/sqlite
 * The embedded store: one SQLite file (`<out>/index/notices.sqlite`, WAL) holding each notice's
 * summary, filter columns and text, and an FTS5 index over the pre-segmented tokens of
 * sinks/tokenize.ts (contentless: the tokens are never read back, snippets come from the text),
 * ranked by BM25 with the field weights. Every write is one transaction (BEGIN IMMEDIATE); other
 * processes writing at the same time wait for it (busy_timeout), and nothing is rewritten whole.
 *
 * Copies of one notice (store/copies.ts) share a `group_id`, the id of their representative;
 * listings, the feed, the calendar and the full-text index hold representatives only. Each
 * record's LSH bands and graph edges (what it cites or forwards) are rows of their own tables,
 * resolved at query time, so a citation stored before its target resolves once the target comes.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { PublishPolicy } from './publication.js';
import type { NoticeRecord } from '../record/schema.js';
import { bandsOf, type CopyFeatures, type Member } from './copies.js';
import { GROUP_SCHEMA_VERSION, memberOf, placed, prepared, removed, type Change, type Prepared } from './grouping.js';
import { counted, countedSql, passes, queryTokens, RANKED_MAX, snippet, type Combine } from './query.js';
import { BOOSTS, dropFilterIndexes, fieldTokens, filterColumns, filterIndexes, likeContains, publishedMarkings, summarize } from './summary.js';
import type { Hit, HitPage, LinkedRow, NoticeSummary, Paging, PutOptions, SearchFilters, StoreDriver, StoreGeneration, StoredVersion } from './types.js';

export const SQLITE_FILE = 'notices.sqlite';
/** how long a writer waits for another process's transaction before it fails */
const BUSY_TIMEOUT_MS = 15_000;
/** how long ANALYZE waits for another process's transaction before it leaves the statistics for later */
const ANALYZE_BUSY_MS = 100;
/** FTS5's rank function: BM25 with the field weights, in the columns' order */
const RANK = `bm25(${Object.values(BOOSTS).join(', ')})`;

/** Schema 1, what every store starts from (GROUPS_MIGRATION brings it to schema 2). */
export const SCHEMA_1 = `
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

/**
 * Schema 2 (copies and the notice graph), over a store of schema 1 or a new one. Existing rows
 * become groups of one and the tokenizer version is forgotten, so the next publisher to open the
 * store rebuilds it from out/records (the rows lack what grouping reads: kind, references).
 */
const GROUPS_MIGRATION = `
ALTER TABLE notices ADD COLUMN kind TEXT NOT NULL DEFAULT 'notice';
ALTER TABLE notices ADD COLUMN group_id TEXT;
ALTER TABLE notices ADD COLUMN doc_key TEXT;
ALTER TABLE notices ADD COLUMN title_key TEXT;
ALTER TABLE notices ADD COLUMN match_key TEXT;
ALTER TABLE notices ADD COLUMN features TEXT;
UPDATE notices SET group_id = id;
${dropFilterIndexes('notices')}
${filterIndexes('notices', true)}
CREATE INDEX notices_group ON notices (group_id, id);
CREATE INDEX notices_id_group ON notices (id, group_id, kind);
CREATE INDEX notices_doc_key ON notices (doc_key, kind, group_id, id);
CREATE INDEX notices_title_key ON notices (title_key, kind, group_id);
CREATE INDEX notices_match_key ON notices (match_key, kind, group_id, id);
CREATE TABLE notice_bands (id TEXT NOT NULL, band TEXT NOT NULL, doc_key TEXT);
CREATE INDEX notice_bands_band ON notice_bands (band, doc_key);
CREATE INDEX notice_bands_id ON notice_bands (id);
CREATE TABLE notice_edges (id TEXT NOT NULL, relation TEXT NOT NULL, doc_key TEXT, title_key TEXT);
CREATE INDEX notice_edges_id ON notice_edges (id);
CREATE INDEX notice_edges_doc_key ON notice_edges (doc_key);
CREATE INDEX notice_edges_title_key ON notice_edges (title_key);
DELETE FROM meta WHERE key = 'tokenizer';
`;

/** A representative: the row its group is named after. */
const REP = 'n.group_id = n.id';

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
  parts.push(REP);
  return { sql: `WHERE ${parts.join(' AND ')}`, params };
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
    this.db.exec(SCHEMA_1);
    this.migrate();
    this.analyzeIfGrown();
  }

  /**
   * Statistics of the notices table (with STAT4, the spread of each index's values), made again
   * whenever the table has doubled since they were last made. Without them SQLite reads a
   * listing filtered by deadline (the page's overview asks for deadlines after today) along the
   * listing-order index through every row: 2.1 s at 100,000 notices, where the deadline index and
   * a sort take 0.2 ms. ANALYZE of 100,000 rows takes about 0.5 s, once per doubling.
   */
  private analyzeIfGrown(): void {
    // the largest rowid, not a count (which reads a whole index): rows only ever get new rowids
    const rows = (this.db.prepare('SELECT max(rowid) AS n FROM notices').get() as { n: number | null }).n ?? 0;
    const at = Number(this.meta('analyzed_rows') ?? 0);
    if (rows < 1000 || rows < 2 * at) return;
    // ANALYZE writes: it waits a moment for another process's transaction, not the 15 s a record
    // write waits, since it holds this process's event loop meanwhile
    this.db.pragma(`busy_timeout = ${ANALYZE_BUSY_MS}`);
    try {
      this.db.exec('ANALYZE notices');
      this.db.prepare(`INSERT INTO meta (key, value) VALUES ('analyzed_rows', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(rows));
    } catch (e) {
      // statistics only speed queries up: another process's transaction (busy) or a full disk
      // leaves them as they were, and the next write tries again
      if (!(e instanceof Database.SqliteError)) throw e;
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  /** Brings a store of an earlier schema (user_version) up to this one, once, whichever process opens it first. */
  private migrate(): void {
    const version = (): number => Number(this.db.pragma('user_version', { simple: true }));
    if (version() >= GROUP_SCHEMA_VERSION) return;
    this.db
      .transaction(() => {
        if (version() >= GROUP_SCHEMA_VERSION) return;
        this.db.exec(GROUPS_MIGRATION);
        this.db.pragma(`user_version = ${GROUP_SCHEMA_VERSION}`);
      })
      .immediate();
  }

  static open(file: string): SqliteDriver {
    return new SqliteDriver(file);
  }

  private bump(now: string): void {
    this.db.prepare(`INSERT INTO meta (key, value) VALUES ('generation', '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`).run();
    this.db.prepare(`INSERT INTO meta (key, value) VALUES ('modified', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(now);
  }

  private write(record: NoticeRecord, p: Prepared, options: PutOptions): NoticeSummary {
    const at = (options.now ?? new Date()).toISOString();
    const old = this.db.prepare('SELECT rowid, published_at, group_id FROM notices WHERE id = ?').get(record.id) as { rowid: number; published_at: string; group_id: string } | undefined;
    const s = summarize(record, options.publishedAt ?? old?.published_at ?? at, at);
    const c = filterColumns(s);
    const f = p.features;
    const values = [JSON.stringify(s), record.text, c.level, c.region, c.year, c.issuers, c.marking, c.sortAt, c.lastDeadline, c.dated ? 1 : 0, s.publishedAt, s.modifiedAt, f.kind, f.docKey, f.titleKey, f.matchKey, JSON.stringify(f)];
    if (old) {
      this.db.prepare('DELETE FROM notices_fts WHERE rowid = ?').run(old.rowid);
      this.db.prepare('DELETE FROM notice_bands WHERE id = ?').run(record.id);
      this.db.prepare('DELETE FROM notice_edges WHERE id = ?').run(record.id);
      this.db
        .prepare('UPDATE notices SET summary = ?, body = ?, level = ?, region = ?, year = ?, issuers = ?, marking = ?, sort_at = ?, last_deadline = ?, dated = ?, published_at = ?, modified_at = ?, kind = ?, doc_key = ?, title_key = ?, match_key = ?, features = ? WHERE rowid = ?')
        .run(...values, old.rowid);
    } else {
      this.db
        .prepare('INSERT INTO notices (summary, body, level, region, year, issuers, marking, sort_at, last_deadline, dated, published_at, modified_at, kind, doc_key, title_key, match_key, features, id, group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(...values, record.id, record.id);
    }
    const band = this.db.prepare('INSERT INTO notice_bands (id, band, doc_key) VALUES (?, ?, ?)');
    for (const b of p.bands) band.run(record.id, b, f.docKey);
    const edge = this.db.prepare('INSERT INTO notice_edges (id, relation, doc_key, title_key) VALUES (?, ?, ?, ?)');
    for (const e of p.edges) edge.run(record.id, e.relation, e.docKey, e.titleKey);
    const self: Member & { groupId: string | null } = { id: record.id, features: f, text: record.text, publishedAt: s.publishedAt, groupId: old?.group_id ?? null };
    const groups = new Set(this.candidateGroups(record.id, f));
    if (old) groups.add(old.group_id);
    // the record's own index row goes back below, if it represents its group
    this.apply(placed(self, this.members(groups, record.id)), record.id);
    this.bump(at);
    return s;
  }

  /** Groups holding a record that may be a copy of one with these features: same 文号, same title+issuers+date, or a shared LSH band. */
  private candidateGroups(id: string, f: CopyFeatures): string[] {
    if (f.kind === 'form') return [];
    const keyed = this.db
      .prepare(`SELECT DISTINCT group_id AS g FROM notices WHERE kind = 'notice' AND id != ? AND (doc_key = ? OR match_key = ?)`)
      .all(id, f.docKey, f.matchKey) as Array<{ g: string }>;
    const bands = bandsOf(f.minhash);
    const inBands = `b.band IN (${bands.map(() => '?').join(', ')})`;
    // a record with a 文号 meets only those with the same one or none: two index ranges, not a scan of the band
    const banded = !bands.length
      ? []
      : (this.db
          .prepare(
            `SELECT DISTINCT n.group_id AS g FROM notices n WHERE n.id != ? AND n.kind = 'notice' AND n.id IN (${
              f.docKey === null ? `SELECT b.id FROM notice_bands b WHERE ${inBands}` : `SELECT b.id FROM notice_bands b WHERE ${inBands} AND b.doc_key IS NULL UNION SELECT b.id FROM notice_bands b WHERE ${inBands} AND b.doc_key = ?`
            })`,
          )
          .all(id, ...bands, ...(f.docKey === null ? [] : [...bands, f.docKey])) as Array<{ g: string }>);
    return [...keyed, ...banded].map((r) => r.g);
  }

  /** The records of these groups but `except`, as grouping sees them. */
  private members(groups: ReadonlySet<string>, except: string): Array<Member & { groupId: string }> {
    if (groups.size === 0) return [];
    const rows = this.db
      .prepare(`SELECT id, features, body, published_at, group_id FROM notices WHERE group_id IN (${[...groups].map(() => '?').join(', ')}) AND id != ?`)
      .all(...groups, except) as Array<{ id: string; features: string | null; body: string; published_at: string; group_id: string }>;
    return rows.map((r) => memberOf(r));
  }

  /** Writes the new groups; a record that comes to represent its group enters the full-text index, one that stops leaves it. */
  private apply(changes: readonly Change[], written: string | null): void {
    const setGroup = this.db.prepare('UPDATE notices SET group_id = ? WHERE id = ?');
    for (const ch of changes) {
      if (ch.from !== ch.to) setGroup.run(ch.to, ch.id);
      const was = ch.id !== written && ch.from === ch.id;
      const is = ch.to === ch.id;
      if (was === is) continue;
      const row = this.db.prepare('SELECT rowid, summary, body FROM notices WHERE id = ?').get(ch.id) as { rowid: number; summary: string; body: string };
      if (was) this.db.prepare('DELETE FROM notices_fts WHERE rowid = ?').run(row.rowid);
      else this.index(row.rowid, { ...parseSummary(row.summary), text: row.body });
    }
  }

  private index(rowid: number | bigint, r: Parameters<typeof fieldTokens>[0]): void {
    const t = fieldTokens(r);
    this.db.prepare('INSERT INTO notices_fts (rowid, title, doc_number, themes, issuers, body) VALUES (?, ?, ?, ?, ?, ?)').run(rowid, t.title.join(' '), t.docNumber.join(' '), t.themes.join(' '), t.issuers.join(' '), t.body.join(' '));
  }

  async put(record: NoticeRecord, options: PutOptions = {}): Promise<NoticeSummary> {
    // shingles and MinHash outside the transaction: other writers need not wait for them
    const p = prepared(record);
    const summary = this.db.transaction(() => this.write(record, p, options)).immediate();
    this.analyzeIfGrown();
    return summary;
  }

  async putMany(records: ReadonlyArray<{ record: NoticeRecord; options?: PutOptions }>): Promise<void> {
    const ps = records.map(({ record }) => prepared(record));
    this.db.transaction(() => {
      records.forEach(({ record, options }, i) => this.write(record, ps[i] as Prepared, options ?? {}));
    }).immediate();
    // a rebuild writes in batches like this one: the statistics keep up with it
    this.analyzeIfGrown();
  }

  async remove(id: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        const old = this.db.prepare('SELECT rowid, group_id FROM notices WHERE id = ?').get(id) as { rowid: number; group_id: string } | undefined;
        if (!old) return false;
        if (old.group_id === id) this.db.prepare('DELETE FROM notices_fts WHERE rowid = ?').run(old.rowid);
        this.db.prepare('DELETE FROM notices WHERE rowid = ?').run(old.rowid);
        this.db.prepare('DELETE FROM notice_bands WHERE id = ?').run(id);
        this.db.prepare('DELETE FROM notice_edges WHERE id = ?').run(id);
        // the copies left may no longer be one notice's (the removed one joined them), and need a representative
        this.apply(removed(this.members(new Set([old.group_id]), id)), null);
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
    // counted up to COUNTED_MAX, as a search is (an issuer filter is a LIKE over every row)
    const total = (this.db.prepare(countedSql(`SELECT 1 FROM notices n ${w.sql}`)).get(...w.params) as { n: number }).n;
    const rows = this.db.prepare(`SELECT summary FROM notices n ${w.sql} ORDER BY n.sort_at DESC, n.id LIMIT ? OFFSET ?`).all(...w.params, paging.pageSize, offset(paging)) as Array<{ summary: string }>;
    return { ...counted(total), page: paging.page, pageSize: paging.pageSize, items: rows.map((r) => ({ ...parseSummary(r.summary), score: null })) };
  }

  async search(query: string, filters: SearchFilters, paging: Paging): Promise<HitPage> {
    const tokens = queryTokens(query);
    if (tokens.length === 0) return this.list(filters, paging);
    const filtered = where(filters);
    const narrowed = filtered.params.length > 0;
    let total = 0;
    let rows: Array<{ summary: string; body: string; score: number }> = [];
    for (const how of passes(tokens)) {
      const match = ftsQuery(tokens, how);
      // Ranked inside FTS5 (its `rank` column) and only the page's rowids joined to the notices, so
      // no match carries its summary and text through the sort; and at most RANKED_MAX matches are
      // scored (query.ts); matches are counted up to COUNTED_MAX.
      // Only representatives are in the full-text index: without filters, no join is needed.
      const ranked = narrowed
        ? `SELECT rid, rank FROM (SELECT f.rowid AS rid, f.rank AS rank FROM notices_fts f JOIN notices n ON n.rowid = f.rowid ${filtered.sql} AND notices_fts MATCH ? AND f.rank MATCH ? ORDER BY f.rowid DESC LIMIT ${RANKED_MAX}) ORDER BY rank LIMIT ? OFFSET ?`
        : `SELECT rid, rank FROM (SELECT rowid AS rid, rank FROM notices_fts WHERE notices_fts MATCH ? AND rank MATCH ? ORDER BY rowid DESC LIMIT ${RANKED_MAX}) ORDER BY rank LIMIT ? OFFSET ?`;
      const matches = narrowed
        ? `SELECT 1 FROM notices_fts f JOIN notices n ON n.rowid = f.rowid ${filtered.sql} AND notices_fts MATCH ?`
        : 'SELECT 1 FROM notices_fts WHERE notices_fts MATCH ?';
      total = (this.db.prepare(countedSql(matches)).get(...filtered.params, match) as { n: number }).n;
      if (total === 0) continue;
      rows = this.db
        .prepare(`SELECT n.summary, n.body, -r.rank AS score FROM (${ranked}) r JOIN notices n ON n.rowid = r.rid ORDER BY r.rank, n.sort_at DESC, n.id`)
        .all(...filtered.params, match, RANK, paging.pageSize, offset(paging)) as typeof rows;
      break;
    }
    const items: Hit[] = rows.map((r) => ({ ...parseSummary(r.summary), score: r.score, snippet: snippet(r.body, tokens) }));
    return { ...counted(total), page: paging.page, pageSize: paging.pageSize, items };
  }

  async feed(policy: PublishPolicy, paging: Paging): Promise<{ items: NoticeSummary[]; more: boolean }> {
    const w = where({}, [markingIn(policy)]);
    // one row past the page says whether another follows
    const rows = this.db.prepare(`SELECT summary FROM notices n ${w.sql} ORDER BY n.sort_at DESC, n.id LIMIT ? OFFSET ?`).all(...w.params, paging.pageSize + 1, offset(paging)) as Array<{ summary: string }>;
    return { items: rows.slice(0, paging.pageSize).map((r) => parseSummary(r.summary)), more: rows.length > paging.pageSize };
  }

  async dated(policy: PublishPolicy, limit: number): Promise<NoticeSummary[]> {
    const w = where({}, [markingIn(policy), { sql: 'n.dated = 1', params: [] }]);
    const rows = this.db.prepare(`SELECT summary FROM notices n ${w.sql} ORDER BY n.sort_at DESC, n.id LIMIT ?`).all(...w.params, limit) as Array<{ summary: string }>;
    return rows.map((r) => parseSummary(r.summary));
  }

  async group(id: string): Promise<NoticeSummary[]> {
    const rows = this.db
      .prepare('SELECT summary FROM notices WHERE group_id = (SELECT group_id FROM notices WHERE id = ?) ORDER BY (id = group_id) DESC, published_at, id')
      .all(id) as Array<{ summary: string }>;
    return rows.map((r) => parseSummary(r.summary));
  }

  async groups(ids: readonly string[]): Promise<Map<string, NoticeSummary[]>> {
    const out = new Map<string, NoticeSummary[]>();
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare(`SELECT group_id, summary FROM notices WHERE group_id IN (${ids.map(() => '?').join(', ')}) ORDER BY (id = group_id) DESC, published_at, id`)
      .all(...ids) as Array<{ group_id: string; summary: string }>;
    for (const r of rows) out.set(r.group_id, [...(out.get(r.group_id) ?? []), parseSummary(r.summary)]);
    return out;
  }

  async links(id: string): Promise<{ cites: LinkedRow[]; citedBy: LinkedRow[] }> {
    const g = (this.db.prepare('SELECT group_id FROM notices WHERE id = ?').get(id) as { group_id: string } | undefined)?.group_id;
    if (!g) return { cites: [], citedBy: [] };
    // An edge resolves by 文号 or by title, each through its own index (a UNION, not an OR join);
    // the other end is named by its group, whose representative is listed.
    const resolve = (mine: 's' | 't'): string => {
      const other = mine === 's' ? 't' : 's';
      return (['doc_key', 'title_key'] as const)
        .map((k) => `SELECT e.relation, '${k === 'doc_key' ? 'docNumber' : 'title'}' AS by, ${other}.group_id AS g FROM notices s JOIN notice_edges e ON e.id = s.id JOIN notices t ON t.${k} = e.${k} AND t.kind = 'notice' WHERE ${mine}.group_id = ? AND ${other}.group_id != ?`)
        .join(' UNION ');
    };
    const rows = (sql: string): LinkedRow[] => {
      const found = this.db.prepare(sql).all(g, g, g, g) as Array<{ relation: LinkedRow['relation']; by: LinkedRow['by']; g: string }>;
      const reps = this.summaries([...new Set(found.map((r) => r.g))]);
      return found.flatMap((r) => {
        const summary = reps.get(r.g);
        return summary ? [{ relation: r.relation, by: r.by, summary }] : [];
      });
    };
    return { cites: rows(resolve('s')), citedBy: rows(resolve('t')) };
  }

  private summaries(ids: readonly string[]): Map<string, NoticeSummary> {
    if (ids.length === 0) return new Map();
    const rows = this.db.prepare(`SELECT summary FROM notices WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids) as Array<{ summary: string }>;
    return new Map(rows.map((r) => parseSummary(r.summary)).map((s) => [s.id, s]));
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
