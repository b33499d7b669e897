/**
 * @module cli/purge
 * `tongzhi purge`: forgets every job of this data folder's queue namespace in Redis (waiting,
 * failed, completed history, the inbox claim). The data folder is not touched: records, done/ and
 * failed/ stay, and they, not Redis, say what is known. Refuses while a job is active unless --force.
 */
import { SetupError } from '../intake/namespace.js';
import { serviceOptionsHelp, type Command } from './command.js';
import { parseOrUsage, withQueue } from './status.js';

export const command: Command = {
  name: 'purge',
  summary: "forget this data folder's jobs in Redis (the data folder is kept); --force even while jobs run",
  usage: `tongzhi purge [--force] [service options]\n\nService options (flag, environment variable):\n${serviceOptionsHelp()}`,
  async run(argv) {
    const parsed = parseOrUsage(command, argv, { force: { type: 'boolean' } });
    if (typeof parsed === 'number') return parsed;
    const { config, values } = parsed;
    if (config.queueMode === 'inprocess') throw new SetupError('purge forgets jobs in Redis; in-process mode keeps none');
    return withQueue({ ...config, queueMode: 'redis' }, async (queue) => {
      if (!queue) {
        process.stdout.write(`no queue namespace for ${config.layout.data} (no service started there): nothing to purge\n`);
        return 0;
      }
      const before = await queue.counts();
      try {
        await queue.purge(values['force'] === true);
      } catch (e) {
        process.stderr.write(`cannot purge while jobs are active (${(e as Error).message}); stop the workers or use --force\n`);
        return 1;
      }
      const n = before.waiting + before.active + before.delayed + before.completed + before.failed;
      process.stdout.write(`purged queue ${queue.name}: ${n} job${n === 1 ? '' : 's'} forgotten (waiting ${before.waiting}, active ${before.active}, delayed ${before.delayed}, completed ${before.completed}, failed ${before.failed})\n`);
      return 0;
    });
  },
};
