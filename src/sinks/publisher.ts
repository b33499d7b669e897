/**
 * @module sinks/publisher
 * One stored record in → search index and `feed.json` updated. The intake calls `publish` once
 * per stored record. Writes are serialised within the process: records published while a write
 * is under way are applied together in the next one (a backlog costs one index write per batch,
 * not per record). Publishing an id again replaces it. Both files are replaced atomically.
 *
 * Across processes (`tongzhi start` next to `tongzhi ingest DIR`, `tongzhi reindex`, workers),
 * every read → change → save of the index and feed.json happens holding the lock file
 * `<out>/index/notices.lock` (see lock.ts), after reloading the index from disk: no process
 * overwrites another's update.
 *
 * At open, the index is reconciled with `out/records`: records stored while no publisher ran
 * (workers finishing while the watcher was down, a crash between storing and publishing) are
 * published, records rewritten since they were indexed are published again, and entries whose
 * record file is gone are removed.
 */
import { readdir, stat } from 'node:fs/promises';
import { NotRegularFile, readRegularFile } from './regular-file.js';
import { join } from 'node:path';
import type pino from 'pino';
import type { ServiceConfig } from '../config.js';
import type { NoticeRecord } from '../record/schema.js';
import { writeFileAtomic } from './atomic.js';
import { withLock, type LockOptions } from './lock.js';
import { corrected, overrideIds } from './overrides-store.js';
import { checkRecord, isNoticeId, rebuildIndex, saveIndex, type SearchIndex } from './search-index.js';
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

export interface PublisherOptions {
  /** waiting for and breaking the index lock (defaults: wait 60 s, stale after 30 s) */
  lock?: Omit<LockOptions, 'logger'>;
}

export const LOCK_FILE = 'notices.lock';
/** The lock every writer of the index and feed.json holds. */
export const indexLockFile = (config: ServiceConfig): string => join(config.layout.index, LOCK_FILE);

/** Writes `<out>/feed.json` (the first page; `next_url` points at the API's later pages). */
export async function writeFeed(store: NoticeStore): Promise<void> {
  const feed = await store.feed(1);
  await writeFileAtomic(store.config.layout.feed, `${JSON.stringify(feed, null, 1)}\n`);
}

/** Lays the stored corrections over the records of a freshly rebuilt index (read through the store, which applies them). */
async function correctRebuilt(index: SearchIndex, store: NoticeStore): Promise<void> {
  for (const id of await overrideIds(store.config.layout)) {
    const indexed = index.get(id);
    const record = indexed ? await store.record(id) : null;
    if (indexed && record) index.upsert(record, new Date(indexed.modifiedAt), indexed.publishedAt);
  }
}

/** Saves `index`, makes `store` serve it and rewrites the feed. Hold the index lock. */
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

export interface Reconciled {
  /** records that were not in the index */
  added: number;
  /** records whose file is newer than their indexed version */
  updated: number;
  /** index entries whose record file is gone */
  removed: number;
  /** record files that are not valid records (left as they are, see /health) */
  invalid: number;
}

/**
 * Brings `index` in line with `out/records` (changes it in place): every record file whose id
 * the index lacks, or whose mtime is after the indexed version's `modifiedAt`, is (re)indexed
 * with its mtime as the publication time; entries without a record file are removed.
 */
