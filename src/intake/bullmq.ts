/**
 * @module intake/bullmq
 * The ingest queue on Redis: BullMQ Queue + QueueEvents for the service, and workers that run each
 * job in a child process of a runner pool (runner.ts), on this machine or any other sharing Redis
 * and the data folder.
 */
import { Queue, QueueEvents, UnrecoverableError, Worker, type ConnectionOptions, type Job, type Processor, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { ServiceConfig } from '../config.js';
import { bindNamespace, ownerKey, SetupError, withRedis, type BoundConfig } from './namespace.js';
import { toIngestError } from '../errors.js';
import type { IngestJobData, IngestResult, JobProgress } from './job.js';
import { isJobFailure } from './job-failure.js';
import { contentIdOf, ingestResultSchema, InvalidJobData, jobIdOf, parseJobData } from './job-data.js';
import { runnerPoolFor } from './options.js';
import type { RunnerPool } from './runner.js';
import type { AddOutcome, IngestQueue, JobEvent, JobState, KnownJob, QueueCounts, RetryPolicy } from './queue.js';

export const JOB_NAME = 'ingest';

/** Connection options for a role: workers and event listeners block, so they must never give up a command. */
export function connectionFor(url: string, role: 'queue' | 'worker'): ConnectionOptions {
  return role === 'worker' ? { url, maxRetriesPerRequest: null } : { url, maxRetriesPerRequest: null, enableOfflineQueue: true };
}

/** True when a Redis answers PING at `url` within `timeoutMs`. */
export async function redisReachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: timeoutMs, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * The Redis this config's queue uses, or null for the in-process queue (with why). Falling back is
 * only for `auto` with the default address; an explicit URL, or `--queue-mode redis`, that does
 * not answer is a SetupError.
 */
export async function redisFor(config: ServiceConfig): Promise<{ url: string; why: string } | { url: null; why: string }> {
  if (config.queueMode === 'inprocess') return { url: null, why: 'queue mode inprocess' };
  if (await redisReachable(config.redisUrl)) return { url: config.redisUrl, why: `BullMQ on ${config.redisUrl}` };
  if (config.queueMode === 'redis' || config.redisExplicit) {
    throw new SetupError(`Redis is not reachable at ${config.redisUrl} (${config.redisExplicit ? 'given by --redis/REDIS_URL' : 'queue mode redis'}); start it, or use --queue-mode inprocess to run without Redis`);
  }
  return { url: null, why: `the default Redis at ${config.redisUrl} does not answer, so jobs run in this process (--queue-mode redis makes that an error)` };
}

const STATE: Record<string, JobState> = { waiting: 'queued', delayed: 'queued', prioritized: 'queued', 'waiting-children': 'queued', active: 'active', completed: 'completed', failed: 'failed' };

export class BullQueue implements IngestQueue {
  readonly mode = 'bullmq' as const;
  readonly queue: Queue<IngestJobData, IngestResult>;
  private readonly events: QueueEvents;
  private readonly listeners: Array<(e: JobEvent) => void> = [];

  constructor(
    private readonly config: BoundConfig,
    private readonly policy: RetryPolicy,
    private readonly redisUrl: string,
  ) {
    this.queue = new Queue<IngestJobData, IngestResult>(config.queueName, { connection: connectionFor(redisUrl, 'queue'), prefix: config.prefix });
    this.events = new QueueEvents(config.queueName, { connection: connectionFor(redisUrl, 'worker'), prefix: config.prefix });
    this.queue.on('error', () => undefined);
    this.events.on('error', () => undefined);
    this.events.on('completed', ({ jobId, returnvalue }) => {
      const id = contentIdOf(jobId);
      let raw: unknown = returnvalue;
      try {
        if (typeof raw === 'string') raw = JSON.parse(raw);
      } catch {
        // checked below
      }
      const result = ingestResultSchema.safeParse(raw);
      if (result.success && result.data.id === id) {
        this.emit({ type: 'completed', id, result: result.data });
        return;
      }
      // Not a result a worker of ours returns: reported as a failure, nothing is read after it.
      void this.dataOf(jobId).then((data) => this.emit({ type: 'failed', id, data, reason: `job ${jobId} completed with an invalid result` }));
    });
    this.events.on('failed', ({ jobId, failedReason }) => {
      void this.dataOf(jobId).then((data) => this.emit({ type: 'failed', id: contentIdOf(jobId), data, reason: failedReason }));
    });
    this.events.on('progress', ({ jobId, data }) => {
      if (typeof data === 'object' && data !== null && 'stage' in data) this.emit({ type: 'progress', id: contentIdOf(jobId), progress: data as JobProgress });
    });
  }

  /** Resolves when the queue and the event stream are connected. */
  async ready(): Promise<void> {
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
  }

  /** A job's data if it is valid (parseJobData), else null: data from Redis never names a file unchecked. */
  private async dataOf(jobId: string): Promise<IngestJobData | null> {
    try {
      const job = await this.queue.getJob(jobId);
      return job ? parseJobData(job.data, this.config.layout.inbox, contentIdOf(jobId)) : null;
    } catch {
      return null;
    }
  }

  async find(id: string): Promise<KnownJob | null> {
    const job = await this.queue.getJob(jobIdOf(id));
    if (!job) return null;
    const state = STATE[await job.getState()] ?? 'queued';
    try {
      const data = parseJobData(job.data, this.config.layout.inbox, id);
      return { path: data.path, name: data.name, state };
    } catch {
      // A job with this id whose data is not valid: known (its id is taken), but it names no file.
      return { path: '', name: `job ${id} (invalid data)`, state };
    }
  }

  async add(data: IngestJobData): Promise<AddOutcome> {
    parseJobData(data, this.config.layout.inbox);
    const existing = await this.find(data.id);
    if (existing) return { added: false, existing };
    await this.queue.add(JOB_NAME, data, {
      jobId: jobIdOf(data.id),
      attempts: this.policy.attempts,
      backoff: { type: 'exponential', delay: this.policy.backoffMs },
      // Completed jobs are trimmed (dedup then rests on out/records/<id>.json); failed ones stay for `tongzhi retry`.
      removeOnComplete: { count: 1000 },
      removeOnFail: false,
    });
    return { added: true };
  }

  /** prefix and queue name, as `tongzhi status` and `purge` show them */
  get name(): string {
    return `${this.config.queueName} (prefix ${this.config.prefix})`;
  }

  async forget(id: string): Promise<void> {
    const job = await this.queue.getJob(jobIdOf(id));
    await job?.remove();
  }

  /** Removes every job and key of this namespace's queue; refuses while a job is active unless `force`. */
  async purge(force: boolean): Promise<void> {
    await this.queue.obliterate({ force });
    await withRedis(this.redisUrl, (r) => r.del(ownerKey(this.config)));
  }

  async retry(id: string): Promise<boolean> {
    const job = await this.queue.getJob(jobIdOf(id));
    if (!job || (await job.getState()) !== 'failed') return false;
    try {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    } catch {
      return false; // retried meanwhile by another process (the watcher and `tongzhi retry` may race)
    }
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
    return { waiting: (c['waiting'] ?? 0) + (c['prioritized'] ?? 0), active: c['active'] ?? 0, delayed: c['delayed'] ?? 0, completed: c['completed'] ?? 0, failed: c['failed'] ?? 0 };
  }

  /** The last failed jobs, newest first. */
  async lastFailed(n: number): Promise<Array<Job<IngestJobData, IngestResult>>> {
    return this.queue.getFailed(0, n - 1);
  }

  on(listener: (e: JobEvent) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }

  private emit(e: JobEvent): void {
    for (const l of this.listeners) l(e);
  }
}

/** Settings that tests (and slow disks) may shorten or lengthen: lock duration and stalled-check interval. */
export interface StallSettings {
  lockDuration?: number;
  stalledInterval?: number;
}

export function stallSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): StallSettings {
  const n = (v: string | undefined): number | undefined => (v && Number(v) > 0 ? Number(v) : undefined);
  const lockDuration = n(env['TONGZHI_LOCK_MS']);
  const stalledInterval = n(env['TONGZHI_STALLED_INTERVAL_MS']);
  return { ...(lockDuration ? { lockDuration } : {}), ...(stalledInterval ? { stalledInterval } : {}) };
}

