/**
 * @module intake/job
 * One ingest job, start to end, shared by the BullMQ sandboxed processor (workers/) and the
 * in-process queue so both modes behave the same: read → structure → extract → record written
 * atomically → original to done/; on the last attempt (or at once for bad input) the failure is
 * stored in failed/. Idempotent: a job run again after a crash finds its record and finishes.
 */
import type { OcrMode } from '../readers/ocr-mode.js';
import { basename } from 'node:path';
import { bundleAt, recordOfBundle } from '../bundle/index.js';
import type { DataLayout } from '../config.js';
import type { NoticeRecord } from '../record/schema.js';
import { ERROR_CODES, IngestError, toIngestError, type Stage } from '../errors.js';
import { extractFields } from '../extract/index.js';
import { readDocument } from '../readers/index.js';
import { buildRecord } from '../record/build.js';
import { segment } from '../structure/segment.js';
import { exists, recordPath, settleDone, storeRecord } from './outcome.js';
import { storeFailure, type JobFailure } from './job-failure.js';

export { ingestResultSchema, InvalidJobData, isInside, jobDataSchema, parseJobData } from './job-data.js';
export { isJobFailure, storeFailure, type JobFailure } from './job-failure.js';

/** What a job carries: the file's absolute path (the same on every machine: a shared volume) and its content id. */
export interface IngestJobData {
  id: string;
  path: string;
  name: string;
  size: number;
  /** epoch ms when the watcher enqueued it (for drop-to-record latency) */
  queuedAt: number;
}

export interface IngestResult {
  id: string;
  file: string;
  record: string;
  /** where the original went under done/ (null when it had already been moved) */
  keptAs: string | null;
  status: 'ok' | 'partial';
}

export type ProgressStage = 'read' | 'structure' | 'extract' | 'write' | 'done';
export interface JobProgress {
  stage: ProgressStage;
  percent: number;
  /** pages of the file, once read (the runner pool scales the job's time limit by them) */
  pages?: number;
}

export interface JobRunOptions {
  layout: DataLayout;
  maxBytes: number;
  keywords: boolean;
  /** OCR of scans and images (TONGZHI_OCR when absent) */
  ocr?: OcrMode;
}

export interface JobContext {
  /** attempts already made before this one */
  attemptsMade: number;
  /** attempts allowed in all */
  attempts: number;
  progress(p: JobProgress): unknown;
}

function stage<T>(file: string, at: Stage, run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw toIngestError(e, file, at);
  }
}

/** The record of a file, or of a bundle (a ZIP of files, a folder: bundle/) as one. */
async function recordOf(data: IngestJobData, opts: JobRunOptions, ctx: JobContext): Promise<NoticeRecord> {
  const file = data.name;
  let doc;
  try {
    const bundle = await bundleAt(data.path, opts.maxBytes);
    if (bundle) return await recordOfBundle(bundle, { maxBytes: opts.maxBytes, keywords: opts.keywords, ...(opts.ocr ? { ocr: opts.ocr } : {}) });
    doc = await readDocument(data.path, { maxBytes: opts.maxBytes, ...(opts.ocr ? { ocr: opts.ocr } : {}) });
  } catch (e) {
    throw toIngestError(e, basename(data.path), 'read');
  }
  await ctx.progress({ stage: 'structure', percent: 40, ...(doc.source.pages ? { pages: doc.source.pages } : {}) });
  const structure = stage(file, 'structure', () => segment(doc));
  await ctx.progress({ stage: 'extract', percent: 55 });
  const fields = stage(file, 'extract', () => extractFields(doc, structure, { keywords: opts.keywords }));
  return stage(file, 'record', () => buildRecord(doc, fields));
}

async function ingest(data: IngestJobData, opts: JobRunOptions, ctx: JobContext): Promise<IngestResult> {
  const file = data.name;
  if (!(await exists(data.path))) {
    // Run again after the original was moved (a crash between move and completion): finished.
    if (await exists(recordPath(opts.layout, data.id))) return { id: data.id, file, record: recordPath(opts.layout, data.id), keptAs: null, status: 'ok' };
    throw new IngestError('io_error', file, 'intake', 'the file is no longer in the inbox (moved or deleted before it was read)');
  }
  await ctx.progress({ stage: 'read', percent: 5 });
  const record = await recordOf(data, opts, ctx);
  await ctx.progress({ stage: 'write', percent: 85 });
  let path: string;
  let keptAs: string | null;
  try {
    path = await storeRecord(opts.layout, record);
    keptAs = await settleDone(opts.layout, data.path, record.id);
  } catch (e) {
    throw new IngestError('io_error', file, 'write', `cannot store the record (${(e as Error).message})`, { cause: e });
  }
  await ctx.progress({ stage: 'done', percent: 100 });
  return { id: record.id, file, record: path, keptAs, status: record.status };
}

/**
 * Runs one attempt. Resolves with the result, or rejects with a JobFailure; when `final`, the
 * failure is already in failed/ (error file first, then the original).
 */
export async function runIngestJob(data: IngestJobData, opts: JobRunOptions, ctx: JobContext): Promise<IngestResult> {
  try {
    return await ingest(data, opts, ctx);
  } catch (e) {
    const error = toIngestError(e, data.name, 'read');
    const attempt = ctx.attemptsMade + 1;
    const final = !ERROR_CODES[error.code].retryable || attempt >= ctx.attempts;
    if (final) await storeFailure(opts.layout, data, error.code, error.stage, error.message, attempt);
    const failure: JobFailure = { error, final };
    throw failure;
  }
}
