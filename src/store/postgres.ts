/**
 * @module store/postgres
 * The shared store, for many API replicas and workers on many machines: records as `jsonb`, the
 * filters as indexed columns, and search as a `tsvector` of the pre-segmented tokens of
 * sinks/tokenize.ts (built from tongzhi's tokens directly, never through a text-search parser,
 * so the 'simple' configuration's lexemes are exactly the index's tokens), under a GIN index.
 * Fields are weighted A (title, 文号), B (themes), C (issuers), D (body) and ranked by ts_rank.
 * Each write is one transaction; concurrent writers serialise on an advisory lock while they
 * group copies (store/copies.ts: two copies written at once by two processes must meet).
 * Representatives (`group_id = id`) are what listings, the feed, the calendar and search show.
 */
import pg from 'pg';
import type { PublishPolicy } from './publication.js';
import type { NoticeRecord } from '../record/schema.js';
import { bandsOf, type CopyFeatures, type Member } from './copies.js';
import { GROUP_SCHEMA_VERSION, memberOf, placed, prepared, removed, type Change, type Prepared } from './grouping.js';
import { counted, countedSql, passes, queryTokens, RANKED_MAX, snippet, type Combine } from './query.js';
import { fieldTokens, filterColumns, filterIndexes, likeContains, publishedMarkings, summarize, type Field } from './summary.js';
import type { Hit, HitPage, LinkedRow, NoticeSummary, Paging, PutOptions, SearchFilters, StoreDriver, StoreGeneration, StoredVersion } from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tongzhi_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS tongzhi_notices (
  id text PRIMARY KEY,
  record jsonb NOT NULL,
  summary jsonb NOT NULL,
  level text, region text, year integer, issuers text NOT NULL, marking text,
  sort_at bigint NOT NULL, last_deadline text, dated boolean NOT NULL,
  published_at text NOT NULL, modified_at text NOT NULL,
  tokens tsvector NOT NULL
);
CREATE INDEX IF NOT EXISTS tongzhi_notices_tokens ON tongzhi_notices USING gin (tokens);
${filterIndexes('tongzhi_notices')}
ALTER TABLE tongzhi_notices
  ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'notice',
  ADD COLUMN IF NOT EXISTS group_id text,
  ADD COLUMN IF NOT EXISTS doc_key text,
  ADD COLUMN IF NOT EXISTS title_key text,
  ADD COLUMN IF NOT EXISTS match_key text,
  ADD COLUMN IF NOT EXISTS features jsonb;