export interface WorkerSet {
  workers: Array<Worker<IngestJobData, IngestResult>>;
  /** closes the workers (they finish their jobs), then their job processes */
  close(): Promise<void>;
}

/**
 * What a worker does with a job: checks its data (it comes from Redis; a job whose id or path is
 * not ours fails at once, before any file is touched), then runs it in one of the pool's job
 * processes. A failure that will not be retried (bad input, a job killed at its limits, the last
 * attempt) is an UnrecoverableError; the thrown error keeps `code`, `stage` and `file`.
 */
export function ingestProcessor(config: BoundConfig, pool: RunnerPool): Processor<IngestJobData, IngestResult> {
  return async (job) => {
    let data: IngestJobData;
    try {
      data = parseJobData(job.data, config.layout.inbox, job.id === undefined ? undefined : contentIdOf(job.id));
    } catch (e) {
      throw Object.assign(new UnrecoverableError(e instanceof InvalidJobData ? e.message : `invalid job data: ${String(e)}`), { code: 'invalid_job', stage: 'intake' });
    }
    try {
      return await pool.run(data, { attemptsMade: job.attemptsMade, attempts: job.opts.attempts ?? 1, progress: (p: JobProgress) => job.updateProgress(p) });
    } catch (e) {
      const failure = isJobFailure(e) ? e : { error: toIngestError(e, data.name, 'intake'), final: false };
      const details = { code: failure.error.code, stage: failure.error.stage, file: failure.error.file };
      if (failure.final || !failure.error.retryable) throw Object.assign(new UnrecoverableError(failure.error.message), details);
      throw Object.assign(new Error(failure.error.message), details);
    }
  };
}

