/**
 * @module sinks/publisher
 * One stored record in → search index and `feed.json` updated. The intake calls `publish` once
 * per stored record. Writes are serialised within the process: records published while a write
 * is under way are applied together in the next one (a backlog costs one index write per batch,
 * not per record). Publishing an id again replaces it. Both files are replaced atomically, and
 * the index on disk is reloaded first if another process (say `tongzhi reindex`) rewrote it.
 */
import { readdir, stat } from 'node:fs/promises';
import type pino from 'pino';
import type { ServiceConfig } from '../config.js';
import type { NoticeRecord } from '../record/schema.js';
import { writeFileAtomic } from './atomic.js';
import { rebuildIndex, saveIndex, type SearchIndex } from './search-index.js';
import { NoticeStore } from './store.js';

export interface Publisher {
  /** Adds or replaces the record in the search index and the feed (idempotent per id). */
  publish(record: NoticeRecord): Promise<void>;
  /** Waits for pending writes; later publish calls reject. */
  close(): Promise<void>;
}

/** The publisher `openPublisher` makes: also exposes the read side it keeps current. */
export interface StorePublisher extends Publisher {
  /** pass it to `startServer` when the API runs in the same process */
  readonly store: NoticeStore;
}

/** Writes `<out>/feed.json` (the first page; `next_url` points at the API's later pages). */
export async function writeFeed(store: NoticeStore): Promise<void> {
  const feed = await store.feed(1);
  await writeFileAtomic(store.config.layout.feed, `${JSON.stringify(feed, null, 1)}\n`);
}

/** Saves `index`, makes `store` serve it and rewrites the feed. */
async function commit(store: NoticeStore, index: SearchIndex): Promise<void> {
  await saveIndex(index, store.config.layout.index);
  await store.adopt(index);
  await writeFeed(store);
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

const hasRecords = (dir: string): Promise<boolean> =>
  readdir(dir).then(
    (names) => names.some((n) => /^[0-9a-f]{16}\.json$/.test(n)),
    () => false,
  );

/** Rebuilds the index and the feed from `out/records` (`tongzhi reindex`). */
export async function rebuildOutputs(config: ServiceConfig, logger?: pino.Logger): Promise<{ documents: number; ms: number }> {
  const t0 = performance.now();
  const store = await NoticeStore.open(config, logger);
  const index = await rebuildIndex(config.layout.records, store.status().state === 'ok' ? store.index : null, (bad) => store.noteInvalid(bad));
  await commit(store, index);
  const ms = Math.round(performance.now() - t0);
  logger?.info({ documents: index.size, ms }, 'index and feed rebuilt from records');
  return { documents: index.size, ms };
}

interface Pending {
  record: NoticeRecord;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export async function openPublisher(config: ServiceConfig, logger?: pino.Logger): Promise<StorePublisher> {
  const store = await NoticeStore.open(config, logger);
  // No index yet but records exist (first start after an upgrade, or a deleted index): rebuild.
  if (store.status().state !== 'ok' && (await hasRecords(config.layout.records))) {
    await rebuildOutputs(config, logger);
    await store.refresh();
  }
  let pending: Pending[] = [];
  let running: Promise<void> | null = null;
  let closed = false;

  const schedule = (): void => {
    running ??= flush().finally(() => {
      running = null;
      // Records queued after the loop's last look but before `running` was cleared.
      if (pending.length > 0) schedule();
    });
  };

  const flush = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await store.refresh();
        const index = store.index;
        for (const { record } of batch) {
          const path = store.recordPath(record.id);
          // The worker normally stored it already; a record published directly is stored here.
          if (!(await exists(path))) await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
          index.upsert(record);
        }
        await commit(store, index);
        logger?.info({ ids: batch.map((p) => p.record.id), documents: index.size }, 'published');
        for (const p of batch) p.resolve();
      } catch (e) {
        logger?.error({ err: e instanceof Error ? e.message : String(e) }, 'publish failed');
        // The in-memory index may hold the batch although the disk does not: reload from disk.
        store.invalidate();
        await store.refresh().catch(() => undefined);
        for (const p of batch) p.reject(e);
      }
    }
  };

  return {
    store,
    publish(record) {
      if (closed) return Promise.reject(new Error('publisher is closed'));
      try {
        store.recordPath(record.id);
      } catch (e) {
        return Promise.reject(e);
      }
      return new Promise<void>((resolve, reject) => {
        pending.push({ record, resolve, reject });
        schedule();
      });
    },
    async close() {
      closed = true;
      while (running) await running;
    },
  };
}
