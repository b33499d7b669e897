/**
 * @module intake/workers
 * A worker-only process (`tongzhi worker`, `node dist/workers/worker.js`): BullMQ workers with
 * sandboxed processors against REDIS_URL, on this machine or another one that mounts the same
 * data folder at the same path. It refuses to start when it cannot serve its queue: no Redis, no
 * data folder here, or a queue that belongs to an inbox at another path.
 */
import type pino from 'pino';
import type { ServiceConfig } from '../config.js';
import { redisFor, startWorkers, stallSettingsFromEnv } from './bullmq.js';
import { bindNamespace, ownerMismatch, queueOwner, SetupError, withRedis } from './namespace.js';

export interface WorkerProcess {
  close(): Promise<void>;
}

export async function runWorkers(given: ServiceConfig, log: pino.Logger, env: NodeJS.ProcessEnv = process.env): Promise<WorkerProcess> {
  if (given.queueMode === 'inprocess') throw new SetupError('a worker needs Redis (queue mode inprocess): without Redis, `tongzhi watch` processes files itself');
  const redis = await redisFor({ ...given, queueMode: 'redis' });
  const url = redis.url as string;
  const config = await bindNamespace(given, { create: false });
  const owner = await withRedis(url, (r) => queueOwner(r, config));
  const mismatch = ownerMismatch(owner, config);
  if (mismatch) throw new SetupError(mismatch);
  if (!owner) log.warn({ prefix: config.prefix, queue: config.queueName }, 'no service has claimed this queue yet; waiting for jobs');
  const count = Math.max(1, config.workers);
  const set = startWorkers(config, url, {
    count,
    env,
    stall: stallSettingsFromEnv(env),
    onError: (e) => log.error({ err: e.message }, 'worker error'),
  });
  for (const w of set.workers) {
    w.on('active', (job) => log.info({ id: job.id, file: job.data.name, attempt: job.attemptsMade + 1 }, 'processing'));
    w.on('completed', (job, r) => log.info({ id: r.id, file: r.file, status: r.status }, 'stored'));
    w.on('failed', (job, err) => log.warn({ id: job?.id, file: job?.data.name, err: err.message }, 'failed'));
  }
  log.info({ redis: url, queue: config.queueName, prefix: config.prefix, workers: count, concurrency: config.concurrency }, 'workers started');
  return {
    async close() {
      await set.close();
      log.info('workers stopped');
    },
  };
}
