/**
 * @module intake/shape
 * Checks of the small objects that come back from Redis or failed/ (job data, job results, the
 * queue's owner, failure reports) before they name a file. Not zod: these modules are all the
 * BullMQ worker process loads of ours, and zod was the largest part of them (the worker module
 * after import and GC: 78 → 73 MB RSS without it); the job processes load zod for the record.
 */

/** A field's check: null when the value is fine, else what is wrong with it. */
export type Check = (value: unknown) => string | null;

export const text =
  (min = 0): Check =>
  (v) =>
    typeof v !== 'string' ? `expected string, got ${typeof v}` : v.length < min ? `must have at least ${min} character${min === 1 ? '' : 's'}` : null;

export const pattern =
  (re: RegExp, message: string): Check =>
  (v) =>
    typeof v !== 'string' ? `expected string, got ${typeof v}` : re.test(v) ? null : message;

export const number: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : `expected number, got ${typeof v}`);

export const count: Check = (v) => number(v) ?? (Number.isInteger(v) && (v as number) >= 0 ? null : 'must be a non-negative integer');

export const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? null : `must be one of ${values.join(', ')}`;

export const orNull =
  (check: Check): Check =>
  (v) =>
    v === null ? null : check(v);

/** `field: problem` for every field of `shape` that `raw` gets wrong (`data: …` when it is no object at all). */
export function problems(raw: unknown, shape: Record<string, Check>): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [`data: expected object, got ${Array.isArray(raw) ? 'array' : raw === null ? 'null' : typeof raw}`];
  const out: string[] = [];
  for (const [key, check] of Object.entries(shape)) {
    const problem = check((raw as Record<string, unknown>)[key]);
    if (problem) out.push(`${key}: ${problem}`);
  }
  return out;
}

/** The fields of `shape` only (anything else `raw` carries is left behind, as zod's object does). */
export function pick<T>(raw: unknown, shape: Record<string, Check>): T {
  const r = raw as Record<string, unknown>;
  return Object.fromEntries(Object.keys(shape).map((k) => [k, r[k]])) as T;
}
