/**
 * @module cli/reindex
 * `tongzhi reindex`: rebuilds the notice store (SQLite or PostgreSQL, see --store) and
 * feed.json from `<out>/records`, the source of truth. A publisher does it by itself when the
 * tokenizer changed or the store is new. Ingest times already stored are kept; others come from
 * the record files' mtimes.
 */
import pino from 'pino';
import { rebuildOutputs } from '../sinks/index.js';
import { redactUrl, sqliteFile } from '../store/index.js';
import { parseServiceArgs, serviceOptionsHelp, type Command } from './command.js';

export const command: Command = {
  name: 'reindex',
  summary: 'rebuild the notice store (search, feed order, calendar) and feed.json from out/records',
  usage: 'tongzhi reindex [service options]',
  async run(argv) {
    const { values, config } = parseServiceArgs(argv, { help: { type: 'boolean', short: 'h' } });
    if (values['help']) {
      process.stdout.write(`${command.usage}\n\n${command.summary}\n\nService options:\n${serviceOptionsHelp()}\n`);
      return 0;
    }
    const logger = pino({ name: 'tongzhi-reindex' }, pino.destination(2));
    const { documents, ms } = await rebuildOutputs(config, logger);
    process.stdout.write(`${JSON.stringify({ documents, ms, index: config.layout.index, store: config.store === 'sqlite' ? sqliteFile(config) : redactUrl(config.store), feed: config.layout.feed })}\n`);
    return 0;
  },
};