async function reconcile(index: SearchIndex, store: NoticeStore): Promise<Reconciled> {
  const dir = store.config.layout.records;
  const out: Reconciled = { added: 0, updated: 0, removed: 0, invalid: 0 };
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    names = [];
  }
  const onDisk = new Set<string>();
  for (const name of names.sort()) {
    const id = name.replace(/\.json$/, '');
    if (!name.endsWith('.json') || !isNoticeId(id)) continue;
    const path = join(dir, name);
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(path)).mtimeMs;
    } catch {
      continue; // gone since the listing
    }
    onDisk.add(id);
    const indexed = index.get(id);
    // Indexed versions carry the publication time (after the file was stored) or, rebuilt, the
    // file's mtime in whole milliseconds: a later mtime is a file written since.
    const fileMs = Math.floor(mtimeMs);
    if (indexed && fileMs <= Date.parse(indexed.modifiedAt)) continue;
    let text: string;
    try {
      text = (await readRegularFile(path)).text;
    } catch (e) {
      onDisk.delete(id);
      if (e instanceof NotRegularFile) {
        store.noteInvalid({ id, error: e.message, mtimeMs });
        out.invalid += 1;
      }
      continue;
    }
    const checked = checkRecord(text, id);
    if (!checked.ok) {
      store.noteInvalid({ id, error: checked.error, mtimeMs });
      out.invalid += 1;
      continue;
    }
    index.upsert(corrected(store.config.layout, checked.record), new Date(fileMs));
    if (indexed) out.updated += 1;
    else out.added += 1;
  }
  for (const s of index.all()) {
    if (!onDisk.has(s.id) && index.remove(s.id)) out.removed += 1;
  }
  return out;
}

/** Rebuilds the index and the feed from `out/records` (`tongzhi reindex`). */
export async function rebuildOutputs(config: ServiceConfig, logger?: pino.Logger, options: PublisherOptions = {}): Promise<{ documents: number; ms: number }> {
  const t0 = performance.now();
  const store = await NoticeStore.open(config, logger);
  // Reading every record takes long on a big folder: it is done without the lock, and what other
  // processes published meanwhile is reconciled into the new index holding it.
  const index = await rebuildIndex(config.layout.records, store.status().state === 'ok' ? store.index : null, (bad) => store.noteInvalid(bad));
  await withLock(
    indexLockFile(config),
    async () => {
      await reconcile(index, store);
      await correctRebuilt(index, store);
      await commit(store, index);
    },
    { ...options.lock, logger },
  );
  const ms = Math.round(performance.now() - t0);
  logger?.info({ documents: index.size, ms }, 'index and feed rebuilt from records');
  return { documents: index.size, ms };
}

interface Pending {
  record: NoticeRecord;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export async function openPublisher(config: ServiceConfig, logger?: pino.Logger, options: PublisherOptions = {}): Promise<StorePublisher> {
  const store = await NoticeStore.open(config, logger);
  const lockPath = indexLockFile(config);
  const lockOptions: LockOptions = { ...options.lock, ...(logger ? { logger } : {}) };

  await withLock(
    lockPath,
    async () => {
      await store.sync();
      if (store.status().state !== 'ok') {
        // No index yet but records exist (first start after an upgrade, or a deleted index): rebuild.
        if (!(await hasRecords(config.layout.records))) return;
        const t0 = performance.now();
        const index = await rebuildIndex(config.layout.records, null, (bad) => store.noteInvalid(bad));
        await correctRebuilt(index, store);
        await commit(store, index);
        logger?.info({ documents: index.size, ms: Math.round(performance.now() - t0) }, 'index and feed rebuilt from records');
        return;
      }
      const t0 = performance.now();
      const index = store.index;
      const done = await reconcile(index, store);
      if (done.added + done.updated + done.removed > 0) await commit(store, index);
      logger?.info(
        { reconciled: done.added + done.updated + done.removed, ...done, documents: index.size, ms: Math.round(performance.now() - t0) },
        'index reconciled with out/records',
      );
    },
    lockOptions,
  );

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
        const size = await withLock(
          lockPath,
          async () => {
            // Another process may have written the index since we last looked: start from the disk.
            await store.sync();
            const index = store.index;
            for (const { record } of batch) {
              const path = store.recordPath(record.id);
              // The worker normally stored it already; a record published directly is stored here.
              if (!(await exists(path))) await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
              index.upsert(corrected(store.config.layout, record));
            }
            await commit(store, index);
            return index.size;
          },
          lockOptions,
        );
        logger?.info({ ids: batch.map((p) => p.record.id), documents: size }, 'published');
        for (const p of batch) p.resolve();
      } catch (e) {
        logger?.error({ err: e instanceof Error ? e.message : String(e) }, 'publish failed');
        // The in-memory index may hold the batch although the disk does not: reload from disk.
        // The records are in out/records: the next publisher to open reconciles them.
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