/**
 * Starts `count` BullMQ workers in this process. Jobs run in child processes of a runner pool per
 * worker (`concurrency` at a time, see runner.ts), so heavy parsing never stalls lock renewal and a
 * job past its time or memory limit is killed without taking the worker down.
 */
export function startWorkers(
  config: BoundConfig,
  redisUrl: string,
  opts: { count: number; runnerFile?: string; env?: NodeJS.ProcessEnv; stall?: StallSettings; onError?: (e: Error) => void },
): WorkerSet {
  const options: WorkerOptions = {
    connection: connectionFor(redisUrl, 'worker'),
    prefix: config.prefix,
    concurrency: config.concurrency,
    ...opts.stall,
  };
  const pools: RunnerPool[] = [];
  const workers = Array.from({ length: opts.count }, () => {
    const pool = runnerPoolFor(config, opts.env ?? process.env, opts.runnerFile);
    pools.push(pool);
    const w = new Worker<IngestJobData, IngestResult>(config.queueName, ingestProcessor(config, pool), options);
    w.on('error', (e) => opts.onError?.(e));
    return w;
  });
  return {
    workers,
    async close() {
      await Promise.allSettled(workers.map((w) => w.close()));
      await Promise.allSettled(pools.map((p) => p.close()));
    },
  };
}

/**
 * The BullMQ queue for commands that only look or re-queue (`status`, `retry`, `purge`): null in
 * in-process mode, when the default Redis is down, or when the data folder has no namespace yet
 * (no service ever started there, so no queue holds its jobs); a SetupError when an explicit Redis
 * does not answer.
 */
export async function connectQueue(config: ServiceConfig): Promise<BullQueue | null> {
  const redis = await redisFor(config);
  if (redis.url === null) return null;
  let bound: BoundConfig;
  try {
    bound = await bindNamespace(config, { create: false });
  } catch (e) {
    if (e instanceof SetupError) return null;
    throw e;
  }
  const q = new BullQueue(bound, { attempts: config.attempts, backoffMs: 1000 }, redis.url);
  await q.ready();
  return q;
}
