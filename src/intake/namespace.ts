/**
 * @module intake/namespace
 * One queue namespace per data folder. The first start writes a random id into the data folder
 * (`.tongzhi-id`); the BullMQ prefix defaults to `tongzhi-<id>`, so two installs sharing one
 * Redis never take, dedup against or fail each other's jobs, and `rm -rf data` starts a fresh
 * namespace. The service also records in Redis which inbox its queue belongs to, so a worker
 * whose data folder is mounted elsewhere refuses to start instead of failing every job.
 */
import { randomBytes } from 'node:crypto';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { ServiceConfig } from '../config.js';

export const DATA_ID_FILE = '.tongzhi-id';
const DATA_ID = /^[0-9a-f]{12}$/;

/** A problem found at start (no data folder, wrong mount, Redis down): the command says it and exits 1. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

/** A config whose prefix is known. */
export type BoundConfig = ServiceConfig & { prefix: string; dataId: string | null };

export const prefixOf = (dataId: string): string => `tongzhi-${dataId}`;

async function readDataId(data: string): Promise<string | null> {
  let raw: string;
  try {
    raw = (await readFile(join(data, DATA_ID_FILE), 'utf8')).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  if (!DATA_ID.test(raw)) throw new SetupError(`${join(data, DATA_ID_FILE)} does not hold a data folder id (12 hex digits); remove it to make a new one`);
  return raw;
}

/** The data folder's id, written (exclusively, so two first starts agree) when it has none yet. */
export async function ensureDataId(data: string): Promise<string> {
  const known = await readDataId(data);
  if (known) return known;
  await mkdir(data, { recursive: true });
  const id = randomBytes(6).toString('hex');
  try {
    await writeFile(join(data, DATA_ID_FILE), `${id}\n`, { flag: 'wx' });
    return id;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return (await readDataId(data)) ?? id;
  }
}

/**
 * Fixes the prefix. `create`: the watching service, which owns the data folder and writes its id
 * at first start. Workers and the look-only commands never create it: a data folder without an id
 * is one no service has started in (or one mounted at the wrong path).
 */
export async function bindNamespace(config: ServiceConfig, opts: { create: boolean }): Promise<BoundConfig> {
  const dataId = opts.create ? await ensureDataId(config.layout.data) : await readDataId(config.layout.data);
  if (config.prefix !== null) return { ...config, prefix: config.prefix, dataId };
  if (dataId === null) {
    throw new SetupError(
      `no tongzhi data folder at ${config.layout.data} (no ${DATA_ID_FILE}): start the service there first, or mount the data folder at the same path as on the machine that watches the inbox`,
    );
  }
  return { ...config, prefix: prefixOf(dataId), dataId };
}

/** The Redis key that says which inbox a namespace's queue belongs to (removed with the queue by obliterate). */
export const ownerKey = (config: Pick<BoundConfig, 'prefix' | 'queueName'>): string => `${config.prefix}:${config.queueName}:tongzhi-owner`;

const ownerSchema = z.object({ inbox: z.string(), dataId: z.string().nullable(), host: z.string(), at: z.string() });
export type QueueOwner = z.infer<typeof ownerSchema>;

/** Runs `fn` with a short-lived connection (the owner key is read and written once per start). */
export async function withRedis<T>(url: string, fn: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 5000 });
  redis.on('error', () => undefined);
  try {
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

/** Written by the service at start: this queue's jobs name files in this inbox. */
export async function claimQueue(redis: Redis, config: BoundConfig): Promise<void> {
  const owner: QueueOwner = { inbox: config.layout.inbox, dataId: config.dataId, host: hostname(), at: new Date().toISOString() };
  await redis.set(ownerKey(config), JSON.stringify(owner));
}

export async function queueOwner(redis: Redis, config: BoundConfig): Promise<QueueOwner | null> {
  const raw = await redis.get(ownerKey(config));
  if (raw === null) return null;
  try {
    return ownerSchema.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

/**
 * Why a worker with this config cannot serve the queue, or null when it can: the queue belongs to
 * another inbox (the data folder is mounted at another path here, or two installs share a prefix),
 * or to a data folder with another id.
 */
export function ownerMismatch(owner: QueueOwner | null, config: BoundConfig): string | null {
  if (!owner) return null;
  if (owner.inbox !== config.layout.inbox) {
    return `queue ${config.queueName} (prefix ${config.prefix}) belongs to the inbox ${owner.inbox} (service on ${owner.host}), but this worker's inbox is ${config.layout.inbox}: mount the data folder at the same path as on ${owner.host}, or give this worker --data/--inbox of that path`;
  }
  if (owner.dataId !== null && config.dataId !== null && owner.dataId !== config.dataId) {
    return `queue ${config.queueName} (prefix ${config.prefix}) belongs to data folder ${owner.dataId}, but ${config.layout.data} is data folder ${config.dataId}`;
  }
  return null;
}
