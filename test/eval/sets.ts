/**
 * The development set, scored by the eval's own scorer (test/fixtures/eval/score.mjs, a copy of
 * shared/eval/score.mjs) through the real CLI: the five seeds, the 44 real notices of
 * shared/eval/real (copied to test/fixtures/eval/real-shared) and the real notices this project
 * collected (test/fixtures/real). Used by `npm run eval` and by test/eval/real.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..', '..').replace(/[\\/]dist$/, '');
const SCORER = join(ROOT, 'test/fixtures/eval/score.mjs');
/** The built pipeline (what `tongzhi extract` runs), loaded from dist/ so that the tests and `npm run eval` score the same code. */
const PIPELINE = pathToFileURL(join(ROOT, 'dist/src/pipeline.js')).href;

export interface EvalSet {
  name: string;
  gold: string;
  docs: string;
}

export const SETS: readonly EvalSet[] = [
  { name: 'seeds', gold: join(ROOT, 'test/fixtures/eval'), docs: join(ROOT, 'samples') },
  { name: 'real-44', gold: join(ROOT, 'test/fixtures/eval/real-shared/gold'), docs: join(ROOT, 'test/fixtures/eval/real-shared/docs') },
  { name: 'real-ours', gold: join(ROOT, 'test/fixtures/real/gold'), docs: join(ROOT, 'test/fixtures/real/docs') },
];
export const FORMATS = ['txt', 'docx', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

export const KEYS = [
  'title', 'doc_number', 'issuers', 'signed_date', 'themes', 'event_periods', 'deadlines',
  'contacts', 'emails', 'phones', 'references', 'attachment_titles', 'attachment_fields',
] as const;

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Score {
  set: string;
  format: Format;
  totals: Record<string, Counts>;
  perDoc: Array<{ doc: string; error?: string } & Record<string, unknown>>;
}

export const f1 = ({ tp, fp, fn }: Counts): number => (tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn));
export const sum = (cs: Iterable<Counts>): Counts => {
  const all = { tp: 0, fp: 0, fn: 0 };
  for (const c of cs) {
    all.tp += c.tp;
    all.fp += c.fp;
    all.fn += c.fn;
  }
  return all;
};
export const microF1 = (s: Pick<Score, 'totals'>): number => f1(sum(Object.values(s.totals)));

interface Pipeline {
  processFile(path: string, options: { maxBytes: number; keywords: boolean }): Promise<unknown>;
  DEFAULT_OPTIONS: { maxBytes: number };
}

/**
 * Extracts every document of the set in this process (as `tongzhi extract --no-keywords` does, but
 * without a process start per document), then lets the eval's own scorer read the records: each
 * is written under the document's name into a temp folder, and the scorer's extract command is
 * `cat`. A failed extraction writes an error line, which the scorer counts as a failure. With
 * `show`, each document's row also holds the scorer's views of the record and the gold (`pred`, `gold`).
 */
export async function score(set: EvalSet, format: Format, show = false): Promise<Score> {
  const { processFile, DEFAULT_OPTIONS } = (await import(PIPELINE)) as Pipeline;
  const records = await mkdtemp(join(tmpdir(), `tongzhi-eval-${set.name}-`));
  try {
    for (const doc of (await readdir(set.docs)).filter((d) => d.endsWith(`.${format}`))) {
      let out: string;
      try {
        out = JSON.stringify(await processFile(join(set.docs, doc), { maxBytes: DEFAULT_OPTIONS.maxBytes, keywords: false }));
      } catch (e) {
        out = `extract failed: ${e instanceof Error ? e.message : String(e)}`;
      }
      await writeFile(join(records, doc), out);
    }
    const { stdout } = await promisify(execFile)(process.execPath, [SCORER, '--gold', set.gold, '--docs', records, '--ext', format, '--json', ...(show ? ['--show'] : [])], {
      encoding: 'utf8',
      env: { ...process.env, EXTRACT_CMD: 'cat {}' },
      maxBuffer: 256 << 20,
    });
    const parsed = JSON.parse(stdout.slice(0, stdout.lastIndexOf('}') + 1)) as Pick<Score, 'totals' | 'perDoc'>;
    return { set: set.name, format, ...parsed };
  } finally {
    await rm(records, { recursive: true, force: true });
  }
}

/** Runs `jobs` with at most `n` at a time (each one is a scorer process running the CLI per document). */
export async function pooled<T>(jobs: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await (jobs[i] as () => Promise<T>)();
      }
    }),
  );
  return out;
}

/** Every set in every format. */
export const scoreAll = (parallel = 2): Promise<Score[]> => pooled(SETS.flatMap((s) => FORMATS.map((f) => () => score(s, f))), parallel);

/** The per-key F1 table: one column per set and format, plus the micro-F1 row. */
export function table(scores: readonly Score[]): string {
  const head = ['key', ...scores.map((s) => `${s.set}.${s.format}`)];
  const rows = KEYS.map((k) => [k, ...scores.map((s) => f1(s.totals[k] ?? { tp: 0, fp: 0, fn: 0 }).toFixed(2))]);
  rows.push(['micro-F1', ...scores.map((s) => microF1(s).toFixed(3))]);
  rows.push(['documents', ...scores.map((s) => String(s.perDoc.length))]);
  rows.push(['failures', ...scores.map((s) => String(s.perDoc.filter((d) => d.error).length))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
