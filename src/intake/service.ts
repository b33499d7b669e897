/**
 * @module intake/service
 * The ingest service: inbox watcher → content id → dedup → queue (BullMQ, or in-process when no
 * Redis is reachable) → workers → records; one `publisher.publish(record)` per stored record, in
 * this process only (never in a worker), so one process writes the feed and the index.
 * `tongzhi watch`, `tongzhi ingest DIR` and the tests all start it here.
 */
import { lstat, readlink } from 'node:fs/promises';
import { basename } from 'node:path';
import pino from 'pino';
import type { ServiceConfig } from '../config.js';
import { IngestError } from '../errors.js';
import type { Publisher } from '../sinks/index.js';
import { linkStored } from '../sinks/links.js';
import { BullQueue, redisFor, startWorkers, type StallSettings, type WorkerSet } from './bullmq.js';
import { contentId, folderContentId, settleDuplicate, type DuplicateReport, type TwinState } from './dedup.js';
import { storeFailure, type IngestJobData, type JobProgress } from './job.js';
import { jobOptionsOf, runnerPoolFor } from './options.js';
import type { RunnerPool } from './runner.js';
import { bindNamespace, claimQueue, withRedis, type BoundConfig } from './namespace.js';
import { exists, findFailure, listFailures, readRecord, recordPath, settleFailed } from './outcome.js';
import { InProcessQueue, type IngestQueue, type JobEvent, type KnownJob, type QueueMode } from './queue.js';
import { watchInbox, type InboxWatcher } from './watcher.js';

export type Settlement =
  | { kind: 'stored'; id: string; file: string; record: string; keptAs: string | null; status: 'ok' | 'partial'; queuedAt: number | null }
  | { kind: 'duplicate'; id: string; file: string; report: DuplicateReport }
  | { kind: 'failed'; id: string; file: string; code: string; stage: string; message: string; errorFile: string | null };

export interface ServiceOptions {
  logger?: pino.Logger;
  publisher?: Publisher;
  /** false: take the files in the inbox once (a batch) instead of watching it; default true */
  watch?: boolean;
  /** BullMQ workers started in this process (default config.workers; 0 = workers run elsewhere) */
  localWorkers?: number;
  /** 'all' (default): publish every record any worker stores; 'own': only files this service enqueued */
  publishScope?: 'all' | 'own';
  /** the job-runner script (default dist/workers/job-runner.js) */
  runnerFile?: string;
  /** first retry delay, doubled each attempt (default 1000 ms) */
  backoffMs?: number;
  stall?: StallSettings;
}

