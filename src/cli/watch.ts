/**
 * @module cli/watch
 * `tongzhi watch`: the service. Watches the inbox, queues every stable file (BullMQ when Redis is
 * reachable, else in-process — the first log line says which), runs `--workers` sandboxed
 * workers, publishes every stored record to the feed and index, stops gracefully on SIGINT/SIGTERM.
 */
import { mkdir } from 'node:fs/promises';
import pino from 'pino';
import { startService } from '../intake/service.js';
import { untilSignal } from '../intake/signals.js';
import { openPublisher } from '../sinks/index.js';
import { serviceOptionsHelp, type Command } from './command.js';
import { parseOrUsage } from './status.js';

export const command: Command = {
  name: 'watch',
  summary: 'watch the inbox: every file dropped there becomes a record (or a failure in failed/)',
  usage: `tongzhi watch [service options]\n\nService options (flag, environment variable):\n${serviceOptionsHelp()}`,
  async run(argv) {
    const parsed = parseOrUsage(command, argv);
    if (typeof parsed === 'number') return parsed;
    const { config } = parsed;
    const log = pino({ name: 'tongzhi' });
    await mkdir(config.layout.inbox, { recursive: true });
    const publisher = await openPublisher(config, log);
    try {
      const service = await startService(config, { logger: log, publisher });
      return await untilSignal(async () => {
        await service.close();
        await publisher.close();
      }, log);
    } catch (e) {
      log.error({ err: (e as Error).message }, 'cannot start the service');
      await publisher.close();
      return 1;
    }
  },
};
