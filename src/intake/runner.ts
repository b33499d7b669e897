/**
 * @module intake/runner
 * Every job runs in a child process (workers/job-runner.ts) that this pool forks, reuses and, when
 * a job goes past its limits, kills: a wall-clock limit (a base plus a share per page, once the
 * file's pages are known) and a memory limit (V8's heap cap plus the child's resident size, read
 * from /proc). A job past either fails with a typed `timeout` or `too_complex`; a child that dies
 * (a parser crash, V8 out of memory) fails its job with `too_complex` or `internal_error`. None of
 * these is retried, and the service that owns the pool goes on. Both queue modes run jobs here.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IngestError, type ErrorCode } from '../errors.js';
import type { IngestJobData, IngestResult, JobContext, JobRunOptions } from './job.js';
import { storeFailure, type JobFailure } from './job-failure.js';
import type { RunnerReply, RunnerRequest } from './runner-protocol.js';

export interface JobLimits {
  /** wall-clock limit of a job, before its pages are known */
  timeoutMs: number;
  /** added per page once the reader knows them */
  perPageMs: number;
  /** memory limit of the child: V8 heap cap and resident size */
  memoryMb: number;
}

export const DEFAULT_LIMITS: JobLimits = { timeoutMs: 120_000, perPageMs: 2_000, memoryMb: 1024 };

