/**
 * The BullMQ sandboxed processor: BullMQ forks a child process that imports this file (compiled to
 * dist/workers/ingest-processor.js) and calls the default export once per job. The job options
 * (data folder layout, size limit, keywords) come from the TONGZHI_* environment.
 *
 * Bad input (a non-retryable IngestError) becomes an UnrecoverableError, so BullMQ fails the job at
 * once; transient errors are rethrown and retried with exponential backoff. Either way the thrown
 * error keeps `code`, `stage` and `file` (BullMQ copies own properties across the process boundary).
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { toIngestError } from '../src/errors.js';
import { isJobFailure, runIngestJob, type IngestJobData, type IngestResult, type JobProgress } from '../src/intake/job.js';
import { jobOptionsFromEnv } from '../src/intake/options.js';

const options = jobOptionsFromEnv();

export default async function ingestProcessor(job: SandboxedJob<IngestJobData, IngestResult>): Promise<IngestResult> {
  try {
    return await runIngestJob(job.data, options, {
      attemptsMade: job.attemptsMade,
      attempts: job.opts.attempts ?? 1,
      progress: (p: JobProgress) => job.updateProgress(p),
    });
  } catch (e) {
    const error = isJobFailure(e) ? e.error : toIngestError(e, job.data.name, 'intake');
    const details = { code: error.code, stage: error.stage, file: error.file };
    if (!error.retryable) throw Object.assign(new UnrecoverableError(error.message), details);
    throw Object.assign(new Error(error.message), details);
  }
}
