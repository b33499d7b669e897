/**
 * @module cli/retry
 * `tongzhi retry [ID|FILE ...]`: after a fix, puts failed files back — every one, or those named
 * by content id or file name. Each original moves from failed/ back to where it was dropped and its
 * .error.json is removed; with Redis its failed BullMQ job is retried (attempts reset), without
 * Redis the watcher (running, or at its next start) takes the file again.
 */
import { retryFailed } from '../intake/report.js';
import { serviceOptionsHelp, type Command } from './command.js';
import { parseOrUsage, withQueue } from './status.js';

export const command: Command = {
  name: 'retry',
  summary: 'put failed files back in the queue after a fix (all, or by id / file name)',
  usage: `tongzhi retry [ID|FILE ...] [service options]\n\nService options (flag, environment variable):\n${serviceOptionsHelp()}`,
  async run(argv) {
    const parsed = parseOrUsage(command, argv);
    if (typeof parsed === 'number') return parsed;
    const { config, positionals } = parsed;
    return withQueue(config, async (queue) => {
      const done = await retryFailed(config.layout, positionals, queue);
      for (const r of done) {
        const where = r.movedTo ? `back in ${r.movedTo}` : 'original missing (only its error file was removed)';
        process.stdout.write(`${r.file}: ${where}${r.requeued ? ', re-queued' : queue ? '' : ', taken by the watcher'}\n`);
      }
      if (done.length === 0) process.stdout.write(positionals.length ? `no failed file matches ${positionals.join(' ')}\n` : 'nothing failed\n');
      return positionals.length && done.length === 0 ? 1 : 0;
    });
  },
};