CREATE INDEX IF NOT EXISTS tongzhi_notices_group ON tongzhi_notices (group_id, id);
CREATE INDEX IF NOT EXISTS tongzhi_notices_reps ON tongzhi_notices (sort_at DESC, id) WHERE group_id = id;
CREATE INDEX IF NOT EXISTS tongzhi_notices_doc_key ON tongzhi_notices (doc_key);
CREATE INDEX IF NOT EXISTS tongzhi_notices_title_key ON tongzhi_notices (title_key);
CREATE INDEX IF NOT EXISTS tongzhi_notices_match_key ON tongzhi_notices (match_key);
CREATE TABLE IF NOT EXISTS tongzhi_bands (id text NOT NULL, band text NOT NULL, doc_key text);
CREATE INDEX IF NOT EXISTS tongzhi_bands_band ON tongzhi_bands (band, doc_key);
CREATE INDEX IF NOT EXISTS tongzhi_bands_id ON tongzhi_bands (id);
CREATE TABLE IF NOT EXISTS tongzhi_edges (id text NOT NULL, relation text NOT NULL, doc_key text, title_key text);
CREATE INDEX IF NOT EXISTS tongzhi_edges_id ON tongzhi_edges (id);
CREATE INDEX IF NOT EXISTS tongzhi_edges_doc_key ON tongzhi_edges (doc_key);
CREATE INDEX IF NOT EXISTS tongzhi_edges_title_key ON tongzhi_edges (title_key);
`;

/**
 * A store of an earlier schema: its rows become groups of one and the tokenizer version is
 * forgotten, so the next publisher rebuilds it from out/records (grouping reads what the rows lack).
 */
const GROUPS_MIGRATION = `
UPDATE tongzhi_notices SET group_id = id WHERE group_id IS NULL;
DELETE FROM tongzhi_meta WHERE key = 'tokenizer' AND EXISTS (SELECT 1 FROM tongzhi_notices);
INSERT INTO tongzhi_meta (key, value) VALUES ('schema', '${GROUP_SCHEMA_VERSION}') ON CONFLICT (key) DO UPDATE SET value = excluded.value;
`;

/** Serialises the writers while they group copies. */
const GROUP_LOCK = 7217002;
const REP = 'group_id = id';

/** ts_rank's weights, in its order {D, C, B, A}: body 1, issuers 2, themes 3, title and 文号 6 (sinks' BOOSTS, scaled to 1). */
const RANK_WEIGHTS = '{0.1667, 0.3333, 0.5, 1.0}';
/** 1: divided by 1 + log(length), so a long notice does not win by its length */
const RANK_NORMALIZATION = 1;
const WEIGHT_OF: Record<Field, string> = { title: 'A', docNumber: 'A', themes: 'B', issuers: 'C', body: 'D' };
/** PostgreSQL keeps at most 256 positions per lexeme and none past 16383. */
const MAX_POSITIONS = 256;
const MAX_POSITION = 16383;

const quoteLexeme = (t: string): string => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The tsvector literal of a record's tokens: each lexeme with its positions and its field's
 * weight (a lexeme in the title and the body keeps both weights at their positions).
 */
export function tsvectorLiteral(tokens: Record<Field, string[]>): string {
  const positions = new Map<string, string[]>();
  let pos = 1;
  for (const field of Object.keys(WEIGHT_OF) as Field[]) {
    const w = WEIGHT_OF[field];
    for (const t of tokens[field]) {
      const list = positions.get(t) ?? [];
      if (list.length < MAX_POSITIONS) list.push(`${Math.min(pos, MAX_POSITION)}${w}`);
      positions.set(t, list);
      pos += 1;
    }
  }
  return [...positions].map(([t, ps]) => `${quoteLexeme(t)}:${ps.join(',')}`).join(' ');
}

const tsqueryLiteral = (tokens: readonly string[], how: Combine): string => tokens.map(quoteLexeme).join(how === 'and' ? ' & ' : ' | ');

/** jsonb refuses \u0000 in strings: a NUL left in a text is dropped from the stored copy. */
const jsonb = (v: unknown): string => JSON.stringify(v).replace(/\\u0000/g, '');

interface Where {
  sql: string;
  params: unknown[];
}

/** REP, in a form the planner does not match to the partial indexes' predicate (search, above). */
const SEARCH_REP = '(group_id = id) IS TRUE';

function where(f: SearchFilters, extra: string[] = [], params: unknown[] = [], rep = REP): Where {
  const parts: string[] = [];
  const ps = [...params];
  const p = (v: unknown): string => {
    ps.push(v);
    return `$${ps.length}`;
  };
  if (f.level) parts.push(`level = ${p(f.level)}`);
  if (f.region) parts.push(`region = ${p(f.region)}`);
  if (f.issuer) parts.push(`issuers LIKE ${p(likeContains(f.issuer))}`);
  if (f.year !== undefined) parts.push(`year = ${p(f.year)}`);
  if (f.deadlineAfter) parts.push(`last_deadline >= ${p(f.deadlineAfter)}`);
  parts.push(...extra, rep);
  return { sql: `WHERE ${parts.join(' AND ')}`, params: ps };
}

function markingSql(policy: PublishPolicy): string {
  const ms = publishedMarkings(policy);
  const named = ms.filter((m) => m !== null).map((m) => `'${m}'`);
  const alts = [...(named.length ? [`marking IN (${named.join(', ')})`] : []), ...(ms.includes(null) ? ['marking IS NULL'] : [])];
  return `(${alts.join(' OR ') || 'false'})`;
}

/** A connection URL without its password, for logs and /health. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

const offset = (p: Paging): number => (p.page - 1) * p.pageSize;

export class PostgresDriver implements StoreDriver {
  readonly kind = 'postgres';
  readonly location: string;

  private constructor(private readonly pool: pg.Pool, url: string) {
    this.location = redactUrl(url);
  }

  static async open(url: string): Promise<PostgresDriver> {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    // an idle client losing its connection (a restarted server) must not crash the process
    pool.on('error', () => undefined);
    const d = new PostgresDriver(pool, url);
    const current = async (c: pg.Pool | pg.PoolClient): Promise<boolean> => {
      // to_regclass: a missing table is null, not an error (which would abort the transaction)
      const exists = await c.query<{ t: boolean }>(`SELECT to_regclass('tongzhi_meta') IS NOT NULL AS t`);
      if (!exists.rows[0]?.t) return false;
      const r = await c.query<{ value: string }>(`SELECT value FROM tongzhi_meta WHERE key = 'schema'`);
      return Number(r.rows[0]?.value ?? 0) >= GROUP_SCHEMA_VERSION;
    };
    try {
      // The DDL (ALTER TABLE locks the table whole) runs only on a store of an earlier schema: a
      // process opening the store while another writes must not queue a lock behind that writer.
      // One schema creation at a time when several processes start together.
      if (!(await current(pool))) {
        await d.tx(async (c) => {
          await c.query('SELECT pg_advisory_xact_lock(7217001)');
          if (await current(c)) return;
          await c.query(SCHEMA);
          await c.query(GROUPS_MIGRATION);
        });
      }
    } catch (e) {
      await pool.end();
      throw e;
    }
    return d;
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  private async bump(c: pg.PoolClient, now: string): Promise<void> {
    await c.query(
      `INSERT INTO tongzhi_meta (key, value) VALUES ('generation', '1'), ('modified', $1)
       ON CONFLICT (key) DO UPDATE SET value = CASE WHEN tongzhi_meta.key = 'generation' THEN (tongzhi_meta.value::bigint + 1)::text ELSE excluded.value END`,
      [now],
    );
  }

  private async write(c: pg.PoolClient, record: NoticeRecord, p: Prepared, options: PutOptions): Promise<NoticeSummary> {
    const at = (options.now ?? new Date()).toISOString();
    await c.query(`SELECT pg_advisory_xact_lock(${GROUP_LOCK})`);
    const old = await c.query<{ published_at: string; group_id: string }>('SELECT published_at, group_id FROM tongzhi_notices WHERE id = $1', [record.id]);
    const was = old.rows[0];
    const s = summarize(record, options.publishedAt ?? was?.published_at ?? at, at);
    const col = filterColumns(s);
    const f = p.features;
    await c.query(
      `INSERT INTO tongzhi_notices (id, record, summary, level, region, year, issuers, marking, sort_at, last_deadline, dated, published_at, modified_at, tokens, kind, doc_key, title_key, match_key, features, group_id)
       VALUES ($1, $2::jsonb, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::tsvector, $15, $16, $17, $18, $19::jsonb, $1)
       ON CONFLICT (id) DO UPDATE SET record = excluded.record, summary = excluded.summary, level = excluded.level, region = excluded.region,
         year = excluded.year, issuers = excluded.issuers, marking = excluded.marking, sort_at = excluded.sort_at, last_deadline = excluded.last_deadline,
         dated = excluded.dated, published_at = excluded.published_at, modified_at = excluded.modified_at, tokens = excluded.tokens,
         kind = excluded.kind, doc_key = excluded.doc_key, title_key = excluded.title_key, match_key = excluded.match_key, features = excluded.features`,
      [record.id, jsonb(record), jsonb(s), col.level, col.region, col.year, col.issuers, col.marking, col.sortAt, col.lastDeadline, col.dated, s.publishedAt, s.modifiedAt, tsvectorLiteral(fieldTokens(record)), f.kind, f.docKey, f.titleKey, f.matchKey, jsonb(f)],
    );
    await c.query('DELETE FROM tongzhi_bands WHERE id = $1', [record.id]);
    await c.query('DELETE FROM tongzhi_edges WHERE id = $1', [record.id]);
    if (p.bands.length) await c.query('INSERT INTO tongzhi_bands (id, band, doc_key) SELECT $1, unnest($2::text[]), $3', [record.id, p.bands, f.docKey]);
    if (p.edges.length) {
      await c.query('INSERT INTO tongzhi_edges (id, relation, doc_key, title_key) SELECT $1, unnest($2::text[]), unnest($3::text[]), unnest($4::text[])', [
        record.id,
        p.edges.map((e) => e.relation),
        p.edges.map((e) => e.docKey),
        p.edges.map((e) => e.titleKey),
      ]);
    }
    const self: Member & { groupId: string | null } = { id: record.id, features: f, text: record.text, publishedAt: s.publishedAt, groupId: was?.group_id ?? null };
    const groups = new Set(await this.candidateGroups(c, record.id, f));
    if (was) groups.add(was.group_id);
    await this.apply(c, placed(self, await this.members(c, groups, record.id)));
    await this.bump(c, at);
    return s;
  }

  /** Groups holding a record that may be a copy of one with these features: same 文号, same title+issuers+date, or a shared LSH band. */
  private async candidateGroups(c: pg.PoolClient, id: string, f: CopyFeatures): Promise<string[]> {
    if (f.kind === 'form') return [];
    const keyed = await c.query<{ g: string }>(`SELECT DISTINCT group_id AS g FROM tongzhi_notices WHERE kind = 'notice' AND id != $1 AND (doc_key = $2 OR match_key = $3)`, [id, f.docKey, f.matchKey]);
    const bands = bandsOf(f.minhash);
    const banded = bands.length
      ? await c.query<{ g: string }>(
          `SELECT DISTINCT n.group_id AS g FROM tongzhi_bands b JOIN tongzhi_notices n ON n.id = b.id WHERE b.band = ANY($1::text[]) AND (b.doc_key IS NULL OR $2::text IS NULL OR b.doc_key = $2) AND b.id != $3`,
          [bands, f.docKey, id],
        )
      : { rows: [] };
    return [...keyed.rows, ...banded.rows].map((r) => r.g);
  }

  private async members(c: pg.PoolClient, groups: ReadonlySet<string>, except: string): Promise<Array<Member & { groupId: string }>> {
    if (groups.size === 0) return [];
    const r = await c.query<{ id: string; features: CopyFeatures | null; body: string; published_at: string; group_id: string }>(
      `SELECT id, features, record->>'text' AS body, published_at, group_id FROM tongzhi_notices WHERE group_id = ANY($1::text[]) AND id != $2`,
      [[...groups], except],
    );
    return r.rows.map((row) => memberOf(row));
  }

  private async apply(c: pg.PoolClient, changes: readonly Change[]): Promise<void> {
    for (const ch of changes) if (ch.from !== ch.to) await c.query('UPDATE tongzhi_notices SET group_id = $1 WHERE id = $2', [ch.to, ch.id]);
  }

  async put(record: NoticeRecord, options: PutOptions = {}): Promise<NoticeSummary> {
    const p = prepared(record);
    const s = await this.tx((c) => this.write(c, record, p, options));
    await this.analyzeIfChanged();
    return s;
  }

  async putMany(records: ReadonlyArray<{ record: NoticeRecord; options?: PutOptions }>): Promise<void> {
    const ps = records.map(({ record }) => prepared(record));
    await this.tx(async (c) => {
      for (const [i, { record, options }] of records.entries()) await this.write(c, record, ps[i] as Prepared, options ?? {});
    });
    await this.analyzeIfChanged();
  }

  /**
   * Statistics made again once half the table has changed since they were last made (the rule of
   * autovacuum, which may be off, and never runs within a bulk load such as a reindex). Without
   * them the feed's page sorted every published notice (205 ms at 100,000); with them 0.6 ms.
   */
  private async analyzeIfChanged(): Promise<void> {
    try {
      const r = await this.pool.query<{ live: string; changed: string }>(`SELECT n_live_tup AS live, n_mod_since_analyze AS changed FROM pg_stat_user_tables WHERE relid = 'tongzhi_notices'::regclass`);
      const live = Number(r.rows[0]?.live ?? 0);
      const changed = Number(r.rows[0]?.changed ?? 0);
      if (changed >= 1000 && changed >= live / 2) await this.pool.query('ANALYZE tongzhi_notices');
    } catch {
      // statistics only speed queries up: the write before them is committed, and a statement
      // timeout or a lost connection here must not fail it (the next write tries again)
    }
  }

  remove(id: string): Promise<boolean> {
    return this.tx(async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(${GROUP_LOCK})`);
      const r = await c.query<{ group_id: string }>('DELETE FROM tongzhi_notices WHERE id = $1 RETURNING group_id', [id]);
      const gone = r.rows[0];
      if (!gone) return false;
      await c.query('DELETE FROM tongzhi_bands WHERE id = $1', [id]);
      await c.query('DELETE FROM tongzhi_edges WHERE id = $1', [id]);
      // the copies left may no longer be one notice's (the removed one joined them), and need a representative
      await this.apply(c, removed(await this.members(c, new Set([gone.group_id]), id)));
      await this.bump(c, new Date().toISOString());
      return true;
    });
  }

  async get(id: string): Promise<NoticeSummary | null> {
    const r = await this.pool.query<{ summary: NoticeSummary }>('SELECT summary FROM tongzhi_notices WHERE id = $1', [id]);
    return r.rows[0]?.summary ?? null;
  }

  async list(filters: SearchFilters, paging: Paging): Promise<HitPage> {
    const w = where(filters);
    const n = w.params.length;
    // counted up to COUNTED_MAX, as a search is: PostgreSQL counts by reading rows
    const count = await this.pool.query<{ n: string }>(countedSql(`SELECT 1 FROM tongzhi_notices ${w.sql}`), w.params);
    const total = Number(count.rows[0]?.n ?? 0);
    const rows = await this.pool.query<{ summary: NoticeSummary }>(`SELECT summary FROM tongzhi_notices ${w.sql} ORDER BY sort_at DESC, id LIMIT $${n + 1} OFFSET $${n + 2}`, [...w.params, paging.pageSize, offset(paging)]);
    return { ...counted(total), page: paging.page, pageSize: paging.pageSize, items: rows.rows.map((r) => ({ ...r.summary, score: null })) };
  }

  async search(query: string, filters: SearchFilters, paging: Paging): Promise<HitPage> {
    const tokens = queryTokens(query);
    if (tokens.length === 0) return this.list(filters, paging);
    return this.tx(async (c) => {
      // Matches come from the GIN index, never from a walk of rows that tests each one's tsvector:
      // that detoasts every row (2 s for a query of common words at 100,000 once the planner has
      // statistics, which make the listing-order index look cheap). Index and sequential scans
      // are priced out for this transaction, and the representative test is written so that no
      // partial index (all are `WHERE group_id = id`) can stand in for the GIN one.
      await c.query('SET LOCAL enable_seqscan = off');
      await c.query('SET LOCAL enable_indexscan = off');
      return this.searchIn(c, tokens, filters, paging);
    });
  }

  private async searchIn(c: pg.PoolClient, tokens: string[], filters: SearchFilters, paging: Paging): Promise<HitPage> {
    let total = 0;
    let items: Hit[] = [];
    for (const how of passes(tokens)) {
      // $1 selects (every token, or any); the last but two ranks: ts_rank of an AND query measures how close
      // the words stand and ignores the field weights, of an OR query it sums each word's weighted,
      // saturating frequency, which is what ranks a title hit over a body mention.
      const w = where(filters, ['tokens @@ $1::tsquery'], [tsqueryLiteral(tokens, how)], SEARCH_REP);
      const n = w.params.length;
      const count = await c.query<{ n: string }>(countedSql(`SELECT 1 FROM tongzhi_notices ${w.sql}`), w.params);
      total = Number(count.rows[0]?.n ?? 0);
      if (total === 0) continue;
      // At most RANKED_MAX matches (the newest) are ranked, and only the page's rows fetch their
      // summary and text: ranking detoasts each candidate's tsvector, the record is read 20 times.
      const rows = await c.query<{ summary: NoticeSummary; text: string; score: number }>(
        `WITH c AS (SELECT id, sort_at, tokens FROM tongzhi_notices ${w.sql} ORDER BY sort_at DESC, id LIMIT ${RANKED_MAX}),
              r AS (SELECT id, sort_at, ts_rank('${RANK_WEIGHTS}', tokens, $${n + 1}::tsquery, ${RANK_NORMALIZATION}) AS score FROM c
                    ORDER BY score DESC, sort_at DESC, id LIMIT $${n + 2} OFFSET $${n + 3})
         SELECT t.summary, t.record->>'text' AS text, r.score FROM r JOIN tongzhi_notices t ON t.id = r.id ORDER BY r.score DESC, r.sort_at DESC, r.id`,
        [...w.params, tsqueryLiteral(tokens, 'or'), paging.pageSize, offset(paging)],
      );
      items = rows.rows.map((r) => ({ ...r.summary, score: r.score, snippet: snippet(r.text, tokens) }));
      break;
    }
    return { ...counted(total), page: paging.page, pageSize: paging.pageSize, items };
  }

  async feed(policy: PublishPolicy, paging: Paging): Promise<{ items: NoticeSummary[]; more: boolean }> {
    const w = where({}, [markingSql(policy)]);
    const n = w.params.length;
    // one row past the page says whether another follows
    const rows = await this.pool.query<{ summary: NoticeSummary }>(`SELECT summary FROM tongzhi_notices ${w.sql} ORDER BY sort_at DESC, id LIMIT $${n + 1} OFFSET $${n + 2}`, [...w.params, paging.pageSize + 1, offset(paging)]);
    return { items: rows.rows.slice(0, paging.pageSize).map((r) => r.summary), more: rows.rows.length > paging.pageSize };
  }

  async dated(policy: PublishPolicy, limit: number): Promise<NoticeSummary[]> {
    const r = await this.pool.query<{ summary: NoticeSummary }>(`SELECT summary FROM tongzhi_notices WHERE dated AND ${markingSql(policy)} AND ${REP} ORDER BY sort_at DESC, id LIMIT $1`, [limit]);
    return r.rows.map((x) => x.summary);
  }

  async group(id: string): Promise<NoticeSummary[]> {
    const r = await this.pool.query<{ summary: NoticeSummary }>(
      'SELECT summary FROM tongzhi_notices WHERE group_id = (SELECT group_id FROM tongzhi_notices WHERE id = $1) ORDER BY (id = group_id) DESC, published_at, id',
      [id],
    );
    return r.rows.map((x) => x.summary);
  }

  async groups(ids: readonly string[]): Promise<Map<string, NoticeSummary[]>> {
    const out = new Map<string, NoticeSummary[]>();
    if (ids.length === 0) return out;
    const r = await this.pool.query<{ group_id: string; summary: NoticeSummary }>(
      'SELECT group_id, summary FROM tongzhi_notices WHERE group_id = ANY($1::text[]) ORDER BY (id = group_id) DESC, published_at, id',
      [[...ids]],
    );
    for (const x of r.rows) out.set(x.group_id, [...(out.get(x.group_id) ?? []), x.summary]);
    return out;
  }

  async links(id: string): Promise<{ cites: LinkedRow[]; citedBy: LinkedRow[] }> {
    const g = (await this.pool.query<{ group_id: string }>('SELECT group_id FROM tongzhi_notices WHERE id = $1', [id])).rows[0]?.group_id;
    if (!g) return { cites: [], citedBy: [] };
    // by 文号 or by title, each through its own index; the other end is named by its group
    const resolve = (mine: 's' | 't'): string => {
      const other = mine === 's' ? 't' : 's';
      return (['doc_key', 'title_key'] as const)
        .map((k) => `SELECT e.relation, '${k === 'doc_key' ? 'docNumber' : 'title'}' AS by, ${other}.group_id AS g FROM tongzhi_notices s JOIN tongzhi_edges e ON e.id = s.id JOIN tongzhi_notices t ON t.${k} = e.${k} AND t.kind = 'notice' WHERE ${mine}.group_id = $1 AND ${other}.group_id != $1`)
        .join(' UNION ');
    };
    const rows = async (sql: string): Promise<LinkedRow[]> => {
      const found = (await this.pool.query<{ relation: LinkedRow['relation']; by: LinkedRow['by']; g: string }>(sql, [g])).rows;
      const reps = await this.pool.query<{ summary: NoticeSummary }>('SELECT summary FROM tongzhi_notices WHERE id = ANY($1::text[])', [[...new Set(found.map((r) => r.g))]]);
      const byId = new Map(reps.rows.map((x) => [x.summary.id, x.summary]));
      return found.flatMap((r) => {
        const summary = byId.get(r.g);
        return summary ? [{ relation: r.relation, by: r.by, summary }] : [];
      });
    };
    return { cites: await rows(resolve('s')), citedBy: await rows(resolve('t')) };
  }

  async count(): Promise<number> {
    const r = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM tongzhi_notices');
    return Number(r.rows[0]?.n ?? 0);
  }

  async versions(): Promise<StoredVersion[]> {
    const r = await this.pool.query<{ id: string; published_at: string; modified_at: string }>('SELECT id, published_at, modified_at FROM tongzhi_notices ORDER BY id');
    return r.rows.map((x) => ({ id: x.id, publishedAt: x.published_at, modifiedAt: x.modified_at }));
  }

  private async meta(key: string): Promise<string | null> {
    const r = await this.pool.query<{ value: string }>('SELECT value FROM tongzhi_meta WHERE key = $1', [key]);
    return r.rows[0]?.value ?? null;
  }

  async generation(): Promise<StoreGeneration> {
    const r = await this.pool.query<{ key: string; value: string }>(`SELECT key, value FROM tongzhi_meta WHERE key IN ('generation', 'modified')`);
    const get = (k: string): string | null => r.rows.find((x) => x.key === k)?.value ?? null;
    return { generation: Number(get('generation') ?? 0), modified: get('modified') };
  }

  tokenizerVersion(): Promise<string | null> {
    return this.meta('tokenizer');
  }

  async setTokenizerVersion(version: string): Promise<void> {
    await this.pool.query(`INSERT INTO tongzhi_meta (key, value) VALUES ('tokenizer', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [version]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
