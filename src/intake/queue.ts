/**
 * @module intake/queue
 * The ingest queue seen by the service: BullMQ on Redis (bullmq.ts) or, when no Redis is
 * reachable, this file's in-process queue. Both take jobs whose id is the content id, refuse a
 * second job with a known id (the service then reports a duplicate), retry transient failures
 * with exponential backoff, fail bad input at once, and run the same job code (job.ts).
 */
import type { ErrorCode } from '../errors.js';
import { parseJobData } from './job-data.js';
import { isJobFailure, runIngestJob, type IngestJobData, type IngestResult, type JobContext, type JobProgress, type JobRunOptions } from './job.js';

export type QueueMode = 'bullmq' | 'in-process';
export type JobState = 'queued' | 'active' | 'completed' | 'failed';

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

export type JobEvent =
  | { type: 'completed'; id: string; result: IngestResult }
  /** `code`: set when the queue knows it (in-process: io_error when even the failure could not be stored) */
  | { type: 'failed'; id: string; data: IngestJobData | null; reason: string; code?: ErrorCode }
  | { type: 'progress'; id: string; progress: JobProgress };

export interface KnownJob {
  path: string;
  name: string;
  state: JobState;
}

export type AddOutcome = { added: true } | { added: false; existing: KnownJob };

export interface IngestQueue {
  readonly mode: QueueMode;
  /** The job with this id, if the queue knows it. */
  find(id: string): Promise<KnownJob | null>;
  /** Adds a job with id = data.id unless a job with that id is known; then says what it is. */
  add(data: IngestJobData): Promise<AddOutcome>;
  /** Drops a finished job (completed or failed) whose outcome this data folder no longer holds, so the file can be taken again. */
  forget(id: string): Promise<void>;
  /** Puts a failed job back in the queue; false when no failed job has that id. */
  retry(id: string): Promise<boolean>;
  counts(): Promise<QueueCounts>;
  /** Listens to completed / (finally) failed / progress events. */
  on(listener: (e: JobEvent) => void): void;
  close(): Promise<void>;
}

export interface RetryPolicy {
  attempts: number;
  /** first backoff delay; doubled each attempt */
  backoffMs: number;
}

export const backoffDelay = (policy: RetryPolicy, attemptsMade: number): number => policy.backoffMs * 2 ** Math.max(0, attemptsMade - 1);

interface Entry {
  data: IngestJobData;
  state: JobState | 'delayed';
  attemptsMade: number;
  timer?: NodeJS.Timeout;
}

/**
 * Jobs in this process: a FIFO with `concurrency` jobs in flight, in-memory job states (lost on
 * exit; what survives is on disk: records, done/, failed/, duplicates.jsonl).
 */
export class InProcessQueue implements IngestQueue {
  readonly mode = 'in-process' as const;
  private readonly jobs = new Map<string, Entry>();
  private readonly waiting: string[] = [];
  private readonly listeners: Array<(e: JobEvent) => void> = [];
  private active = 0;
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly run: JobRunOptions,
    private readonly policy: RetryPolicy,
    private readonly concurrency: number,
    /** runs one attempt: the runner pool's child processes in the service, runIngestJob here by default */
    private readonly execute: (data: IngestJobData, ctx: JobContext) => Promise<IngestResult> = (data, ctx) => runIngestJob(data, run, ctx),
  ) {}

  async find(id: string): Promise<KnownJob | null> {
    const known = this.jobs.get(id);
    return known ? { path: known.data.path, name: known.data.name, state: known.state === 'delayed' ? 'queued' : known.state } : null;
  }

  async add(data: IngestJobData): Promise<AddOutcome> {
    parseJobData(data, this.run.layout.inbox);
    const existing = await this.find(data.id);
    if (existing) return { added: false, existing };
    this.jobs.set(data.id, { data, state: 'queued', attemptsMade: 0 });
    this.waiting.push(data.id);
    this.pump();
    return { added: true };
  }

  async forget(id: string): Promise<void> {
    const e = this.jobs.get(id);
    if (e && (e.state === 'completed' || e.state === 'failed')) this.jobs.delete(id);
  }

  async retry(id: string): Promise<boolean> {
    const e = this.jobs.get(id);
    if (!e || e.state !== 'failed') return false;
    e.state = 'queued';
    e.attemptsMade = 0;
    this.waiting.push(id);
    this.pump();
    return true;
  }

  async counts(): Promise<QueueCounts> {
    const c: QueueCounts = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
    for (const e of this.jobs.values()) {
      if (e.state === 'queued') c.waiting++;
      else if (e.state === 'delayed') c.delayed++;
      else c[e.state]++;
    }
    return c;
  }

  on(listener: (e: JobEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Stops taking jobs and waits for the ones in flight. */
  async close(): Promise<void> {
    this.closed = true;
    for (const e of this.jobs.values()) if (e.timer) clearTimeout(e.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private emit(e: JobEvent): void {
    for (const l of this.listeners) l(e);
  }

  private pump(): void {
    while (!this.closed && this.active < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift();
      const entry = id === undefined ? undefined : this.jobs.get(id);
      if (!entry) continue;
      this.active++;
      entry.state = 'active';
      const p = this.process(entry).finally(() => {
        this.active--;
        this.inFlight.delete(p);
        this.pump();
      });
      this.inFlight.add(p);
    }
  }

  private async process(entry: Entry): Promise<void> {
    const { data } = entry;
    const ctx = {
      attemptsMade: entry.attemptsMade,
      attempts: this.policy.attempts,
      progress: (progress: JobProgress) => this.emit({ type: 'progress', id: data.id, progress }),
    };
    try {
      const result = await this.execute(data, ctx);
      entry.state = 'completed';
      entry.attemptsMade++;
      this.emit({ type: 'completed', id: data.id, result });
    } catch (e) {
      entry.attemptsMade++;
      // A JobFailure says whether failed/ already holds it; anything else (the failure could not
      // even be stored, e.g. failed/ not writable) is retried like a transient error, with the
      // same attempts and backoff, and then reported as an io_error (the service logs it loudly).
      if (isJobFailure(e) && e.final) {
        entry.state = 'failed';
        this.emit({ type: 'failed', id: data.id, data, reason: e.error.message });
        return;
      }
      // Closing: the original stays in the inbox and is taken again at the next start.
      if (this.closed) return;
      if (!isJobFailure(e) && entry.attemptsMade >= this.policy.attempts) {
        entry.state = 'failed';
        const why = e instanceof Error ? e.message : String(e);
        this.emit({ type: 'failed', id: data.id, data, code: 'io_error', reason: `${data.name}: its outcome could not be stored after ${entry.attemptsMade} attempts (${why})` });
        return;
      }
      entry.state = 'delayed';
      entry.timer = setTimeout(
        () => {
          entry.state = 'queued';
          this.waiting.push(data.id);
          this.pump();
        },
        backoffDelay(this.policy, entry.attemptsMade),
      );
    }
  }
}
