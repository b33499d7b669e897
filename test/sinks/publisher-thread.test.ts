/**
 * `tongzhi start` publishes in a worker thread (sinks/publisher-thread.ts): the store writes and
 * feed.json happen there, and the HTTP API in the main thread answers while a write waits. The
 * wait is made real, not timed: a second connection holds the SQLite write lock, so the
 * publisher's write blocks its thread (busy_timeout) until the test lets go. Were publishing on
 * the main thread, that thread would be blocked too and the API could not answer first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NoticeRecord } from '../../src/record/schema.js';
import { startServer } from '../../src/server/index.js';
import { openThreadPublisher } from '../../src/sinks/publisher-thread.js';
import { sqliteFile } from '../../src/store/index.js';
import { seedRecords, tempConfig } from './fixtures.js';

const KEY = 'test-key-0123456789abcdef';
let seeds: Map<string, NoticeRecord>;

beforeAll(async () => {
  seeds = await seedRecords();
}, 60_000);

const seed = (n: string): NoticeRecord => seeds.get(n) as NoticeRecord;

/** Resolves once `path` exists (polled: the writer is in another thread). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

describe('publisher thread', () => {
  it('writes in another thread; the API answers /search and /notices while a publish waits for the store', async () => {
    const config = tempConfig({ apiKeys: `staff:${KEY}` });
    const pub = await openThreadPublisher(config);
    expect(pub.threadId).not.toBe(threadId);
    await pub.publish(seed('000'));
    expect(pub.store.status().documents).toBe(1);
    const server = await startServer(config, { store: pub.store, publisher: pub, logger: (await import('pino')).default({ level: 'silent' }) });
    const get = async (path: string): Promise<{ status: number; body: string }> => {
      const res = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${KEY}` } });
      return { status: res.status, body: await res.text() };
    };

    const lock = new Database(sqliteFile(config));
    lock.exec('BEGIN IMMEDIATE');
    let settled = false;
    const next = seed('001');
    const publishing = pub.publish(next).finally(() => {
      settled = true;
    });
    // The publisher stores the record file first, then writes the store, where the lock stops it.
    await until(() => existsSync(join(config.layout.records, `${next.id}.json`)));
    const search = await get(`/search?q=${encodeURIComponent('科技')}`);
    const notices = await get('/notices');
    expect(settled).toBe(false);
    expect(search.status).toBe(200);
    expect(notices.status).toBe(200);
    expect(notices.body).toContain(seed('000').id);
    expect(notices.body).not.toContain(next.id);

    lock.exec('COMMIT');
    lock.close();
    await publishing;
    expect(pub.store.status().documents).toBe(2);
    expect((await get('/notices')).body).toContain(next.id);
    const feed = JSON.parse(readFileSync(config.layout.feed, 'utf8')) as { items: Array<{ id: string }> };
    expect(feed.items.map((i) => i.id).sort()).toEqual([seed('000').id, next.id].sort());

    await server.close();
    await pub.close();
    await expect(pub.publish(seed('002'))).rejects.toThrow(/closed/);
  }, 60_000);

  it('rejects a record it cannot publish, and goes on', async () => {
    const config = tempConfig();
    const pub = await openThreadPublisher(config);
    await expect(pub.publish({ ...seed('000'), id: '../escape' })).rejects.toThrow(/not a notice id/);
    await pub.publish(seed('002'));
    expect(pub.store.status().documents).toBe(1);
    await pub.close();
  }, 60_000);
});
