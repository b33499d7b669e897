/**
 * @module cli/export
 * `tongzhi export --format es-bulk [--output FILE] [--index NAME]`: every stored record as an
 * Elasticsearch/OpenSearch `_bulk` NDJSON body (`curl -H 'Content-Type: application/x-ndjson'
 * --data-binary @FILE $ES/_bulk`). `--format es-mapping` prints the index settings and mapping
 * to PUT first. Records are exported with their staff corrections. A file is written under a temporary name and renamed when complete.
 *
 * `--format gold --output DIR`: every notice a staff member marked as checked on the page, with
 * its corrections, as `DIR/gold/<id>.json` (eval/GOLD_SCHEMA.md) and its text as `DIR/docs/<id>.txt`,
 * the layout the scorer reads. Without --output, one gold record a line on stdout.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { join } from 'node:path';
import type { ServiceConfig } from '../config.js';
import { goldOf } from '../record/gold.js';
import { writeFileAtomic } from '../sinks/atomic.js';
import { ES_INDEX, ES_INDEX_BODY, esBulkLines, readRecords } from '../sinks/index.js';
import { corrected, correctedWith, readOverrides } from '../sinks/overrides-store.js';
import { parseServiceArgs, serviceOptionsHelp, type Command } from './command.js';

const FORMATS = ['es-bulk', 'es-mapping', 'gold'] as const;

/** The checked notices as gold records; written under `dir`, or printed one a line. */
async function exportGold(config: ServiceConfig, dir: string | undefined): Promise<number> {
  let n = 0;
  for (const { record } of await readRecords(config.layout.records)) {
    let checked: boolean;
    try {
      checked = readOverrides(config.layout, record.id).checked !== null;
    } catch (e) {
      process.stderr.write(`${record.id}: ${(e as Error).message}; skipped\n`);
      continue;
    }
    if (!checked) continue;
    const r = correctedWith(config.layout, record).record;
    const gold = goldOf(r);
    if (dir === undefined) process.stdout.write(`${JSON.stringify(gold)}\n`);
    else {
      await writeFileAtomic(join(dir, 'gold', `${r.id}.json`), `${JSON.stringify(gold, null, 2)}\n`);
      await writeFileAtomic(join(dir, 'docs', `${r.id}.txt`), r.text);
    }
    n += 1;
  }
  process.stderr.write(`${n} checked notice(s) exported as gold${dir === undefined ? '' : ` to ${dir}`}\n`);
  return 0;
}

async function writeAll(out: Writable, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
}

export const command: Command = {
  name: 'export',
  summary: 'export the records for Elasticsearch/OpenSearch (es-bulk NDJSON, es-mapping), or the checked ones as gold labels',
  usage: 'tongzhi export --format es-bulk|es-mapping|gold [--output FILE|DIR] [--index NAME] [service options]',
  async run(argv) {
    const { values, config } = parseServiceArgs(argv, {
      help: { type: 'boolean', short: 'h' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      index: { type: 'string' },
    });
    if (values['help']) {
      process.stdout.write(`${command.usage}\n\n${command.summary}\n\nService options:\n${serviceOptionsHelp()}\n`);
      return 0;
    }
    const format = values['format'];
    if (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format)) {
      process.stderr.write(`--format must be one of ${FORMATS.join(', ')}\nusage: ${command.usage}\n`);
      return 2;
    }
    if (format === 'gold') return exportGold(config, typeof values['output'] === 'string' ? values['output'] : undefined);
    const index = typeof values['index'] === 'string' ? values['index'] : ES_INDEX;
    const chunks: Iterable<string> =
      format === 'es-mapping'
        ? [`${JSON.stringify(ES_INDEX_BODY, null, 2)}\n`]
        : esBulkLines((await readRecords(config.layout.records)).map((r) => corrected(config.layout, r.record)), { baseUrl: config.baseUrl, index });
    const output = values['output'];
    if (typeof output !== 'string') {
      await writeAll(process.stdout, chunks);
      return 0;
    }
    const tmp = `${output}.${process.pid}.tmp`;
    const file = createWriteStream(tmp);
    try {
      await writeAll(file, chunks);
      file.end();
      await once(file, 'finish');
      await rename(tmp, output);
    } catch (e) {
      file.destroy();
      await rm(tmp, { force: true });
      throw e;
    }
    return 0;
  },
};
