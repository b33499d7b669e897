/**
 * The publisher the intake calls once per stored record: idempotent per id, one store transaction
 * per record, feed.json replaced atomically, and a second reader (another process's view, here a
 * second NoticeStore over the same folder) sees each write. The store drivers themselves are
 * tested by test/store (conformance suite).
 */
import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { rm } from 'node:fs/promises';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { command as reindex } from '../../src/cli/reindex.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { NoticeStore, openPublisher, readRecords, rebuildOutputs, TOKENIZER_VERSION } from '../../src/sinks/index.js';
import { sqliteFile, SqliteDriver } from '../../src/store/index.js';
import { seedRecords, tempConfig, variant } from './fixtures.js';

let seeds: Map<string, NoticeRecord>;

beforeAll(async () => {
  seeds = await seedRecords();
}, 60_000);

describe('publisher', () => {
  it('publishes concurrently without losing a record, and again by id without duplicating it', async () => {
    const config = tempConfig();
    const reader = await NoticeStore.open(config);
    expect(reader.status().state).toBe('missing');
    const pub = await openPublisher(config);
    await Promise.all([...seeds.values()].map((r) => pub.publish(r)));
    await pub.publish(seeds.get('000') as NoticeRecord);
    expect(pub.store.status().documents).toBe(5);

    // What another process sees: the files on disk.
    await reader.refresh();
    expect(reader.status()).toMatchObject({ state: 'ok', documents: 5 });
    expect(readdirSync(config.layout.records).sort()).toEqual([...seeds.values()].map((r) => `${r.id}.json`).sort());
    const feed = JSON.parse(readFileSync(config.layout.feed, 'utf8')) as { version: string; items: Array<{ id: string }> };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items.map((i) => i.id).sort()).toEqual([...seeds.values()].map((r) => r.id).sort());
    expect(readdirSync(config.layout.index).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // A changed record under the same id replaces the old one everywhere.
    const changed = { ...(seeds.get('001') as NoticeRecord), title: '淄博市 2023 科技活动周（更正）' };
    await pub.publish(changed);
    await reader.refresh();
    expect(reader.status().documents).toBe(5);
    expect((await reader.summary(changed.id))?.title).toBe(changed.title);
    await pub.close();
    await expect(pub.publish(changed)).rejects.toThrow(/closed/);
  });

  it('keeps notices not for publication out of feed.json but in the index', async () => {
    const config = tempConfig();
    const pub = await openPublisher(config);
    const base = seeds.get('003') as NoticeRecord;
    await pub.publish(variant(base, 'ffff000000000001', { disclosure: 'not_public' }));
    await pub.publish(variant(base, 'ffff000000000002', { secrecy: '秘密' }));
    await pub.publish(base);
    await pub.close();
    const feed = JSON.parse(readFileSync(config.layout.feed, 'utf8')) as { items: Array<{ id: string }> };
    expect(feed.items.map((i) => i.id)).toEqual([base.id]);
    expect(await (await NoticeStore.open(config)).driver.count()).toBe(3);
  });

  it('rebuilds index and feed from out/records, and a new publisher starts from them', async () => {
    const config = tempConfig();
    const first = await openPublisher(config);
    for (const r of seeds.values()) await first.publish(r);
    await first.close();
    await rm(config.layout.index, { recursive: true });
    await rm(config.layout.feed);
    // The store is gone: opening a publisher rebuilds it from the records.
    const second = await openPublisher(config);
    expect(second.store.status().documents).toBe(5);
    await second.close();
    expect((await rebuildOutputs(config)).documents).toBe(5);
    expect(JSON.parse(readFileSync(config.layout.feed, 'utf8')).items).toHaveLength(5);
    // `tongzhi reindex` does the same and says so on stdout.
    await rm(config.layout.index, { recursive: true });
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
    try {
      expect(await reindex.run(['--data', config.layout.data])).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(JSON.parse(printed.join(''))).toMatchObject({ documents: 5, index: config.layout.index, store: sqliteFile(config) });
    expect((await NoticeStore.open(config)).status().documents).toBe(5);
  });

  it('checks record files against the record schema: garbage and older versions are skipped, not cast', async () => {
    const config = tempConfig();
    const pub = await openPublisher(config);
    for (const r of seeds.values()) await pub.publish(r);
    const [a, b] = [...seeds.values()] as [NoticeRecord, NoticeRecord];
    writeFileSync(pub.store.recordPath(a.id), '{"broken": ');
    writeFileSync(pub.store.recordPath(b.id), JSON.stringify({ ...b, schemaVersion: '0.1.0', deadlines: 'soon' }));
    // The next publish rewrites feed.json: it goes through without the two.
    const extra = variant(seeds.get('003') as NoticeRecord, 'ffff0000000000d1', { docNumber: '国科发才〔2099〕1号' });
    await pub.publish(extra);
    const feed = JSON.parse(readFileSync(config.layout.feed, 'utf8')) as { items: Array<{ id: string }> };
    expect(feed.items.map((i) => i.id).sort()).toEqual([...seeds.values()].slice(2).map((r) => r.id).concat(extra.id).sort());
    expect(pub.store.invalidRecords().map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    await pub.close();
    // `tongzhi reindex` and `export --format es-bulk` read the folder the same way.
    expect((await rebuildOutputs(config)).documents).toBe(4);
    const skipped: string[] = [];
    expect((await readRecords(config.layout.records, (bad) => skipped.push(bad.id))).length).toBe(4);
    expect(skipped.sort()).toEqual([a.id, b.id].sort());
  });

  it('reconciles the index with out/records at open: records stored while no publisher ran are published, rewritten ones again, gone ones removed', async () => {
    const config = tempConfig();
    const [s0, s1, s2, s3, s4] = [...seeds.values()] as [NoticeRecord, NoticeRecord, NoticeRecord, NoticeRecord, NoticeRecord];
    const first = await openPublisher(config);
    for (const r of [s0, s1, s2]) await first.publish(r);
    await first.close();
    // While no publisher runs: workers store two records, one is rewritten, one is deleted.
    writeFileSync(join(config.layout.records, `${s3.id}.json`), JSON.stringify(s3));
    writeFileSync(join(config.layout.records, `${s4.id}.json`), JSON.stringify(s4));
    const rewritten = join(config.layout.records, `${s0.id}.json`);
    writeFileSync(rewritten, JSON.stringify({ ...s0, title: '重写后的标题 quintessential' }));
    const later = new Date(Date.now() + 5000);
    utimesSync(rewritten, later, later);
    rmSync(join(config.layout.records, `${s1.id}.json`));

    const logs: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _e, done) => done(void logs.push(...chunk.toString().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>))) }));
    const second = await openPublisher(config, logger);
    await second.close();
    expect(logs.find((l) => l['msg'] === 'index reconciled with out/records')).toMatchObject({ reconciled: 4, added: 2, updated: 1, removed: 1, invalid: 0 });

    // What another process sees on disk.
    const reader = await NoticeStore.open(config);
    expect((await reader.driver.versions()).map((n) => n.id)).toEqual([s0, s2, s3, s4].map((r) => r.id).sort());
    expect((await reader.search('quintessential')).items.map((h) => h.id)).toEqual([s0.id]);
    for (const r of [s3, s4]) expect((await reader.search(r.title ?? '', {}, { page: 1, pageSize: 3 })).items.map((h) => h.id), r.id).toContain(r.id);
    const feed = JSON.parse(readFileSync(config.layout.feed, 'utf8')) as { items: Array<{ id: string; title: string }> };
    expect(feed.items.map((i) => i.id).sort()).toEqual([s0, s2, s3, s4].map((r) => r.id).sort());
    expect(feed.items.find((i) => i.id === s0.id)?.title).toBe('重写后的标题 quintessential');
    // Reconciled once: the next open finds nothing to do.
    logs.length = 0;
    await (await openPublisher(config, logger)).close();
    expect(logs.find((l) => l['msg'] === 'index reconciled with out/records')).toMatchObject({ reconciled: 0 });
  });

  it('two publishers on one out/ (say `tongzhi start` and `tongzhi ingest DIR`) do not overwrite each other', async () => {
    const config = tempConfig();
    const [a, b] = await Promise.all([openPublisher(config), openPublisher(config)]);
    const base = [...seeds.values()];
    const make = (prefix: string, n: number): NoticeRecord[] =>
      // each its own notice (its own 文号): copies of one would be one feed item
      Array.from({ length: n }, (_, i) => variant(base[i % base.length] as NoticeRecord, `${prefix}${String(i).padStart(12, '0')}`, { docNumber: `测试${prefix}发〔2099〕${i}号` }));
    const fromA = make('aaaa', 12);
    const fromB = make('bbbb', 12);
    // One at a time each, both at once: every write of one lands between the other's reads and writes.
    const run = async (pub: typeof a, records: NoticeRecord[]): Promise<void> => {
      for (const r of records) await pub.publish(r);
    };
    await Promise.all([run(a, fromA), run(b, fromB)]);
    await Promise.all([a.close(), b.close()]);
    const onDisk = await NoticeStore.open(config);
    const want = [...fromA, ...fromB].map((r) => r.id).sort();
    expect((await onDisk.driver.versions()).map((n) => n.id)).toEqual(want);
    const feed = JSON.parse(readFileSync(config.layout.feed, 'utf8')) as { items: Array<{ id: string }> };
    expect(feed.items.map((i) => i.id).sort()).toEqual(want);
    // no lock file, no JSON index: the SQLite file and its WAL
    expect(readdirSync(config.layout.index).filter((f) => !f.startsWith('notices.sqlite'))).toEqual([]);
  });

  it('rebuilds a store made with another tokenizer version from out/records when it opens', async () => {
    const config = tempConfig();
    const pub = await openPublisher(config);
    for (const r of [...seeds.values()].slice(0, 2)) await pub.publish(r);
    await pub.close();
    const driver = SqliteDriver.open(sqliteFile(config));
    expect(await driver.tokenizerVersion()).toBe(TOKENIZER_VERSION);
    await driver.setTokenizerVersion('tongzhi-tokens/0 older-dictionary');
    // the JSON index and lock file of versions before the store: removed by the rebuild
    writeFileSync(join(config.layout.index, 'notices.json'), '{"format":"tongzhi-index/1"}');
    // an entry the old index holds without a record file: gone after the rebuild
    await driver.put(variant(seeds.get('004') as NoticeRecord, 'ffff0000000000e1', {}));
    await driver.close();
    const logs: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _e, done) => done(void logs.push(...chunk.toString().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>))) }));
    const again = await openPublisher(config, logger);
    expect(logs.find((l) => l['msg'] === 'index and feed rebuilt from records')).toMatchObject({ documents: 2, tokenizer: TOKENIZER_VERSION, was: 'tongzhi-tokens/0 older-dictionary' });
    expect(await again.store.driver.tokenizerVersion()).toBe(TOKENIZER_VERSION);
    expect(readdirSync(config.layout.index).filter((f) => !f.startsWith('notices.sqlite'))).toEqual([]);
    expect((await again.store.driver.versions()).map((v) => v.id)).toEqual([...seeds.values()].slice(0, 2).map((r) => r.id).sort());
    await again.close();
  });

  it('rejects a record whose id is not a notice id (it would become a path)', async () => {
    const pub = await openPublisher(tempConfig());
    await expect(pub.publish(variant(seeds.get('000') as NoticeRecord, '../../etc/passwd', {}))).rejects.toThrow(/not a notice id/);
    await pub.close();
  });
});
