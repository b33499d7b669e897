#!/usr/bin/env node
/**
 * A worker process that can run on any machine reaching REDIS_URL and mounting the data folder at
 * the same path as the watcher: `node dist/workers/worker.js` (settings from the TONGZHI_*
 * environment, see `tongzhi --help`). Stops gracefully on SIGINT/SIGTERM.
 */
import pino from 'pino';
import { resolveConfig } from '../src/config.js';
import { untilSignal } from '../src/intake/signals.js';
import { runWorkers } from '../src/intake/workers.js';

const log = pino({ name: 'tongzhi-worker' });
try {
  const workers = await runWorkers(resolveConfig({}), log);
  process.exitCode = await untilSignal(() => workers.close(), log);
} catch (e) {
  log.error({ err: (e as Error).message }, 'cannot start');
  process.exitCode = 1;
}