/** The compiled job runner: beside this module in dist/, or dist/ of the repo when run from source (tests). */
export function defaultRunnerFile(): string {
  const candidates = ['../../workers/job-runner.js', '../../dist/workers/job-runner.js'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((c) => existsSync(c)) ?? (candidates[0] as string);
}

/** Resident set size of a process in MB, from /proc (null where there is none). */
function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

interface Slot {
  child: ChildProcess;
  /** resolves when the child has loaded and listens (a job sent earlier could be lost) */
  ready: Promise<boolean>;
  /** the last lines the child wrote to stderr (V8 says "heap out of memory" there) */
  stderr: string;
  busy: boolean;
}

const STDERR_KEEP = 4096;
const POLL_MS = 200;

export interface RunnerPoolOptions {
  run: JobRunOptions;
  limits: JobLimits;
  /** environment of the children (the job options travel as TONGZHI_* variables) */
  env: NodeJS.ProcessEnv;
  runnerFile?: string;
}

export class RunnerPool {
  private readonly idle: Slot[] = [];
  private readonly all = new Set<Slot>();
  private closed = false;

  constructor(private readonly opts: RunnerPoolOptions) {}

  private spawn(): Slot {
    // The heap cap makes V8 fail (and the child exit) before the machine swaps; RSS is watched too
    // because buffers outside the heap (pdfjs images, inflated ZIP parts) are not counted there.
    const child = fork(this.opts.runnerFile ?? defaultRunnerFile(), [], {
      env: this.opts.env,
      execArgv: [`--max-old-space-size=${this.opts.limits.memoryMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const ready = new Promise<boolean>((resolve) => {
      child.on('message', (m: RunnerReply) => m.type === 'ready' && resolve(true));
      child.once('exit', () => resolve(false));
    });
    const slot: Slot = { child, ready, stderr: '', busy: false };
    child.stderr?.setEncoding('utf8').on('data', (t: string) => {
      slot.stderr = (slot.stderr + t).slice(-STDERR_KEEP);
    });
    child.on('error', () => undefined);
    child.once('exit', () => {
      this.all.delete(slot);
      const i = this.idle.indexOf(slot);
      if (i >= 0) this.idle.splice(i, 1);
    });
    this.all.add(slot);
    return slot;
  }

  /**
   * Runs one attempt in a child. Resolves with the result or rejects with a JobFailure, as
   * runIngestJob does; failures from a killed or dead child are stored here (the child cannot).
   */
  async run(data: IngestJobData, ctx: JobContext): Promise<IngestResult> {
    if (this.closed) throw new Error('the runner pool is closed');
    const slot = this.idle.pop() ?? this.spawn();
    slot.busy = true;
    const { limits } = this.opts;
    // The clock starts once the child listens: loading the parsers is not the job's time.
    await slot.ready;
    const started = Date.now();
    let deadline = started + limits.timeoutMs;
    let pages: number | null = null;

    type Outcome = { ok: IngestResult } | { failure: JobFailure } | { error: Error } | { killed: { code: ErrorCode; reason: string } } | { died: string };
    const outcome = await new Promise<Outcome>((resolve) => {
      let settled = false;
      const finish = (o: Outcome): void => {
        if (settled) return;
        settled = true;
        clearInterval(timer);
        slot.child.off('message', onMessage);
        slot.child.off('exit', onExit);
        resolve(o);
      };
      const kill = (code: ErrorCode, reason: string): void => {
        slot.child.kill('SIGKILL');
        finish({ killed: { code, reason } });
      };
      const onMessage = (m: RunnerReply): void => {
        if (m.type === 'progress') {
          if (m.progress.pages && pages === null) {
            pages = m.progress.pages;
            deadline = started + limits.timeoutMs + pages * limits.perPageMs;
          }
          void Promise.resolve(ctx.progress(m.progress)).catch(() => undefined);
        } else if (m.type === 'done') finish({ ok: m.result });
        else if (m.type === 'failed') finish({ failure: { error: new IngestError(m.error.code, m.error.file, m.error.stage, m.error.message.replace(`${m.error.file}: `, '')), final: m.final } });
        else if (m.type === 'error') finish({ error: new Error(m.message) });
        else if (m.type === 'crash') finish({ died: `the parser crashed (${m.message})` });
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (/heap out of memory|Allocation failed/i.test(slot.stderr)) {
          finish({ killed: { code: 'too_complex', reason: `needs more than the ${limits.memoryMb} MB memory limit (--job-memory-mb)` } });
        } else finish({ died: `the job process ended unexpectedly (${signal ?? `exit ${code}`})` });
      };
      const timer = setInterval(() => {
        const now = Date.now();
        if (now > deadline) {
          const allowed = Math.round((deadline - started) / 1000);
          kill('timeout', `took longer than ${allowed} s (--job-timeout ${limits.timeoutMs / 1000} s${pages ? ` + ${limits.perPageMs / 1000} s × ${pages} pages` : ''}); stopped`);
          return;
        }
        const rss = slot.child.pid ? rssMb(slot.child.pid) : null;
        if (rss !== null && rss > limits.memoryMb * 1.5) kill('too_complex', `needed more than ${Math.round(limits.memoryMb * 1.5)} MB of memory (--job-memory-mb ${limits.memoryMb}); stopped`);
      }, POLL_MS);
      slot.child.on('message', onMessage);
      slot.child.once('exit', onExit);
      const request: RunnerRequest = { type: 'run', data, attemptsMade: ctx.attemptsMade, attempts: ctx.attempts };
      void slot.ready.then((up) => {
        if (!up || settled) return; // its exit is reported by onExit
        slot.child.send(request, (err) => {
          if (err) finish({ died: `the job process could not be reached (${err.message})` });
        });
      });
    });

    slot.busy = false;
    if ('ok' in outcome || 'failure' in outcome || 'error' in outcome) {
      if (!this.closed && slot.child.exitCode === null && slot.child.signalCode === null) this.idle.push(slot);
      else slot.child.kill('SIGKILL');
      if ('ok' in outcome) return outcome.ok;
      throw 'failure' in outcome ? outcome.failure : outcome.error;
    }
    // The child is dead or being killed: the failure is stored here, once, and not retried.
    slot.child.kill('SIGKILL');
    const { code, reason } = 'killed' in outcome ? outcome.killed : { code: 'internal_error' as const, reason: outcome.died };
    const error = new IngestError(code, data.name, 'intake', reason);
    await storeFailure(this.opts.run.layout, data, code, 'intake', error.message, ctx.attemptsMade + 1);
    const failure: JobFailure = { error, final: true };
    throw failure;
  }

  /** Kills every child (a running job stays in the inbox and is taken again at the next start). */
  async close(): Promise<void> {
    this.closed = true;
    const exits = [...this.all].map((s) => new Promise<void>((r) => (s.child.exitCode !== null || s.child.signalCode !== null ? r() : s.child.once('exit', () => r()))));
    for (const s of this.all) s.child.kill(s.busy ? 'SIGKILL' : 'SIGTERM');
    await Promise.all(exits);
  }
}
