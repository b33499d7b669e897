/**
 * A job runner: a child process the runner pool (src/intake/runner.ts) forks and reuses. It runs
 * one ingest job at a time, sent over IPC, and answers with the result or the typed failure. The
 * parent enforces the wall-clock and memory limits by killing it; this side only makes sure that
 * it never outlives its parent (an orphan would spin forever) and that a crash is reported.
 */
import { isJobFailure, runIngestJob } from '../src/intake/job.js';
import { jobOptionsFromEnv } from '../src/intake/options.js';
import type { RunnerReply, RunnerRequest } from '../src/intake/runner-protocol.js';

const options = jobOptionsFromEnv();
const send = (m: RunnerReply): void => {
  if (process.connected) process.send?.(m);
};

// The parent is gone (killed, crashed): so is this job; nobody can take its answer.
process.on('disconnect', () => process.exit(0));
// A parser that throws outside its promise chain (pdfjs has done so) ends this process, not the service.
const crash = (e: unknown): void => {
  send({ type: 'crash', message: e instanceof Error ? e.message : String(e) });
  process.exit(70);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

process.on('message', (m: RunnerRequest) => {
  if (m.type !== 'run') return;
  runIngestJob(m.data, options, {
    attemptsMade: m.attemptsMade,
    attempts: m.attempts,
    progress: (progress) => send({ type: 'progress', progress }),
  }).then(
    (result) => send({ type: 'done', result }),
    (e: unknown) => {
      if (isJobFailure(e)) send({ type: 'failed', error: e.error.toJSON(), final: e.final });
      else send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    },
  );
});
send({ type: 'ready' });
