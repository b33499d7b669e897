/**
 * Intake test helpers: a temp data folder with its config (unique BullMQ prefix), sample copies,
 * a private redis-server on a port it bound itself, and a clean-up that obliterates the test's queue.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { resolveConfig, type ServiceConfig } from '../../src/config.js';
import { ownerKey, withRedis } from '../../src/intake/namespace.js';
import type { Service, Settlement } from '../../src/intake/service.js';
import { ROOT, SAMPLES } from '../helpers.js';

export const REDIS_URL = process.env['TONGZHI_TEST_REDIS'] ?? 'redis://127.0.0.1:6379';
export const WORKER_JS = join(ROOT, 'dist/workers/worker.js');

export interface TestEnv {
  dir: string;
  /** tests always name their own prefix (a unique one), so that they can clean it up */
  config: ServiceConfig & { prefix: string };
  inbox: string;
}

const tempDirs: string[] = [];

/** A fresh temp folder, removed by `removeTempDirs()` (each test file calls it in afterAll). */
export function tempDir(prefix = 'tongzhi-intake-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 3 });
}

/** A fresh data folder (inbox created) and its config; `redis: null` → in-process mode. */
export function testEnv(redis: string | null, flags: Record<string, string> = {}): TestEnv {
  const dir = tempDir();
  const prefix = `tztest-${randomBytes(6).toString('hex')}`;
  const config = { ...resolveConfig({ data: dir, ...(redis ? { redis } : { queueMode: 'inprocess' }), prefix, stabilityMs: '300', keywords: 'false', ...flags }, {}), prefix };
  mkdirSync(config.layout.inbox, { recursive: true });
  return { dir, config, inbox: config.layout.inbox };
}

/** Copies samples (names relative to samples/) into `dir`, optionally renamed. */
export function dropSamples(dir: string, names: string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const n of names) copyFileSync(join(SAMPLES, n), join(dir, n.split('/').pop() as string));
}

/** Every seed sample (5 notices × txt/docx/pdf) plus the GBK text: all should give a record. */
export const GOOD_SAMPLES = readdirSync(SAMPLES)
  .filter((f) => /^\d{3}_[0-9a-f]+(_gbk)?\.(txt|docx|pdf)$/.test(f))
  .sort();

export const files = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort()
    : [];

/** Collects settlements; `until(n)` resolves once n have arrived. */
export function collect(service: Service): { all: Settlement[]; until(n: number, timeoutMs?: number): Promise<Settlement[]> } {
  const all: Settlement[] = [];
  const waiters: Array<() => void> = [];
  service.onSettled((s) => {
    all.push(s);
    waiters.forEach((w) => w());
  });
  return {
    all,
    until: (n, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${all.length} of ${n} settled: ${JSON.stringify(all.map((s) => [s.kind, s.file]))}`)), timeoutMs);
        timer.unref();
        const check = (): void => {
          if (all.length < n) return;
          clearTimeout(timer);
          resolve(all);
        };
        waiters.push(check);
        check();
      }),
  };
}

export async function obliterate(config: ServiceConfig & { prefix: string }, url = REDIS_URL): Promise<void> {
  const q = new Queue(config.queueName, { connection: { url, maxRetriesPerRequest: 1 }, prefix: config.prefix });
  try {
    await q.obliterate({ force: true });
    // the service's inbox claim (intake/namespace.ts) is a key of ours, not BullMQ's
    await withRedis(url, (r) => r.del(ownerKey(config)));
  } finally {
    await q.close();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * A port for a private server: below the kernel's ephemeral range when there is room, so no
 * outgoing connection (they take their local port from that range) can hold it when the server is
 * restarted on it; it may still be taken by another listener, which PrivateRedis notices and retries.
 */
function listenPort(): number {
  let low = 32768;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low;
  } catch {
    // not Linux: assume the usual range
  }
  const from = 20_000;
  return low - from >= 1000 ? from + randomInt(low - from) : 1024 + randomInt(Math.max(1, low - 1024));
}

/** Waits for a child to exit, SIGKILLing it (or its process group, when it leads one) after `graceMs`. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000, group = false): Promise<void> {
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const kill = (sig: NodeJS.Signals): void => {
    try {
      if (group && child.pid) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // already gone
    }
  };
  if (!exited()) {
    const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    if ((await Promise.race([exit, late])) === 'late') {
      kill('SIGKILL');
      await exit;
    }
    clearTimeout(timer);
    // Whatever the leader left in its group (sandboxed children) goes too.
    if (group) kill('SIGKILL');
  }
}

/** The process id of the redis-server answering at `url`, or null when none answers. */
async function redisPid(url: string): Promise<number | null> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 500, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const m = /process_id:(\d+)/.exec(await client.info('server'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  } finally {
    client.disconnect();
  }
}

/**
 * A private redis-server with AOF (fsync always) in `dir`, so a restart keeps the queue. The first
 * start picks a port and tries another one when that port is taken; a restart
 * uses the same port (the service's URL names it). Ready means the server answering on the port
 * is this child, not some other redis that happens to listen there.
 */
export class PrivateRedis {
  child: ChildProcess | null = null;
  private port = 0;
  constructor(readonly dir: string) {}

  get url(): string {
    if (!this.port) throw new Error('PrivateRedis: not started yet');
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const restart = this.port !== 0;
    for (let attempt = 1; ; attempt++) {
      if (!restart) this.port = listenPort();
      if (await this.spawnOn(this.port)) return;
      if (attempt >= (restart ? 20 : 10)) throw new Error(`redis-server could not listen on ${restart ? `port ${this.port} again` : 'a free port'} after ${attempt} tries`);
      if (restart) await sleep(250); // the old socket may still be in use for a moment
    }
  }

  /** true once this child answers on `port`; false when it exited (port taken). */
  private async spawnOn(port: number): Promise<boolean> {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir, '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    this.child = child;
    const url = `redis://127.0.0.1:${port}`;
    try {
      await waitFor(`redis-server on ${port}`, async () => child.exitCode !== null || child.signalCode !== null || (await redisPid(url)) === child.pid, 60_000);
    } catch (e) {
      await stopChild(child, 'SIGKILL');
      throw e;
    }
    if (child.exitCode === null && child.signalCode === null) return true;
    this.child = null;
    return false;
  }

  async stop(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (c) await stopChild(c, 'SIGTERM', 15_000);
  }
}