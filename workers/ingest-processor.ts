/**
 * The BullMQ sandboxed processor: BullMQ forks a child process that imports this file (compiled to
 * dist/workers/ingest-processor.js) and calls the default export once per job. The job options
 * (data folder layout, size limit, keywords) come from the TONGZHI_* environment.
 *
 * Job data is validated first (parseJobData: a content id, a path inside the inbox); a bad job fails
 * at once with an UnrecoverableError saying what is wrong, and no file is read or moved.
 * Bad input (a non-retryable IngestError) becomes an UnrecoverableError, so BullMQ fails the job at
 * once; transient errors are rethrown and retried with exponential backoff. Either way the thrown
 * error keeps `code`, `stage` and `file` (BullMQ copies own properties across the process boundary).
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { toIngestError } from '../src/errors.js';
import { contentIdOf, InvalidJobData, parseJobData } from '../src/intake/job-data.js';
import { isJobFailure, runIngestJob, type IngestJobData, type IngestResult, type JobProgress } from '../src/intake/job.js';
import { jobOptionsFromEnv } from '../src/intake/options.js';

const options = jobOptionsFromEnv();

export default async function ingestProcessor(job: SandboxedJob<IngestJobData, IngestResult>): Promise<IngestResult> {
  // The data comes from Redis: a job whose id or path is not ours fails at once, before any file is touched.
  let data: IngestJobData;
  try {
    data = parseJobData(job.data, options.layout.inbox, job.id === undefined ? undefined : contentIdOf(job.id));
  } catch (e) {
    throw Object.assign(new UnrecoverableError(e instanceof InvalidJobData ? e.message : `invalid job data: ${String(e)}`), { code: 'invalid_job', stage: 'intake' });
  }
  try {
    return await runIngestJob(data, options, {
      attemptsMade: job.attemptsMade,
      attempts: job.opts.attempts ?? 1,
      progress: (p: JobProgress) => job.updateProgress(p),
    });
  } catch (e) {
    const error = isJobFailure(e) ? e.error : toIngestError(e, data.name, 'intake');
    const details = { code: error.code, stage: error.stage, file: error.file };
    if (!error.retryable) throw Object.assign(new UnrecoverableError(error.message), details);
    throw Object.assign(new Error(error.message), details);
  }
}
