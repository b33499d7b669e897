/**
 * Data flows one way: readers → structure → extract → record → pipeline → bundle → (config) → store → sinks →
 * intake → server → cli. A module may
 * import code only from its own stage or the stages before it; this test reads the imports.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const ORDER = ['document', 'errors', 'readers', 'structure', 'extract', 'record', 'pipeline', 'bundle', 'config', 'store', 'sinks', 'intake', 'server', 'cli'];

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });

const stageOf = (path: string): number => {
  const top = relative(join(ROOT, 'src'), path).split('/')[0]?.replace(/\.ts$/, '') ?? '';
  return ORDER.indexOf(top);
};

describe('architecture', () => {
  const sources = files(join(ROOT, 'src'));

  it.each(sources.map((f) => [relative(ROOT, f), f]))('%s imports only its own or earlier stages', (_name, file) => {
    const own = stageOf(file);
    expect(own).toBeGreaterThanOrEqual(0);
    const text = readFileSync(file, 'utf8');
    // Type-only imports (the record's field types) are erased at run time and carry no flow.
    for (const m of text.matchAll(/^import (?!type )[^;]*?from '(\.[^']+)'/gms)) {
      const target = join(file, '..', (m[1] ?? '').replace(/\.js$/, '.ts'));
      expect(stageOf(target), `${relative(ROOT, file)} imports ${m[1]}`).toBeLessThanOrEqual(own);
    }
  });

  it.each(sources.map((f) => [relative(ROOT, f), f]))('%s stays under 500 lines', (_name, file) => {
    expect(readFileSync(file, 'utf8').split('\n').length).toBeLessThan(500);
  });
});
