/**
 * @module intake/runner-protocol
 * The messages between the runner pool and its job-runner children (workers/job-runner.ts).
 */
import type { IngestErrorData } from '../errors.js';
import type { IngestJobData, IngestResult, JobProgress } from './job.js';

export type RunnerRequest = { type: 'run'; data: IngestJobData; attemptsMade: number; attempts: number };

export type RunnerReply =
  | { type: 'ready' }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'done'; result: IngestResult }
  | { type: 'failed'; error: IngestErrorData; final: boolean }
  /** the job's outcome could not even be stored (e.g. failed/ not writable): the queue retries it as such */
  | { type: 'error'; message: string }
  | { type: 'crash'; message: string };
