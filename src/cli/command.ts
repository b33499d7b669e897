/**
 * @module cli/command
 * One file per `tongzhi` subcommand, each exporting `command`. main.ts only dispatches, so a
 * command's flags, help and behaviour live together.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CONFIG_OPTIONS, resolveConfig, type ServiceConfig } from '../config.js';

export interface Command {
  name: string;
  /** one line for `tongzhi --help` */
  summary: string;
  /** usage line(s), e.g. `tongzhi watch [service options]` */
  usage: string;
  /** resolves to the process exit code */
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The service options of CONFIG_OPTIONS as parseArgs options (`--stability-ms` → stabilityMs). */
export const SERVICE_OPTIONS: Options = Object.fromEntries(
  CONFIG_OPTIONS.map((o) => [o.flag.slice(2), o.key === 'poll' ? { type: 'boolean' as const } : { type: 'string' as const }]),
);

export interface ParsedServiceArgs {
  config: ServiceConfig;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses service options plus a command's own; throws a usage Error on unknown flags. */
export function parseServiceArgs(argv: string[], own: Options = {}, env: NodeJS.ProcessEnv = process.env): ParsedServiceArgs {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...SERVICE_OPTIONS, ...own } });
  const flat = values as Record<string, string | boolean | undefined>;
  const byKey: Record<string, string | boolean | undefined> = {};
  for (const o of CONFIG_OPTIONS) byKey[o.key] = flat[o.flag.slice(2)];
  return { config: resolveConfig(byKey, env), values: flat, positionals };
}

export function serviceOptionsHelp(): string {
  return CONFIG_OPTIONS.map((o) => `  ${`${o.flag}${o.key === 'poll' ? '' : ' V'}`.padEnd(22)} ${o.env.padEnd(26)} ${o.description} (default ${o.default})`).join('\n');
}
