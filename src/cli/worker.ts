/**
 * @module cli/worker
 * `tongzhi worker`: BullMQ workers only (no watcher), for more processing power on this or another
 * machine sharing Redis and the data folder (mounted at the same path). Needs Redis.
 */
import pino from 'pino';
import { untilSignal } from '../intake/signals.js';
import { runWorkers } from '../intake/workers.js';
import { serviceOptionsHelp, type Command } from './command.js';
import { parseOrUsage } from './status.js';

export const command: Command = {
  name: 'worker',
  summary: 'process queued files from Redis (sandboxed workers; scale out on other machines)',
  usage: `tongzhi worker [service options]   (--workers N processes' worth of workers, --concurrency jobs each)\n\nService options (flag, environment variable):\n${serviceOptionsHelp()}`,
  async run(argv) {
    const parsed = parseOrUsage(command, argv);
    if (typeof parsed === 'number') return parsed;
    const log = pino({ name: 'tongzhi-worker' });
    let workers;
    try {
      workers = await runWorkers(parsed.config, log);
    } catch (e) {
      // A setup problem (no Redis, no data folder here, a queue of another inbox): said, exit 1.
      process.stderr.write(`${(e as Error).message}\n`);
      return 1;
    }
    return await untilSignal(() => workers.close(), log);
  },
};
