/**
 * A data folder made before copies were grouped (SQLite schema 1: no group columns, no band or
 * edge tables) opens with this version: its rows are served at once, each a group of one, and the
 * next publisher rebuilds the store from out/records, which groups the copies.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeRecord } from '../../src/record/schema.js';
import { openPublisher } from '../../src/sinks/index.js';
import { sqliteFile, SqliteDriver } from '../../src/store/index.js';
import { SCHEMA_1 } from '../../src/store/sqlite.js';
import { fieldTokens, filterColumns, summarize } from '../../src/store/summary.js';
import { TOKENIZER_VERSION } from '../../src/store/tokenize.js';
import { seedRecords, tempConfig, variant } from '../sinks/fixtures.js';

/** A store as schema 1 wrote it (as shipped at f5983c9: no group columns, summaries without kind). */
function writeSchema1(file: string, records: readonly NoticeRecord[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.exec(SCHEMA_1);
  const at = '2026-01-01T00:00:00.000Z';
  for (const r of records) {
    const s = summarize(r, at, at);
    delete s.kind; // schema-1 summaries had no kind
    const c = filterColumns(s);
    const rowid = db
      .prepare('INSERT INTO notices (id, summary, body, level, region, year, issuers, marking, sort_at, last_deadline, dated, published_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.id, JSON.stringify(s), r.text, c.level, c.region, c.year, c.issuers, c.marking, c.sortAt, c.lastDeadline, c.dated ? 1 : 0, at, at).lastInsertRowid;
    const t = fieldTokens(r);
    db.prepare('INSERT INTO notices_fts (rowid, title, doc_number, themes, issuers, body) VALUES (?, ?, ?, ?, ?, ?)').run(rowid, t.title.join(' '), t.docNumber.join(' '), t.themes.join(' '), t.issuers.join(' '), t.body.join(' '));
  }
  db.prepare(`INSERT INTO meta (key, value) VALUES ('generation', ?), ('tokenizer', ?)`).run(String(records.length), TOKENIZER_VERSION);
  db.close();
}

describe('a schema-1 SQLite store', () => {
  const config = tempConfig();
  const file = sqliteFile(config);
  let records: NoticeRecord[];

  beforeAll(async () => {
    const seeds = await seedRecords();
    const s003 = seeds.get('003') as NoticeRecord;
    // the .txt and a PDF copy of 003 (same 文号), and 004
    records = [s003, variant(s003, 'ffff0000000e0001', { source: { ...s003.source, format: 'pdf', fileName: '003.pdf' } }), seeds.get('004') as NoticeRecord];
    writeSchema1(file, records);
    mkdirSync(config.layout.records, { recursive: true });
    for (const r of records) writeFileSync(join(config.layout.records, `${r.id}.json`), `${JSON.stringify(r, null, 2)}\n`);
  }, 120_000);

  afterAll(() => rmSync(config.layout.data, { recursive: true, force: true }));

  it('opens migrated: every row served as a group of one, searchable, and the tokenizer version forgotten', async () => {
    const d = SqliteDriver.open(file);
    try {
      expect(Number(new Database(file, { readonly: true }).pragma('user_version', { simple: true }))).toBe(2);
      expect((await d.list({}, { page: 1, pageSize: 10 })).total).toBe(3);
      expect((await d.search('国科发才〔2024〕31号', {}, { page: 1, pageSize: 10 })).total).toBe(2);
      expect(await d.group(records[1]?.id ?? '')).toHaveLength(1);
      expect(await d.tokenizerVersion()).toBeNull();
    } finally {
      await d.close();
    }
    // a second open finds it current and changes nothing
    const again = SqliteDriver.open(file);
    expect(await again.count()).toBe(3);
    await again.close();
  });

  it('is rebuilt by the next publisher, which groups the copies', async () => {
    const pub = await openPublisher(config);
    try {
      const d = pub.store.driver;
      expect(await d.tokenizerVersion()).toBe(TOKENIZER_VERSION);
      expect(await d.count()).toBe(3);
      expect((await d.list({}, { page: 1, pageSize: 10 })).total).toBe(2);
      expect((await d.group(records[1]?.id ?? '')).map((s) => s.id).sort()).toEqual([records[0]?.id, records[1]?.id].sort());
      expect((await d.search('国科发才〔2024〕31号', {}, { page: 1, pageSize: 10 })).total).toBe(1);
    } finally {
      await pub.close();
    }
  });
});
