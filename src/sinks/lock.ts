/**
 * @module sinks/lock
 * A lock file shared by every process writing one out/ folder (`tongzhi start`, `ingest`,
 * `reindex`, BullMQ workers' publishers): created with O_EXCL (`wx`), holding the holder's pid,
 * host and start time as JSON. The holder touches it every few seconds; a lock whose file has
 * not been touched for `staleMs`, or whose holder on this host is no longer running, is broken.
 * A waiter retries until `timeoutMs` and then fails with a `LockTimeoutError` naming the holder.
 *
 * Breaking is race-safe: the stale file is renamed aside first (only one breaker can move it)
 * and removed only when it is still the lock that was judged stale; a fresh lock moved by
 * mistake is linked back in place.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type pino from 'pino';

export interface LockOptions {
  /** give up waiting after this long (default 60 s) */
  timeoutMs?: number;
  /** a lock not touched for this long is stale (default 30 s); the holder touches it every third of it */
  staleMs?: number;
  logger?: pino.Logger;
}

export interface LockHolder {
  pid: number;
  host: string;
  /** RFC 3339 time the lock was taken */
  since: string;
  token: string;
}

export class LockTimeoutError extends Error {
  constructor(
    readonly path: string,
    readonly holder: LockHolder | null,
    waitedMs: number,
  ) {
    super(
      `${path} is still locked after ${waitedMs} ms` +
        (holder ? ` by pid ${holder.pid} on ${holder.host} since ${holder.since}` : '') +
        '; if no tongzhi process writes this out/ folder, delete the lock file',
    );
    this.name = 'LockTimeoutError';
  }
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_STALE_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const parseHolder = (text: string): LockHolder | null => {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    return typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.token === 'string' && typeof v.since === 'string'
      ? { pid: v.pid, host: v.host, since: v.since, token: v.token }
      : null;
  } catch {
    return null; // being written (created, not yet filled) or foreign
  }
};

/** Whether a process with this pid runs on this host (EPERM: it does, as another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

/** What the lock file holds and when it was last touched, or null when there is none. */
async function look(path: string): Promise<{ text: string; holder: LockHolder | null; mtimeMs: number } | null> {
  try {
    const [s, text] = await Promise.all([stat(path), readFile(path, 'utf8')]);
    return { text, holder: parseHolder(text), mtimeMs: s.mtimeMs };
  } catch (e) {
    if (errno(e) === 'ENOENT') return null;
    throw e;
  }
}

/** Removes the lock at `path` if it still holds `text`; true when it is gone. */
async function breakLock(path: string, text: string): Promise<void> {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (e) {
    if (errno(e) === 'ENOENT') return; // someone else broke or released it
    throw e;
  }
  const moved = await readFile(aside, 'utf8').catch(() => null);
  if (moved !== text) {
    // A lock taken after our look: put it back unless yet another one was taken meanwhile.
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

/**
 * Runs `fn` holding the lock file `path` (created, with its folder, when missing) and releases
 * it afterwards, also when `fn` throws. Not reentrant: a holder that asks again waits for itself.
 */
export async function withLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, staleMs = DEFAULT_STALE_MS, logger } = options;
  const me: LockHolder = { pid: process.pid, host: hostname(), since: '', token: randomBytes(8).toString('hex') };
  const t0 = Date.now();
  await mkdir(dirname(path), { recursive: true });
  let delay = 10;
  for (;;) {
    me.since = new Date().toISOString();
    try {
      await writeFile(path, JSON.stringify(me), { flag: 'wx' });
      break;
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw e;
    }
    const seen = await look(path);
    if (!seen) continue; // released between our attempt and our look
    const age = Date.now() - seen.mtimeMs;
    const dead = seen.holder !== null && seen.holder.host === me.host && !pidAlive(seen.holder.pid);
    if (age > staleMs || dead) {
      logger?.warn({ lock: path, holder: seen.holder, ageMs: Math.round(age), dead }, 'breaking a stale lock');
      await breakLock(path, seen.text);
      continue;
    }
    const waited = Date.now() - t0;
    if (waited >= timeoutMs) throw new LockTimeoutError(path, seen.holder, waited);
    await sleep(Math.min(delay, timeoutMs - waited) * (0.5 + Math.random()));
    delay = Math.min(delay * 2, 250);
  }

  // Touch the lock while `fn` runs, so that a long rebuild is not taken for a dead holder.
  const beat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, Math.max(50, Math.floor(staleMs / 3)));
  beat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(beat);
    const still = await look(path).catch(() => null);
    if (still?.holder?.token === me.token) await rm(path, { force: true });
    else logger?.warn({ lock: path, holder: still?.holder ?? null }, 'the lock was broken while held: another process may have written meanwhile');
  }
}
