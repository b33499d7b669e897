/**
 * The README documents every service option and every command the CLI has, so the two
 * cannot drift apart silently.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_OPTIONS } from '../src/config.js';
import { ROOT, runCli } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it.each(CONFIG_OPTIONS.map((o) => [o.flag, o.env, o.default]))('lists %s / %s with its default', (flag, env, dflt) => {
    expect(readme).toContain(`| \`${flag}\` | \`${env}\` | \`${dflt}\` |`);
  });

  it('names every command of `tongzhi --help`', () => {
    const help = runCli(['--help']).stdout;
    const commands = [...help.matchAll(/^ {2}tongzhi ([a-z]+)/gm)].map((m) => m[1] as string).filter((c) => c !== 'COMMAND');
    expect(commands.length).toBeGreaterThanOrEqual(12);
    for (const c of commands) expect(readme, c).toContain(`tongzhi ${c}`);
  });
});
