#!/usr/bin/env node
/**
 * @module cli/main
 * The `tongzhi` command: dispatches to one module per subcommand, loaded only when used (the
 * service commands pull in BullMQ and the HTTP server, `extract` does not).
 */
import { ConfigError } from '../config.js';
import { ERROR_CODES } from '../errors.js';
import { DEFAULT_OPTIONS } from '../pipeline.js';
import { recordJsonSchema } from '../record/schema.js';
import { serviceOptionsHelp, type Command } from './command.js';

const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema (draft 2020-12) of the notice record.',
  usage: 'tongzhi schema',
  async run() {
    process.stdout.write(`${JSON.stringify(recordJsonSchema(), null, 2)}\n`);
    return 0;
  },
};

const COMMANDS: Record<string, () => Promise<Command>> = {
  extract: async () => (await import('./extract.js')).extractCommand,
  forms: async () => (await import('./extract.js')).formsCommand,
  schema: async () => schemaCommand,
  start: async () => (await import('./start.js')).command,
  watch: async () => (await import('./watch.js')).command,
  worker: async () => (await import('./worker.js')).command,
  ingest: async () => (await import('./ingest.js')).command,
  status: async () => (await import('./status.js')).command,
  retry: async () => (await import('./retry.js')).command,
  purge: async () => (await import('./purge.js')).command,
  serve: async () => (await import('./serve.js')).command,
  reindex: async () => (await import('./reindex.js')).command,
  export: async () => (await import('./export.js')).command,
};

async function help(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  return `tongzhi — Chinese government notices (通知) → grounded JSON records, forms, feed and search

Usage:
${commands.map((c) => `  ${c.usage.split('\n')[0] ?? c.name}\n      ${c.summary}`).join('\n')}
  tongzhi COMMAND --help

Service options (flag, environment variable, meaning):
${serviceOptionsHelp()}

Environment for extract/forms:
  TONGZHI_MAX_BYTES   reject files above this size before reading (default ${DEFAULT_OPTIONS.maxBytes})
  TONGZHI_OCR         off, auto or force: OCR of scanned PDFs and page images (default auto; --ocr)

Exit codes: 0 ok; ${[...new Set(Object.entries(ERROR_CODES).map(([c, v]) => `${v.exit} ${c}`))].join(', ')}; 2 usage.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${await help()}\n`);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`unknown command: ${name}\n${await help()}\n`);
    return 2;
  }
  try {
    return await (await load()).run(rest);
  } catch (e) {
    // parseArgs rejects unknown flags with a TypeError carrying a code: a usage error.
    if ((e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) || e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    // intake/namespace's SetupError (explicit Redis down, no data folder, a queue of another inbox),
    // matched by name so that extract never loads the queue modules.
    if (e instanceof Error && e.name === 'SetupError') {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${JSON.stringify({ error: { code: 'internal_error', message: e instanceof Error ? e.message : String(e) } })}\n`);
    process.exitCode = 6;
  },
);
