/**
 * The seed notices in the other formats (samples/formats, see its README), scored against the
 * seed gold by the eval's own scorer through the real CLI: .doc/.wps (LibreOffice when
 * installed, else word-extractor), .html/.mht (GBK pages with site chrome), .ofd (made from the seed PDFs).
 * Workbooks hold only the forms and are checked table by table in test/readers/xls.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers.js';

interface Totals {
  totals: Record<string, { tp: number; fp: number; fn: number }>;
  perDoc: Array<{ doc: string; error?: string }>;
}

function score(ext: string): Totals {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'test/fixtures/eval/score.mjs'), '--gold', join(ROOT, 'test/fixtures/eval'), '--docs', join(ROOT, 'samples/formats'), '--ext', ext, '--json'],
    { encoding: 'utf8', env: { ...process.env, EXTRACT_CMD: `${process.execPath} ${CLI} extract {} --no-keywords` }, maxBuffer: 64 << 20 },
  );
  return JSON.parse(r.stdout.slice(0, r.stdout.lastIndexOf('}') + 1)) as Totals;
}

const micro = (t: Totals): number => {
  const all = Object.values(t.totals).reduce((a, x) => ({ tp: a.tp + x.tp, fp: a.fp + x.fp, fn: a.fn + x.fn }), { tp: 0, fp: 0, fn: 0 });
  return (2 * all.tp) / (2 * all.tp + all.fp + all.fn);
};

describe.each([
  ['doc', 5],
  ['wps', 5],
  ['html', 5],
  ['mht', 1],
  ['ofd', 5],
])('seed gold, .%s', (ext, n) => {
  it(`every seed is extracted with micro-F1 ≥ 0.95`, { timeout: 300_000 }, () => {
    const t = score(ext);
    expect(t.perDoc).toHaveLength(n);
    expect(t.perDoc.filter((d) => d.error)).toEqual([]);
    expect(micro(t)).toBeGreaterThanOrEqual(0.95);
  });
});
