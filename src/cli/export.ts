/**
 * @module cli/export
 * `tongzhi export --format es-bulk [--output FILE] [--index NAME]`: every stored record as an
 * Elasticsearch/OpenSearch `_bulk` NDJSON body (`curl -H 'Content-Type: application/x-ndjson'
 * --data-binary @FILE $ES/_bulk`). `--format es-mapping` prints the index settings and mapping
 * to PUT first. A file is written under a temporary name and renamed when complete.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ES_INDEX, ES_INDEX_BODY, esBulkLines, readRecords } from '../sinks/index.js';
import { parseServiceArgs, serviceOptionsHelp, type Command } from './command.js';

const FORMATS = ['es-bulk', 'es-mapping'] as const;

async function writeAll(out: Writable, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
}

export const command: Command = {
  name: 'export',
  summary: 'export the records for Elasticsearch/OpenSearch (es-bulk NDJSON, es-mapping)',
  usage: 'tongzhi export --format es-bulk|es-mapping [--output FILE] [--index NAME] [service options]',
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
    const index = typeof values['index'] === 'string' ? values['index'] : ES_INDEX;
    const chunks: Iterable<string> =
      format === 'es-mapping'
        ? [`${JSON.stringify(ES_INDEX_BODY, null, 2)}\n`]
        : esBulkLines((await readRecords(config.layout.records)).map((r) => r.record), { baseUrl: config.baseUrl, index });
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
