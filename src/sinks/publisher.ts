/**
 * @module sinks/publisher
 * One stored record in → the notice store and `feed.json` updated. The intake calls `publish`
 * once per stored record; each record is one transaction of the store (store/: SQLite by default,
 * PostgreSQL when configured), so several processes publish at once without a lock file and no
 * file is rewritten whole but feed.json (its first page, some 50 items). Publishing an id again
 * replaces it. Within a process, records published while feed.json is being written are written
 * to the store one by one and then share one feed.json write.
 *
 * At open, the store is reconciled with `out/records` (the source of truth): records stored while
 * no publisher ran (workers finishing while the watcher was down, a crash between storing and
 * publishing) are published, records rewritten since they were indexed are published again, and
 * entries whose record file is gone are removed. A store built with another tokenizer version
 * (sinks/tokenize.ts) is rebuilt from out/records instead.
 */
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type pino from 'pino';
import type { ServiceConfig } from '../config.js';
import type { NoticeRecord } from '../record/schema.js';
import { checkRecord, eachRecord, recordIds } from '../store/records.js';
import type { PutOptions, StoreDriver } from '../store/types.js';
import { writeFileAtomic } from './atomic.js';
import { NotRegularFile, readRegularFile } from '../store/regular-file.js';
import { corrected } from './overrides-store.js';
import { NoticeStore } from './store.js';
import { TOKENIZER_VERSION } from '../store/tokenize.js';

export interface Publisher {
  /** Adds or replaces the record in the store and the feed (idempotent per id). */
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
  /** a store driver already open (else the configured one is opened, and closed with the publisher) */
  driver?: StoreDriver;
}

/** the MiniSearch index file and its lock file of versions before the store */
const LEGACY_INDEX_FILES = ['notices.json', 'notices.lock'];

/** feed.json written again when another process wrote the store meanwhile: at most this many times */
const FEED_TRIES = 5;

/**
 * Writes `<out>/feed.json` (the first page; `next_url` points at the API's later pages). When
 * another process wrote the store while the page was made, it is made again: whichever process
 * writes last writes what the store holds.
 */
export async function writeFeed(store: NoticeStore): Promise<void> {
  for (let i = 0; i < FEED_TRIES; i++) {
    const before = (await store.driver.generation()).generation;
    const feed = await store.feed(1);
    await writeFileAtomic(store.config.layout.feed, `${JSON.stringify(feed, null, 1)}\n`);
    if ((await store.driver.generation()).generation === before) return;
  }
}

export interface Reconciled {
  /** records that were not in the store */
  added: number;
  /** records whose file is newer than their stored version */
  updated: number;
  /** store entries whose record file is gone */
  removed: number;
  /** record files that are not valid records (left as they are, see /health) */
  invalid: number;
}

/**
 * Brings the store in line with `out/records`: every record file whose id the store lacks, or
 * whose mtime is after the stored version's `modifiedAt`, is (re)published with its mtime as the
 * publication time; entries without a record file are removed.
 */
async function reconcile(store: NoticeStore): Promise<Reconciled> {
  const dir = store.config.layout.records;
  const out: Reconciled = { added: 0, updated: 0, removed: 0, invalid: 0 };
  const stored = new Map((await store.driver.versions()).map((v) => [v.id, v]));
  const onDisk = new Set<string>();
  for (const id of await recordIds(dir)) {
    const path = join(dir, `${id}.json`);
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(path)).mtimeMs;
    } catch {
      continue; // gone since the listing
    }
    onDisk.add(id);
    const indexed = stored.get(id);
    // Stored versions carry the publication time (after the file was stored) or, rebuilt, the
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
    await store.driver.put(corrected(store.config.layout, checked.record), { now: new Date(fileMs) });
    if (indexed) out.updated += 1;
    else out.added += 1;
  }
  for (const id of stored.keys()) {
    if (!onDisk.has(id) && (await store.driver.remove(id))) out.removed += 1;
  }
  return out;
}

/** records per transaction of a rebuild: big enough to be fast, short enough not to keep other writers waiting */
const REBUILD_BATCH = 200;

