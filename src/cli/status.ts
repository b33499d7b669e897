/**
 * @module cli/status
 * `tongzhi status`: the queue's counts (BullMQ, when Redis is reachable), the data folder's counts
 * (inbox, records, done, duplicates, failed — what the in-process mode has), and the last failures
 * with their reasons, from failed/*.error.json. `--json` prints one JSON object instead.
 */
import { relative } from 'node:path';
import type { ServiceConfig } from '../config.js';
import { connectQueue, type BullQueue } from '../intake/bullmq.js';
import { listFailures } from '../intake/outcome.js';
import { folderCounts } from '../intake/report.js';
import { parseServiceArgs, serviceOptionsHelp, type Command, type ParsedServiceArgs } from './command.js';

type OwnOptions = Parameters<typeof parseServiceArgs>[1];

/** Parses a command's arguments; `--help` prints the usage (exit 0), a usage error prints it with the usage (exit 2). */
export function parseOrUsage(cmd: Command, argv: string[], own: OwnOptions = {}): ParsedServiceArgs | number {
  try {
    const parsed = parseServiceArgs(argv, { ...own, help: { type: 'boolean', short: 'h' } });
    if (!parsed.values['help']) return parsed;
    process.stdout.write(`${cmd.usage}\n\n${cmd.summary}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: ${cmd.usage}\n`);
    return 2;
  }
}

/** Runs `fn` with the BullMQ queue (null without Redis) and closes it; exit 1 when an explicit Redis is unreachable. */
export async function withQueue(config: ServiceConfig, fn: (queue: BullQueue | null) => Promise<number>): Promise<number> {
  let queue: BullQueue | null;
  try {
    queue = await connectQueue(config);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  try {
    return await fn(queue);
  } finally {
    await queue?.close();
  }
}

export const command: Command = {
  name: 'status',
  summary: 'queue and folder counts, and the last failures with their reasons',
  usage: `tongzhi status [--json] [--last N] [service options]\n\nService options (flag, environment variable):\n${serviceOptionsHelp()}`,
  async run(argv) {
    const parsed = parseOrUsage(command, argv, { json: { type: 'boolean' }, last: { type: 'string' } });
    if (typeof parsed === 'number') return parsed;
    const { config, values } = parsed;
    const last = Number(values['last'] ?? 10);
    return withQueue(config, async (queue) => {
      const queueCounts = queue ? await queue.counts() : null;
      const folders = await folderCounts(config.layout);
      const failures = (await listFailures(config.layout)).slice(0, Number.isInteger(last) && last > 0 ? last : 10);
      if (values['json']) {
        process.stdout.write(`${JSON.stringify({ mode: queue ? 'bullmq' : 'in-process', queue: queueCounts, folders, failures }, null, 2)}\n`);
        return 0;
      }
      const out: string[] = [];
      out.push(queue ? `queue ${queue.name} on ${config.redisUrl}` : 'no BullMQ queue (in-process mode, no Redis, or no service started in this data folder yet): counts from the data folder');
      if (queueCounts) out.push(`  waiting ${queueCounts.waiting}  active ${queueCounts.active}  delayed ${queueCounts.delayed}  completed ${queueCounts.completed}  failed ${queueCounts.failed}`);
      out.push(`data ${config.layout.data}`);
      out.push(`  inbox ${folders.inbox}  records ${folders.records}  done ${folders.done}  duplicates ${folders.duplicates}  failed ${folders.failed}`);
      if (folders.unreadable > 0) out.push(`  ${folders.unreadable} *.error.json in failed/ that are not tongzhi error reports (left untouched)`);
      if (failures.length) {
        out.push(`last failures (tongzhi retry puts them back):`);
        for (const f of failures)
          out.push(`  ${f.at}  ${f.file}  ${f.code} at ${f.stage}, ${f.attempts} attempt${f.attempts === 1 ? '' : 's'}: ${f.message}  [${relative(config.layout.data, f.errorFile)}]`);
      }
      process.stdout.write(`${out.join('\n')}\n`);
      return 0;
    });
  },
};
