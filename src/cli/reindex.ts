/**
 * @module cli/reindex
 * `tongzhi reindex`: rebuilds the search index and feed.json from `<out>/records` (after an
 * upgrade of the tokenizer, or when the index was deleted). Ingest times already in the old
 * index are kept; others come from the record files' mtimes.
 */
import pino from 'pino';
import { rebuildOutputs } from '../sinks/index.js';
import { parseServiceArgs, serviceOptionsHelp, type Command } from './command.js';

export const command: Command = {
  name: 'reindex',
  summary: 'rebuild the search index and feed.json from out/records',
  usage: 'tongzhi reindex [service options]',
  async run(argv) {
    const { values, config } = parseServiceArgs(argv, { help: { type: 'boolean', short: 'h' } });
    if (values['help']) {
      process.stdout.write(`${command.usage}\n\n${command.summary}\n\nService options:\n${serviceOptionsHelp()}\n`);
      return 0;
    }
    const logger = pino({ name: 'tongzhi-reindex' }, pino.destination(2));
    const { documents, ms } = await rebuildOutputs(config, logger);
    process.stdout.write(`${JSON.stringify({ documents, ms, index: config.layout.index, feed: config.layout.feed })}\n`);
    return 0;
  },
};