/**
 * Every record of `out/records` written to the store again (with today's tokenizer), and entries
 * without a record file removed. Ingest times already stored are kept; others come from the record
 * files' mtimes. The store keeps serving meanwhile: nothing is emptied first.
 */
async function rebuild(store: NoticeStore): Promise<number> {
  const stored = new Map((await store.driver.versions()).map((v) => [v.id, v]));
  const seen = new Set<string>();
  let batch: Array<{ record: NoticeRecord; options: PutOptions }> = [];
  for await (const { record, mtime } of eachRecord(store.config.layout.records, (bad) => store.noteInvalid(bad))) {
    const old = stored.get(record.id);
    seen.add(record.id);
    batch.push({ record: corrected(store.config.layout, record), options: { now: old ? new Date(old.modifiedAt) : mtime, publishedAt: old?.publishedAt ?? mtime.toISOString() } });
    if (batch.length >= REBUILD_BATCH) {
      await store.driver.putMany(batch);
      batch = [];
    }
  }
  if (batch.length) await store.driver.putMany(batch);
  for (const id of stored.keys()) if (!seen.has(id)) await store.driver.remove(id);
  await store.driver.setTokenizerVersion(TOKENIZER_VERSION);
  return seen.size;
}

/** Rebuilds the store and the feed from `out/records` (`tongzhi reindex`). */
export async function rebuildOutputs(config: ServiceConfig, logger?: pino.Logger, options: PublisherOptions = {}): Promise<{ documents: number; ms: number }> {
  const t0 = performance.now();
  const store = await NoticeStore.open(config, logger, options.driver ? { driver: options.driver } : {});
  try {
    const documents = await rebuild(store);
    await writeFeed(store);
    const ms = Math.round(performance.now() - t0);
    logger?.info({ documents, ms }, 'index and feed rebuilt from records');
    return { documents, ms };
  } finally {
    await store.close();
  }
}

interface Pending {
  record: NoticeRecord;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

export async function openPublisher(config: ServiceConfig, logger?: pino.Logger, options: PublisherOptions = {}): Promise<StorePublisher> {
  const store = await NoticeStore.open(config, logger, options.driver ? { driver: options.driver } : {});
  const t0 = performance.now();
  const built = await store.driver.tokenizerVersion();
  if (built !== TOKENIZER_VERSION) {
    // A new store (first start, an upgrade from the JSON index, a deleted file) or one made with
    // other tokens: queries would miss what it holds. Rebuild it from the records.
    const documents = await rebuild(store);
    // What the JSON index of earlier versions left in out/index: the store replaces both.
    for (const legacy of LEGACY_INDEX_FILES) await rm(join(config.layout.index, legacy), { force: true });
    if (documents > 0 || built !== null) {
      await writeFeed(store);
      logger?.info({ documents, ms: Math.round(performance.now() - t0), tokenizer: TOKENIZER_VERSION, was: built }, 'index and feed rebuilt from records');
    }
  } else {
    const done = await reconcile(store);
    if (done.added + done.updated + done.removed > 0) await writeFeed(store);
    logger?.info({ reconciled: done.added + done.updated + done.removed, ...done, ms: Math.round(performance.now() - t0) }, 'index reconciled with out/records');
  }
  await store.sync();

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
      const stored: Pending[] = [];
      for (const p of batch) {
        try {
          const path = store.recordPath(p.record.id);
          // The worker normally stored it already; a record published directly is stored here.
          if (!(await exists(path))) await writeFileAtomic(path, `${JSON.stringify(p.record, null, 2)}\n`);
          await store.driver.put(corrected(store.config.layout, p.record));
          stored.push(p);
        } catch (e) {
          // The record is in out/records: the next publisher to open reconciles it.
          logger?.error({ id: p.record.id, err: e instanceof Error ? e.message : String(e) }, 'publish failed');
          p.reject(e);
        }
      }
      if (stored.length === 0) continue;
      try {
        await writeFeed(store);
        await store.sync();
        logger?.info({ ids: stored.map((p) => p.record.id), documents: store.status().documents }, 'published');
        for (const p of stored) p.resolve();
      } catch (e) {
        logger?.error({ err: e instanceof Error ? e.message : String(e) }, 'feed.json not written');
        for (const p of stored) p.reject(e);
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
      await store.close();
    },
  };
}
