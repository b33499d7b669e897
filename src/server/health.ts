/**
 * @module server/health
 * `/health`: the search index's state and, when Redis is configured, a PING over a short-lived
 * connection. Unhealthy (503) when the index file is unreadable, or when Redis was asked for
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

export interface Health {
  ok: boolean;
  index: StoreStatus;
  redis: RedisHealth | null;
}

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

export async function health(config: ServiceConfig, index: StoreStatus): Promise<Health> {
  const redis = config.redisUrl ? await pingRedis(config.redisUrl, config.redisExplicit) : null;
  const ok = index.state !== 'error' && (redis === null || redis.ok || !redis.required);
  return { ok, index, redis };
}
