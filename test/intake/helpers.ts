/**
 * Intake test helpers: a temp data folder with its config (unique BullMQ prefix), sample copies,
 * a private redis-server on a free port, and a clean-up that obliterates the test's queue.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { resolveConfig, type ServiceConfig } from '../../src/config.js';
import { redisReachable } from '../../src/intake/bullmq.js';
import type { Service, Settlement } from '../../src/intake/service.js';
import { ROOT, SAMPLES } from '../helpers.js';

export const REDIS_URL = process.env['TONGZHI_TEST_REDIS'] ?? 'redis://127.0.0.1:6379';
export const WORKER_JS = join(ROOT, 'dist/workers/worker.js');

export interface TestEnv {
  dir: string;
  config: ServiceConfig;
  inbox: string;
}

/** A fresh data folder (inbox created) and its config; `redis: null` → in-process mode. */
export function testEnv(redis: string | null, flags: Record<string, string> = {}): TestEnv {
  const dir = mkdtempSync(join(tmpdir(), 'tongzhi-intake-'));
  const config = resolveConfig({ data: dir, redis: redis ?? 'none', prefix: `tztest-${randomBytes(6).toString('hex')}`, stabilityMs: '300', keywords: 'false', ...flags }, {});
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
        const check = (): void => {
          if (all.length >= n) resolve(all);
        };
        waiters.push(check);
        check();
        setTimeout(() => reject(new Error(`only ${all.length} of ${n} settled: ${JSON.stringify(all.map((s) => [s.kind, s.file]))}`)), timeoutMs).unref();
      }),
  };
}

export async function obliterate(config: ServiceConfig, url = REDIS_URL): Promise<void> {
  const q = new Queue(config.queueName, { connection: { url, maxRetriesPerRequest: 1 }, prefix: config.prefix });
  try {
    await q.obliterate({ force: true });
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

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** A private redis-server with AOF (fsync always) in `dir`, so a restart keeps the queue. */
export class PrivateRedis {
  child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir, '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    await waitFor(`redis on ${this.port}`, () => redisReachable(this.url, 500));
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
    this.child = null;
  }
}
