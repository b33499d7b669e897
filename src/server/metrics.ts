/**
 * @module server/metrics
 * Prometheus metrics for /metrics (prom-client, its own registry so two servers in one process
 * never share counters): jobs by outcome, how long they took, the queue's depth read at each
 * scrape, HTTP answers by route, and the process metrics prom-client collects by default.
 *
 * Job outcomes are counted where they are known: `tongzhi start` feeds the ingest service's
 * settlements (stored, duplicate, failed by code); `tongzhi serve` in BullMQ mode counts the
 * completed and failed events of the queue (a duplicate never reaches the queue, so it is counted
 * only where the watcher runs).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BullQueue } from '../intake/bullmq.js';
import type { QueueCounts } from '../intake/queue.js';
import type { Settlement } from '../intake/service.js';
import { jobIdOf } from '../intake/job-data.js';

/** A job of the queue whose answer does not come within this is left out of the scrape. */
const COUNTS_TIMEOUT_MS = 1000;
/** Jobs seen in progress whose start time is kept until they settle: bounded, oldest dropped first. */
const MAX_STARTED = 10_000;

export class ApiMetrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly jobs: Counter<'outcome' | 'status' | 'code'>;
  private readonly durations: Histogram<'outcome'>;
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private depthOf: (() => Promise<QueueCounts>) | null = null;
  /** first progress event of each job in flight (ms since epoch): a failure carries no enqueue time */
  private readonly started = new Map<string, number>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.jobs = new Counter({
      name: 'tongzhi_jobs_total',
      help: 'Files settled by the ingest service: outcome stored (status ok|partial), duplicate, or failed (code: the typed error code)',
      labelNames: ['outcome', 'status', 'code'],
      registers: [this.registry],
    });
    this.durations = new Histogram({
      name: 'tongzhi_job_duration_seconds',
      help: 'From a file being queued (or, when that is not known, its job starting) to its outcome being stored',
      labelNames: ['outcome'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
      registers: [this.registry],
    });
    this.requests = new Counter({
      name: 'tongzhi_http_requests_total',
      help: 'HTTP answers of the API by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    const self = this;
    new Gauge({
      name: 'tongzhi_queue_jobs',
      help: 'Jobs in the ingest queue by state (waiting, active, delayed, completed, failed), read at each scrape',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const counts = await self.queueCounts();
        if (counts) for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
  }

  /** The queue whose depth /metrics shows (its `counts`), or null for none. */
  watchQueue(counts: (() => Promise<QueueCounts>) | null): void {
    this.depthOf = counts;
  }

  private async queueCounts(): Promise<QueueCounts | null> {
    if (!this.depthOf) return null;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([this.depthOf(), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), COUNTS_TIMEOUT_MS)))]);
    } catch {
      return null; // Redis down: the gauge is absent from this scrape, the rest is still served
    } finally {
      clearTimeout(timer);
    }
  }

  /** A job seen running: its start time, for a failure's duration. */
  jobStarted(id: string, at = Date.now()): void {
    if (this.started.has(id)) return;
    if (this.started.size >= MAX_STARTED) this.started.delete(this.started.keys().next().value as string);
    this.started.set(id, at);
  }

  /** One settlement of the ingest service (service.onSettled). */
  settled(s: Settlement, now = Date.now()): void {
    const t0 = (s.kind === 'stored' ? s.queuedAt : null) ?? this.started.get(s.id) ?? null;
    this.started.delete(s.id);
    if (s.kind === 'stored') this.jobs.inc({ outcome: 'stored', status: s.status });
    else if (s.kind === 'duplicate') this.jobs.inc({ outcome: 'duplicate' });
    else this.jobs.inc({ outcome: 'failed', code: s.code });
    if (t0 !== null && s.kind !== 'duplicate') this.durations.observe({ outcome: s.kind }, Math.max(0, now - t0) / 1000);
  }

  /** `tongzhi serve`: the outcomes of the queue's jobs, from its events; durations from the job's timestamps. */
  countQueueEvents(queue: BullQueue): void {
    queue.on((e) => {
      if (e.type === 'progress') return;
      if (e.type === 'completed') this.jobs.inc({ outcome: 'stored', status: e.result.status });
      else this.jobs.inc({ outcome: 'failed', code: e.code ?? 'unknown' });
      const outcome = e.type === 'completed' ? 'stored' : 'failed';
      void queue.queue
        .getJob(jobIdOf(e.id))
        .then((job) => {
          if (job?.finishedOn && job.timestamp) this.durations.observe({ outcome }, Math.max(0, job.finishedOn - job.timestamp) / 1000);
        })
        .catch(() => undefined);
    });
  }

  request(method: string, route: string, status: number): void {
    this.requests.inc({ method, route, status: String(status) });
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
