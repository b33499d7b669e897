/**
 * Shared test helpers: the sample files, the real notices' texts, a CLI runner, and a walk over
 * every evidence object.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const SAMPLES = join(ROOT, 'samples');
export const CLI = join(ROOT, 'dist/src/cli/main.js');

/** The five seed notices, by stem, with the formats the samples folder holds. */
export const SEED_STEMS = readdirSync(SAMPLES)
  .filter((f) => /^\d{3}_[0-9a-f]+\.txt$/.test(f))
  .map((f) => f.replace(/\.txt$/, ''))
  .sort();

/** The 44 real notices of shared/eval/real as text, [file name, text], by name. */
export function realNoticeTexts(): Array<readonly [string, string]> {
  const dir = join(ROOT, 'test/fixtures/eval/real-shared/docs');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
}

export function runCli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface FoundEvidence {
  path: string;
  start: number;
  end: number;
  quote: string;
  page: number | null;
}

/** Every `evidence` object anywhere in a record, with the JSON path it sits at. */
export function allEvidence(value: unknown, path = '$'): FoundEvidence[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => allEvidence(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const out: FoundEvidence[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === 'evidence' && v && typeof v === 'object') out.push({ path: `${path}.evidence`, ...(v as Omit<FoundEvidence, 'path'>) });
    else out.push(...allEvidence(v, `${path}.${k}`));
  }
  return out;
}

/** A record without what legitimately differs between formats of one notice. */
export function formatIndependent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(formatIndependent);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // `table` numbers a form's table among the file's tables: a DOCX or PDF may print its red
    // head or 版记 as a table where the text copy has lines.
    if (['evidence', 'source', 'text', 'id', 'table'].includes(k)) continue;
    out[k] = formatIndependent(v);
  }
  return out;
}
