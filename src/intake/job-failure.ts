/**
 * @module intake/job-failure
 * How a job's failure travels and is stored, apart from the job itself (job.ts): the BullMQ
 * worker process and the runner pool need only this, and importing job.ts would load every
 * reader and extractor into a process that never reads a file.
 */
import type { DataLayout } from '../config.js';
import { IngestError, type ErrorCode, type Stage } from '../errors.js';
import type { IngestJobData } from './job.js';
import { settleFailed } from './outcome.js';

/** Thrown by runIngestJob: the typed error plus whether its failure is already stored. */
export interface JobFailure {
  error: IngestError;
  /** no retry will follow: failed/ holds the outcome */
  final: boolean;
}

/** Stores a final failure; used by the job itself and by the service for jobs that died (stalled too often). */
export async function storeFailure(layout: DataLayout, data: IngestJobData, code: ErrorCode, at: Stage, message: string, attempts: number): Promise<string> {
  return settleFailed(layout, data.path, { code, stage: at, message, file: data.name, attempts, id: data.id });
}

export function isJobFailure(e: unknown): e is JobFailure {
  return typeof e === 'object' && e !== null && 'error' in e && 'final' in e && (e as JobFailure).error instanceof IngestError;
}
