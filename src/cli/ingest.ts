/**
 * @module cli/ingest
 * `tongzhi ingest DIR`: a one-off batch. DIR is taken as the inbox for this run (its files, and
 * its sub-folders — each one notice with its attachment files — are moved to done/ or failed/
 * exactly as the watcher would), a progress bar goes
 * to stderr, and a summary (stored / duplicates / failed with reasons) to stdout. Exit 0 when no
 * file failed, 1 when some did (duplicates are not failures), 2 on usage errors.
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import pino from 'pino';
import { startService, type Settlement } from '../intake/service.js';
import { listUnits } from '../intake/watcher.js';
import { openPublisher } from '../sinks/index.js';
import { serviceOptionsHelp, type Command } from './command.js';
import { parseOrUsage } from './status.js';

export function summarize(dir: string, settled: Settlement[], data: string): string {
  const by = <K extends Settlement['kind']>(k: K): Array<Extract<Settlement, { kind: K }>> => settled.filter((s): s is Extract<Settlement, { kind: K }> => s.kind === k);
  const stored = by('stored');
  const dups = by('duplicate');
  const failed = by('failed');
  const lines = [`${dir}: ${stored.length} stored, ${dups.length} duplicate${dups.length === 1 ? '' : 's'}, ${failed.length} failed`];
  const partial = stored.filter((s) => s.status === 'partial').length;
  if (partial) lines.push(`  (${partial} of the stored records are partial: see their issues)`);
  if (dups.length) {
    lines.push('duplicates (not processed again; kept under done/duplicates):');
    for (const d of dups) lines.push(`  ${d.file} = ${d.report.duplicateOf} (${d.report.twin})`);
  }
  if (failed.length) {
    lines.push('failed (originals and .error.json in failed/):');
    for (const f of failed) lines.push(`  ${f.file}: ${f.code} at ${f.stage} — ${f.message}${f.errorFile ? ` [${relative(data, f.errorFile)}]` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export const command: Command = {
  name: 'ingest',
  summary: 'one-off batch: ingest every file in DIR (moved to done/ or failed/), progress bar and summary',
  usage: `tongzhi ingest DIR [--no-progress] [service options]\n\nService options (flag, environment variable):\n${serviceOptionsHelp()}`,
  async run(argv) {
    const parsed = parseOrUsage(command, argv, { 'no-progress': { type: 'boolean' } });
    if (typeof parsed === 'number') return parsed;
    const [dir, ...extra] = parsed.positionals;
    if (!dir || extra.length > 0 || !existsSync(dir) || !statSync(dir).isDirectory()) {
      process.stderr.write(`${dir ? `not a folder: ${dir}\n` : ''}usage: ${command.usage}\n`);
      return 2;
    }
    const inbox = resolve(dir);
    const config = { ...parsed.config, layout: { ...parsed.config.layout, inbox } };
    const log = pino({ name: 'tongzhi', level: 'error' }, pino.destination(2));
    const total = (await listUnits(inbox)).length;
    const bar = parsed.values['no-progress']
      ? null
      : new cliProgress.SingleBar({ stream: process.stderr, format: 'ingest [{bar}] {value}/{total} {file}', hideCursor: true }, cliProgress.Presets.shades_classic);
    bar?.start(total, 0, { file: '' });
    const publisher = await openPublisher(config, log);
    const settled: Settlement[] = [];
    try {
      const service = await startService(config, { logger: log, publisher, watch: false, publishScope: 'own' });
      process.stderr.write(bar ? '' : `ingest: ${total} files, queue mode ${service.mode}\n`);
      service.onSettled((s) => {
        settled.push(s);
        bar?.increment(1, { file: s.file });
      });
      await service.idle();
      await service.close();
    } finally {
      bar?.stop();
      await publisher.close();
    }
    process.stdout.write(summarize(dir, settled, config.layout.data));
    return settled.some((s) => s.kind === 'failed') ? 1 : 0;
  },
};
