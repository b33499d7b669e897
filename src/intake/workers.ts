/**
 * @module intake/workers
 * A worker-only process (`tongzhi worker`, `node dist/workers/worker.js`): BullMQ workers with
 * sandboxed processors against REDIS_URL, on this machine or another one that mounts the same
 * data folder at the same path.
 */
import type pino from 'pino';
import type { ServiceConfig } from '../config.js';
import { startWorkers, stallSettingsFromEnv } from './bullmq.js';
import { configEnv } from './options.js';

export interface WorkerProcess {
  close(): Promise<void>;
}

export function runWorkers(config: ServiceConfig, log: pino.Logger, env: NodeJS.ProcessEnv = process.env): WorkerProcess {
  if (config.redisUrl === null) throw new Error('a worker needs Redis: set REDIS_URL (or --redis); without Redis, `tongzhi watch` processes files itself');
  const count = Math.max(1, config.workers);
  const workers = startWorkers(config, config.redisUrl, {
    count,
    childEnv: { ...env, ...configEnv(config) },
    stall: stallSettingsFromEnv(env),
    onError: (e) => log.error({ err: e.message }, 'worker error'),
  });
  for (const w of workers) {
    w.on('active', (job) => log.info({ id: job.id, file: job.data.name, attempt: job.attemptsMade + 1 }, 'processing'));
    w.on('completed', (job, r) => log.info({ id: r.id, file: r.file, status: r.status }, 'stored'));
    w.on('failed', (job, err) => log.warn({ id: job?.id, file: job?.data.name, err: err.message }, 'failed'));
  }
  log.info({ redis: config.redisUrl, queue: config.queueName, prefix: config.prefix, workers: count, concurrency: config.concurrency }, 'workers started');
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      log.info('workers stopped');
    },
  };
}
