/**
 * @module sinks/publisher-thread
 * The publisher (publisher.ts) in a worker thread of its own, for `tongzhi start`, where the HTTP
 * API shares the process with the ingest: store writes, the store's tokenizing and feed.json
 * are done there, so a dropped file (or a rebuild at start) never holds up an API request. The
 * API reads through its own connection to the store (NoticeStore), which sees each write as it
 * commits (SQLite WAL, or PostgreSQL).
 *
 * One message per record each way; a record is a plain object and crosses as a structured clone.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type pino from 'pino';
import type { ServiceConfig } from '../config.js';
import type { NoticeRecord } from '../record/schema.js';
import type { StorePublisher } from './publisher.js';
import { NoticeStore } from './store.js';

/** What the thread is started with. */
export interface PublisherThreadData {
  config: ServiceConfig;
  /** pino level of the thread's own log (the caller's, or silent) */
  level: string;
}

export type ToPublisherThread = { type: 'publish'; seq: number; record: NoticeRecord } | { type: 'close' };

export type FromPublisherThread =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string }
  | { type: 'published'; seq: number }
  | { type: 'failed'; seq: number; message: string }
  | { type: 'closed' };

export interface ThreadPublisher extends StorePublisher {
  /** the worker thread that writes (never this thread's `threadId`) */
  readonly threadId: number;
}

/** A publish the thread refused or could not finish; the record stays in out/records. */
export class PublishError extends Error {
  constructor(
    readonly id: string,
    readonly reason: string,
  ) {
    super(`publishing ${id} failed: ${reason}`);
    this.name = 'PublishError';
  }
}

/** The compiled thread script: beside this module in dist/, or dist/ of the repo when run from source (tests). */
export function defaultPublisherThreadFile(): string {
  const candidates = ['./publisher-worker.js', '../../dist/src/sinks/publisher-worker.js'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((c) => existsSync(c)) ?? (candidates[0] as string);
}

interface Waiting {
  id: string;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Starts the publisher thread (which opens, rebuilds or reconciles the store, as openPublisher
 * does) and, once it is ready, the read side for the API in this thread.
 */
export async function openThreadPublisher(config: ServiceConfig, logger?: pino.Logger, options: { threadFile?: string } = {}): Promise<ThreadPublisher> {
  const data: PublisherThreadData = { config, level: logger?.level ?? 'silent' };
  const worker = new Worker(options.threadFile ?? defaultPublisherThreadFile(), { workerData: data });
  const waiting = new Map<number, Waiting>();
  let ended: Error | null = null;
  let closing: Promise<void> | null = null;
  let store: NoticeStore | null = null;

  const opened = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: FromPublisherThread) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'open-failed') reject(new Error(`the publisher thread cannot open the store: ${m.message}`));
      else if (m.type === 'published' || m.type === 'failed') {
        const w = waiting.get(m.seq);
        if (!w) return;
        waiting.delete(m.seq);
        if (m.type === 'failed') w.reject(new PublishError(w.id, m.message));
        // The API's view moves on before the caller hears the record is published.
        else void store?.sync().then(w.resolve, w.resolve);
      }
    });
    const end = (e: Error): void => {
      ended ??= e;
      reject(e);
      for (const w of waiting.values()) w.reject(new PublishError(w.id, e.message));
      waiting.clear();
    };
    worker.on('error', (e) => {
      logger?.error({ err: e.message }, 'the publisher thread failed');
      end(e);
    });
    worker.on('exit', (code) => end(new Error(`the publisher thread ended (exit ${code})`)));
  });
  try {
    await opened;
    store = await NoticeStore.open(config, logger);
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  const reader = store;
  let seq = 0;

  return {
    store: reader,
    threadId: worker.threadId,
    publish(record) {
      if (closing) return Promise.reject(new Error('publisher is closed'));
      if (ended) return Promise.reject(new PublishError(record.id, ended.message));
      try {
        reader.recordPath(record.id);
      } catch (e) {
        return Promise.reject(e);
      }
      return new Promise<void>((resolve, reject) => {
        const n = ++seq;
        waiting.set(n, { id: record.id, resolve, reject });
        const message: ToPublisherThread = { type: 'publish', seq: n, record };
        worker.postMessage(message);
      });
    },
    close() {
      closing ??= (async () => {
        if (!ended) {
          // The thread finishes what it was given, closes the store and ends.
          const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
          const message: ToPublisherThread = { type: 'close' };
          worker.postMessage(message);
          await exited;
        }
        await reader.close();
      })();
      return closing;
    },
  };
}
