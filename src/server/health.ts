/**
 * @module server/health
 * `/health`: the notice store's state (driver, location, documents, last write), the record files that are not valid records, and, when Redis is configured, a PING over a short-lived
 * connection. Unhealthy (503) when the store cannot be read (a database that went away), or when Redis was asked for
 * explicitly and does not answer; an unreachable *default* Redis only means the service runs
 * with its in-process queue.
 */
import { Redis } from 'ioredis';
import type { ServiceConfig } from '../config.js';
import type { StoreStatus } from '../sinks/index.js';

export interface RedisHealth {
  url: string;
  ok: boolean;
  ms?: number;
  error?: string;
  /** false: Redis is the default address and not required */
  required: boolean;
}

/** Record files in out/records that are not valid records: skipped by the feed, the API and the index. */
export interface RecordsHealth {
  invalid: number;
  /** the first few, with why */
  files: Array<{ id: string; error: string }>;
}

export interface Health {
  ok: boolean;
  index: StoreStatus;
  records: RecordsHealth;
  redis: RedisHealth | null;
}

const LISTED_INVALID = 20;

const TIMEOUT_MS = 1500;

/** Credentials never appear in /health. */
const redactUrl = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

export async function pingRedis(url: string, required: boolean): Promise<RedisHealth> {
  const t0 = performance.now();
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { url: redactUrl(url), ok: true, ms: Math.round(performance.now() - t0), required };
  } catch (e) {
    return { url: redactUrl(url), ok: false, error: e instanceof Error ? e.message : String(e), required };
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/**
 * `invalid`: the record files known not to be valid records. They make a warning, not an
 * unhealthy service: every other notice is served.
 */
export async function health(config: ServiceConfig, index: StoreStatus, invalid: ReadonlyArray<{ id: string; error: string }> = []): Promise<Health> {
  const redis = config.queueMode === 'inprocess' ? null : await pingRedis(config.redisUrl, config.redisExplicit || config.queueMode === 'redis');
  const ok = index.state !== 'error' && (redis === null || redis.ok || !redis.required);
  const records = { invalid: invalid.length, files: invalid.slice(0, LISTED_INVALID).map(({ id, error }) => ({ id, error })) };
  return { ok, index, records, redis };
}
