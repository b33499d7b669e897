/**
 * The publisher the intake calls once per stored record: idempotent per id, writes batched and
 * serialised, index and feed.json replaced atomically, and a second reader (another process's
 * view, here a second NoticeStore over the same folder) sees each write.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { command as reindex } from '../../src/cli/reindex.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { NoticeStore, openPublisher, readRecords, rebuildOutputs } from '../../src/sinks/index.js';
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
    expect(pub.store.index.size).toBe(5);

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
    expect(reader.index.size).toBe(5);
    expect(reader.index.get(changed.id)?.title).toBe(changed.title);
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
    expect(pub.store.index.size).toBe(3);
  });

  it('rebuilds index and feed from out/records, and a new publisher starts from them', async () => {
    const config = tempConfig();
    const first = await openPublisher(config);
    for (const r of seeds.values()) await first.publish(r);
    await first.close();
    await rm(config.layout.index, { recursive: true });
    await rm(config.layout.feed);
    // The index is gone: opening a publisher rebuilds it from the records.
    const second = await openPublisher(config);
    expect(second.store.index.size).toBe(5);
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
    expect(JSON.parse(printed.join(''))).toMatchObject({ documents: 5, index: config.layout.index });
    expect((await NoticeStore.open(config)).index.size).toBe(5);
  });

  it('checks record files against the record schema: garbage and older versions are skipped, not cast', async () => {
    const config = tempConfig();
    const pub = await openPublisher(config);
    for (const r of seeds.values()) await pub.publish(r);
    const [a, b] = [...seeds.values()] as [NoticeRecord, NoticeRecord];
    writeFileSync(pub.store.recordPath(a.id), '{"broken": ');
    writeFileSync(pub.store.recordPath(b.id), JSON.stringify({ ...b, schemaVersion: '0.1.0', deadlines: 'soon' }));
    // The next publish rewrites feed.json: it goes through without the two.
    const extra = variant(seeds.get('003') as NoticeRecord, 'ffff0000000000d1', {});
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

  it('rejects a record whose id is not a notice id (it would become a path)', async () => {
    const pub = await openPublisher(tempConfig());
    await expect(pub.publish(variant(seeds.get('000') as NoticeRecord, '../../etc/passwd', {}))).rejects.toThrow(/not a notice id/);
    await pub.close();
  });
});
