#!/usr/bin/env node
/**
 * @module cli/main
 * The `tongzhi` command. stdout carries only results (one JSON record, or the JSON Schema);
 * errors go to stderr as JSON `{code, file, stage, message}` with a non-zero exit code.
 */
import { parseArgs } from 'node:util';
import { ERROR_CODES, toIngestError } from '../errors.js';
import { DEFAULT_OPTIONS, processFile } from '../pipeline.js';
import { recordJsonSchema } from '../record/schema.js';

const HELP = `tongzhi — Chinese government notices (通知) → grounded JSON records

Usage:
  tongzhi extract FILE [--max-bytes N] [--no-keywords] [--compact]
      Read FILE (PDF, DOCX or text in UTF-8/UTF-16/GBK) and print its notice record as JSON.
  tongzhi schema
      Print the JSON Schema (draft 2020-12) of the notice record.
  tongzhi --help

Environment:
  TONGZHI_MAX_BYTES   reject files above this size before reading (default ${DEFAULT_OPTIONS.maxBytes})

Exit codes: 0 ok; ${[...new Set(Object.entries(ERROR_CODES).map(([c, v]) => `${v.exit} ${c}`))].join(', ')}; 2 usage.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      'max-bytes': { type: 'string' },
      'no-keywords': { type: 'boolean' },
      compact: { type: 'boolean' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${HELP}\n`);
    return command || values.help ? 0 : 2;
  }
  if (command === 'schema') {
    process.stdout.write(`${JSON.stringify(recordJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (command === 'extract') {
    const file = rest[0];
    if (!file || rest.length > 1) {
      process.stderr.write('usage: tongzhi extract FILE\n');
      return 2;
    }
    const maxBytes = Number(values['max-bytes'] ?? process.env['TONGZHI_MAX_BYTES'] ?? DEFAULT_OPTIONS.maxBytes);
    if (!Number.isFinite(maxBytes) || maxBytes <= 0) {
      process.stderr.write('--max-bytes must be a positive number\n');
      return 2;
    }
    try {
      const record = await processFile(file, { maxBytes, keywords: !values['no-keywords'] });
      process.stdout.write(`${JSON.stringify(record, null, values.compact ? 0 : 2)}\n`);
      return 0;
    } catch (e) {
      const err = toIngestError(e, file, 'read');
      process.stderr.write(`${JSON.stringify({ error: err.toJSON() })}\n`);
      return ERROR_CODES[err.code].exit;
    }
  }
  process.stderr.write(`unknown command: ${command}\n${HELP}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${JSON.stringify({ error: { code: 'internal_error', message: String(e) } })}\n`);
    process.exitCode = 6;
  },
);