export interface Service {
  readonly mode: QueueMode;
  readonly queue: IngestQueue;
  /** resolves once the files already in the inbox have been listed */
  readonly ready: Promise<void>;
  onSettled(listener: (s: Settlement) => void): void;
  onProgress(listener: (id: string, file: string, p: JobProgress) => void): void;
  /** resolves when every file seen so far is settled (stored, duplicate or failed) */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Chosen {
  queue: IngestQueue;
  why: string;
  config: BoundConfig;
  /** in-process mode: the job processes (BullMQ workers have their own) */
  pool: RunnerPool | null;
}

/**
 * Binds the data folder to its namespace and picks the queue: BullMQ when its Redis answers (the
 * queue is then claimed for this inbox, see namespace.ts), in-process otherwise. A SetupError
 * (explicit Redis down) propagates: the command exits.
 */
async function chooseQueue(config: ServiceConfig, opts: ServiceOptions): Promise<Chosen> {
  const policy = { attempts: config.attempts, backoffMs: opts.backoffMs ?? 1000 };
  const redis = await redisFor(config);
  const bound = await bindNamespace(config, { create: true });
  if (redis.url === null) {
    const pool = runnerPoolFor(bound, process.env, opts.runnerFile);
    const queue = new InProcessQueue(jobOptionsOf(bound), policy, config.concurrency, (data, ctx) => pool.run(data, ctx));
    return { queue, why: redis.why, config: bound, pool };
  }
  const queue = new BullQueue(bound, policy, redis.url);
  await queue.ready();
  // The watching service owns the queue; a one-off batch (`ingest DIR`) runs its own workers and
  // leaves the claim to the watcher, whose workers check it.
  if (opts.watch !== false) await withRedis(redis.url, (r) => claimQueue(r, bound));
  return { queue, why: `${redis.why}, queue ${config.queueName}, prefix ${bound.prefix}`, config: bound, pool: null };
}

export async function startService(given: ServiceConfig, opts: ServiceOptions = {}): Promise<Service> {
  const log = opts.logger ?? pino({ level: 'silent' });
  const { layout } = given;
  const { queue, why, config, pool } = await chooseQueue(given, opts);
  log.info({ mode: queue.mode, inbox: layout.inbox, out: layout.out }, `queue mode: ${queue.mode} (${why})`);

  const settledListeners: Array<(s: Settlement) => void> = [];
  const progressListeners: Array<(id: string, file: string, p: JobProgress) => void> = [];
  const settle = (s: Settlement): void => settledListeners.forEach((l) => l(s));
  /** inbox paths handed off and not settled yet */
  const tracked = new Map<string, string | null>();
  /** jobs this service added (id → data) and not settled yet */
  const ours = new Map<string, IngestJobData>();
  let busy = 0;

  const duplicate = async (data: IngestJobData, duplicateOf: string, twin: TwinState): Promise<void> => {
    const report = await settleDuplicate(layout, data.path, data.id, duplicateOf, twin);
    log.warn(
      { file: data.name, id: data.id, duplicateOf: report.duplicateOf, twin, keptAs: report.keptAs },
      `duplicate: ${data.name} has the same content as ${report.duplicateOf} (${twin}); not processed again`,
    );
    settle({ kind: 'duplicate', id: data.id, file: data.name, report });
  };

  /** What to do with a file whose content the queue already knows. */
  const known = async (data: IngestJobData, existing: KnownJob): Promise<void> => {
    if (existing.path !== data.path || existing.state === 'completed') {
      return duplicate(data, existing.name, existing.state === 'completed' ? 'stored' : existing.state);
    }
    ours.set(data.id, data);
    tracked.set(data.path, data.id);
    if (existing.state === 'failed') {
      // The original is back in the inbox at its old place (`tongzhi retry`, or by hand): try again.
      if (await queue.retry(data.id)) log.info({ file: data.name, id: data.id }, 'failed file is back in the inbox: retrying');
    }
  };

  /**
   * A file that is there but cannot be read (permissions, an I/O error): never dropped silently.
   * Its failure is stored (io_error at 'read', the reason in the message) and the original goes to
   * failed/ when it can be moved; when it cannot, it stays where it is and the error file says so.
   * An earlier run's report for the same unmoved file is reused rather than written again.
   */
  const unreadable = async (path: string, err: Error, code: 'io_error' | 'unsupported_format' = 'io_error'): Promise<void> => {
    const name = basename(path);
    const message = new IngestError(code, name, 'read', code === 'io_error' ? `cannot be read (${err.message})` : err.message).message;
    let errorFile: string | null = null;
    try {
      const earlier = (await listFailures(layout)).find((f) => f.id === null && f.from === path && f.code === code);
      errorFile = earlier?.errorFile ?? (await settleFailed(layout, path, { code, stage: 'read', message, file: name, attempts: 1, id: null }));
    } catch (e) {
      log.error({ file: name, path, err: (e as Error).message }, 'could not store the failure of an unreadable file; it stays where it is');
    }
    log.error({ file: name, path, code, stage: 'read', errorFile }, `failed: ${message}`);
    // No content id: the settlement's id is empty.
    settle({ kind: 'failed', id: '', file: name, code, stage: 'read', message, errorFile });
  };

  const outcomeStored = async (data: IngestJobData, job: KnownJob): Promise<boolean> =>
    job.state === 'completed' ? exists(recordPath(layout, data.id)) : (await findFailure(layout, data.id, job.name).catch(() => null)) !== null;

  const take = async (path: string): Promise<void> => {
    if (tracked.has(path)) return;
    tracked.set(path, null);
    // A link (to a file or a folder) is refused and reported, never followed: it could name any
    // file the service can read (ln -s /etc/passwd inbox/p.txt), or move a folder's files away.
    const st = await lstat(path).catch(() => null);
    if (st && !st.isFile() && !st.isDirectory()) {
      tracked.delete(path);
      const what = st.isSymbolicLink() ? `a symbolic link (to ${await readlink(path).catch(() => '?')})` : 'not a regular file';
      return await unreadable(path, new Error(`is ${what}; tongzhi never follows links: put the file itself in the inbox`), 'unsupported_format');
    }
    let data: IngestJobData;
    try {
      // A folder (a notice with its attachment files) is identified by its files' names and contents.
      const cid = st?.isDirectory() ? await folderContentId(path) : await contentId(path);
      data = { id: cid.id, path, name: basename(path), size: cid.size, queuedAt: Date.now() };
    } catch (e) {
      tracked.delete(path);
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        log.debug({ path, err: (e as Error).message }, 'file vanished before it was hashed'); // gone: nothing to do
        return;
      }
      return await unreadable(path, e as Error);
    }
    try {
      // The store decides what is known: a record in out/records or a report in failed/. A finished
      // job whose outcome this data folder does not hold (removed by hand) is forgotten, not trusted.
      let existing = await queue.find(data.id);
      if (existing && (existing.state === 'completed' || existing.state === 'failed') && !(await outcomeStored(data, existing))) {
        await queue.forget(data.id);
        existing = null;
      }
      if (existing) return await known(data, existing);
      if (await exists(recordPath(layout, data.id))) {
        const stored = await readRecord(layout, data.id).catch(() => null);
        return await duplicate(data, stored?.source.fileName ?? `${data.id}.json`, 'stored');
      }
      const earlier = await findFailure(layout, data.id, data.name).catch(() => null);
      if (earlier) return await duplicate(data, earlier.file, 'failed');
      ours.set(data.id, data);
      tracked.set(path, data.id);
      const outcome = await queue.add(data);
      if (!outcome.added) {
        ours.delete(data.id);
        return await known(data, outcome.existing);
      }
      log.info({ file: data.name, id: data.id, bytes: data.size }, 'queued');
    } finally {
      if (tracked.get(path) === null || !ours.has(data.id)) tracked.delete(path);
    }
  };

