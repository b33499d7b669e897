/**
 * pdfjs-dist's legacy build bundles core-js, which replaces Node's own built-ins for the whole
 * process (Array.prototype.push, JSON.stringify …). readers/pdfjs-load puts them back: after
 * pdfjs (and its worker, loaded on the first read) they are the very functions Node started with.
 * Run in a fresh process, so that nothing imported before the check can hide a replacement.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SAMPLES } from '../helpers.js';

const ROOT = join(import.meta.dirname, '../..');

describe('pdfjs leaves the built-ins of the process alone', () => {
  it('push, JSON.stringify/parse and Function.prototype.toString are the originals after a PDF is read', () => {
    const script = `
      const originals = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse, toString: Function.prototype.toString, from: Array.from, assign: Object.assign };
      const { readBytes } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/readers/index.js')).href)});
      const { readFileSync } = await import('node:fs');
      const doc = await readBytes(new Uint8Array(readFileSync(${JSON.stringify(join(SAMPLES, '000_fc46f2fa053bb05e.pdf'))})), '000.pdf');
      const now = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse, toString: Function.prototype.toString, from: Array.from, assign: Object.assign };
      process.stdout.write(JSON.stringify({ blocks: doc.blocks.length, same: Object.fromEntries(Object.keys(originals).map((k) => [k, originals[k] === now[k]])) }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { blocks: number; same: Record<string, boolean> };
    expect(out.blocks).toBeGreaterThan(10);
    expect(out.same).toEqual({ push: true, stringify: true, parse: true, toString: true, from: true, assign: true });
  }, 60_000);
});
