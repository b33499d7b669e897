/**
 * @module cli/serve
 * `tongzhi serve`: the HTTP API over the outputs in `<out>` (the index is reloaded whenever the
 * watcher rewrites it). JSON logs on stdout; stops cleanly on SIGINT/SIGTERM.
 */
import pino from 'pino';
import { ConfigError } from '../config.js';
import { startServer } from '../server/index.js';
import { parseServiceArgs, serviceOptionsHelp, type Command } from './command.js';

export const command: Command = {
  name: 'serve',
  summary: 'HTTP API: /notices, /search, /feed.json, /deadlines.ics, /health, /metrics, /admin/queues (staff endpoints need an API key)',
  usage: 'tongzhi serve [service options]',
  async run(argv) {
    const { values, config } = parseServiceArgs(argv, { help: { type: 'boolean', short: 'h' } });
    if (values['help']) {
      process.stdout.write(`${command.usage}\n\n${command.summary}\n\nService options:\n${serviceOptionsHelp()}\n`);
      return 0;
    }
    const logger = pino({ name: 'tongzhi-api' });
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      // 'connect': in BullMQ mode the board, the queue depth and the job outcomes come from Redis.
      server = await startServer(config, { logger, queue: 'connect' });
    } catch (e) {
      logger.error({ err: (e as Error).message }, 'cannot start the HTTP API');
      return e instanceof ConfigError ? 2 : 1;
    }
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals): void => {
        logger.info({ signal }, 'stopping');
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};