  // One file at a time through hashing and dedup, so two copies arriving together cannot both be added.
  let chain: Promise<void> = Promise.resolve();
  const onStable = (path: string): void => {
    busy++;
    chain = chain
      .then(() => take(path))
      .catch((e: unknown) => {
        tracked.delete(path);
        log.error({ path, err: (e as Error).message }, 'could not queue the file; it stays in the inbox and is taken again at the next start');
      })
      .finally(() => busy--);
  };

  const publishScope = opts.publishScope ?? 'all';
  const onEvent = async (e: JobEvent): Promise<void> => {
    const mine = ours.get(e.id);
    if (e.type === 'progress') {
      if (mine) progressListeners.forEach((l) => l(e.id, mine.name, e.progress));
      return;
    }
    ours.delete(e.id);
    if (mine) tracked.delete(mine.path);
    if (e.type === 'completed') {
      const r = e.result;
      log.info({ file: r.file, id: r.id, status: r.status, keptAs: r.keptAs }, 'stored');
      // A form alone and its notice are linked in this one process, whichever arrived first.
      const linked = await linkStored(layout.records, r.id).catch((err: unknown) => {
        log.error({ id: r.id, err: (err as Error).message }, 'linking the record with its notice or forms failed; it is stored unlinked');
        return [] as string[];
      });
      if (linked.length) log.info({ id: r.id, linked }, 'linked a form and its notice');
      if (opts.publisher && (mine || publishScope === 'all')) {
        for (const id of new Set([r.id, ...linked])) {
          try {
            await opts.publisher.publish(await readRecord(layout, id));
          } catch (err) {
            log.error({ id, err: (err as Error).message }, 'publishing the record failed; it is stored in out/records');
          }
        }
      }
      if (mine || publishScope === 'all') settle({ kind: 'stored', id: r.id, file: r.file, record: r.record, keptAs: r.keptAs, status: r.status, queuedAt: mine?.queuedAt ?? null });
      return;
    }
    const data = mine ?? e.data;
    const file = data?.name ?? e.id;
    let report = data ? await findFailure(layout, e.id, data.name) : null;
    const code = e.code ?? 'internal_error';
    if (!report && data && (await exists(data.path))) {
      // The job died without storing its outcome (stalled too often, or killed, or failed/ refused it): store it here.
      try {
        await storeFailure(layout, data, code, 'intake', e.reason.startsWith(`${file}: `) ? e.reason : `${file}: ${e.reason}`, config.attempts);
        report = await findFailure(layout, e.id, data.name);
      } catch (err) {
        log.error({ file, id: e.id, err: (err as Error).message, failed: layout.failed }, `the failure of ${file} cannot be stored in failed/; the original stays at ${data.path}`);
      }
    }
    if (report) log.warn({ file, id: e.id, code: report.code, stage: report.stage, errorFile: report.errorFile }, `failed: ${report.message}`);
    else log.error({ file, id: e.id, code, stage: 'intake', errorFile: null }, `failed, and no error file was stored: ${e.reason}`);
    if (mine || publishScope === 'all') {
      settle({ kind: 'failed', id: e.id, file, code: report?.code ?? code, stage: report?.stage ?? 'intake', message: report?.message ?? e.reason, errorFile: report?.errorFile ?? null });
    }
  };
  /** event handlers still running (reading and publishing a record, storing a failure): close() waits for them */
  const handlers = new Set<Promise<void>>();
  queue.on((e) => {
    busy++;
    const h: Promise<void> = onEvent(e)
      .catch((err: unknown) => log.error({ id: e.id, err: (err as Error).message }, 'handling a job event failed'))
      .finally(() => {
        busy--;
        handlers.delete(h);
      });
    handlers.add(h);
  });
  const handlersDone = async (): Promise<void> => {
    while (handlers.size > 0) await Promise.allSettled([...handlers]);
  };
  /** Jobs this service added that have finished in the queue but whose event has not been handled yet (BullMQ: it travels through Redis). */
  const eventsDue = async (): Promise<number> => {
    let due = 0;
    for (const id of ours.keys()) {
      // bounded: with Redis down a BullMQ command waits for the reconnect
      const job = await Promise.race([queue.find(id).catch(() => null), new Promise<null>((r) => setTimeout(() => r(null), 1000).unref())]);
      if (job && (job.state === 'completed' || job.state === 'failed')) due++;
    }
    return due;
  };

  let workers: WorkerSet | null = null;
  const localWorkers = opts.localWorkers ?? config.workers;
  if (queue instanceof BullQueue && localWorkers > 0) {
    workers = startWorkers(config, config.redisUrl, {
      count: localWorkers,
      ...(opts.runnerFile ? { runnerFile: opts.runnerFile } : {}),
      ...(opts.stall ? { stall: opts.stall } : {}),
      onError: (e) => log.error({ err: e.message }, 'worker error'),
    });
    log.info({ workers: localWorkers, concurrency: config.concurrency }, 'workers started (sandboxed processors)');
  }

  const watcher: InboxWatcher = watchInbox(layout.inbox, {
    stabilityMs: config.stabilityMs,
    poll: config.poll,
    pollIntervalMs: config.pollIntervalMs,
    watch: opts.watch ?? true,
    onStable,
    onError: (e) => log.error({ err: e.message }, 'inbox watcher error'),
  });
  const ready = watcher.ready.then(() => log.info({ inbox: layout.inbox }, 'inbox listed'));

  const isIdle = (): boolean => watcher.waiting === 0 && tracked.size === 0 && ours.size === 0 && busy === 0;
  return {
    mode: queue.mode,
    queue,
    ready,
    onSettled: (l) => void settledListeners.push(l),
    onProgress: (l) => void progressListeners.push(l),
    async idle() {
      await ready;
      // Settled twice in a row, 50 ms apart: an event handler may be between two awaits.
      for (let calm = 0; calm < 2; calm = isIdle() ? calm + 1 : 0) await new Promise((r) => setTimeout(r, 50));
    },
    async close() {
      await watcher.close();
      await chain;
      // Workers finish the jobs they hold; then the events of finished jobs get a moment to arrive
      // (up to 5 s: BullMQ's come through Redis) before the event stream is closed.
      await workers?.close();
      for (let i = 0; i < 100 && (busy > 0 || (await eventsDue()) > 0); i++) await new Promise((r) => setTimeout(r, 50));
      // The in-process queue finishes its jobs here, emitting their events; then its job processes go.
      await queue.close();
      await pool?.close();
      // Every record whose event arrived is published (and every failure stored) before close returns,
      // so a caller may close the publisher right after.
      await handlersDone();
      log.info('stopped');
    },
  };
}
