/**
 * @module record/overrides
 * Staff corrections of an extracted record, kept apart from it (`out/overrides/<id>.json`, see
 * sinks/overrides-store.ts) so the extraction is never overwritten: re-extraction after an upgrade
 * writes a new record, and the same corrections are laid over it again.
 *
 * A correction addresses a value by its path in the *extracted* record (`['deadlines', 0, 'date']`)
 * and remembers what the extractor had said there when it was made (`base`). When a later
 * extraction says something else at that path, the correction still wins for `set` (the staff
 * member's value is the one they checked) but the disagreement is reported; a `delete` whose item
 * is no longer the one deleted is not applied (it would delete another value).
 */
import { NoticeRecord } from './schema.js';

export type ValuePath = Array<string | number>;

export interface Correction {
  /** set: replace the value at path; delete: remove the array item at path; add: append value to the array at path */
  op: 'set' | 'delete' | 'add';
  path: ValuePath;
  value?: unknown;
  /** the extracted value at path when the correction was made (set, delete) */
  base?: unknown;
  /** the API key name of who made it */
  by: string;
  /** RFC 3339 */
  at: string;
}

export interface Overrides {
  id: string;
  corrections: Correction[];
  /** a staff member has checked every value of this notice */
  checked: { by: string; at: string } | null;
}

export interface Disagreement {
  op: Correction['op'];
  path: ValuePath;
  /** what the extractor said when the correction was made */
  base: unknown;
  /** what it says now (undefined: the path is gone) */
  now: unknown;
}

export interface Applied {
  record: NoticeRecord;
  disagreements: Disagreement[];
  /** corrections laid over the record */
  applied: number;
}

export const emptyOverrides = (id: string): Overrides => ({ id, corrections: [], checked: null });

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** The value at `path`, undefined when any step is missing. */
export function valueAt(root: unknown, path: ValuePath): unknown {
  let v: unknown = root;
  for (const step of path) {
    if (Array.isArray(v) && typeof step === 'number') v = v[step];
    else if (isObject(v) && !Array.isArray(v) && typeof step === 'string') v = v[step];
    else return undefined;
  }
  return v;
}

/** Structural equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return false;
}

const pathKey = (op: Correction['op'], path: ValuePath): string => `${op}:${JSON.stringify(path)}`;

/**
 * Adds `c` to the overrides: a later set or delete of the same path replaces the earlier one;
 * adds accumulate. Returns a new object.
 */
export function withCorrection(o: Overrides, c: Correction): Overrides {
  const key = pathKey(c.op, c.path);
  const kept = c.op === 'add' ? o.corrections : o.corrections.filter((x) => pathKey(x.op, x.path) !== key);
  return { ...o, corrections: [...kept, c] };
}

/** `path` as shown to a person: deadlines[0].date */
export const showPath = (path: ValuePath): string =>
  path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

/**
 * The record with the corrections laid over it, checked against the record schema. Sets are
 * applied first (paths as in the extracted record), then deletes from the highest index down,
 * then adds. Each applied correction is listed in `issues` (code `corrected`), each disagreement
 * with the current extraction too (`correction_disagrees`). When the result is not a valid record
 * (a schema change since), the extracted record is served with a `corrections_invalid` issue.
 */
export function applyOverrides(record: NoticeRecord, overrides: Overrides | null): Applied {
  if (!overrides || overrides.corrections.length === 0) return { record, disagreements: [], applied: 0 };
  const out = structuredClone(record) as unknown as Record<string, unknown>;
  const disagreements: Disagreement[] = [];
  const issues: NoticeRecord['issues'] = [];
  let applied = 0;
  const note = (c: Correction): void => {
    applied += 1;
    issues.push({ code: 'corrected', path: c.path, message: `${showPath(c.path)} 由 ${c.by} 于 ${c.at} 更正` });
  };
  const disagree = (c: Correction, now: unknown): void => {
    disagreements.push({ op: c.op, path: c.path, base: c.base, now });
    issues.push({ code: 'correction_disagrees', path: c.path, message: `更正时提取值为 ${JSON.stringify(c.base)}，现在提取值为 ${JSON.stringify(now ?? null)}` });
  };

  for (const c of overrides.corrections.filter((x) => x.op === 'set')) {
    const parent = valueAt(out, c.path.slice(0, -1));
    const last = c.path[c.path.length - 1];
    const now = valueAt(record, c.path);
    const settable = (Array.isArray(parent) && typeof last === 'number' && last < parent.length) || (isObject(parent) && !Array.isArray(parent) && typeof last === 'string');
    if (!settable || last === undefined) {
      disagree(c, undefined);
      continue;
    }
    if (c.base !== undefined && !sameJson(c.base, now)) disagree(c, now);
    (parent as Record<string | number, unknown>)[last] = structuredClone(c.value);
    note(c);
  }
  const deletes = overrides.corrections
    .filter((x) => x.op === 'delete')
    .sort((a, b) => Number(b.path[b.path.length - 1]) - Number(a.path[a.path.length - 1]));
  for (const c of deletes) {
    const parent = valueAt(out, c.path.slice(0, -1));
    const last = c.path[c.path.length - 1];
    const now = valueAt(record, c.path);
    if (!Array.isArray(parent) || typeof last !== 'number' || now === undefined || (c.base !== undefined && !sameJson(c.base, now))) {
      disagree(c, now);
      continue;
    }
    parent.splice(last, 1);
    note(c);
  }
  for (const c of overrides.corrections.filter((x) => x.op === 'add')) {
    const list = valueAt(out, c.path);
    if (!Array.isArray(list)) {
      disagree(c, list);
      continue;
    }
    list.push(structuredClone(c.value));
    note(c);
  }
  out['issues'] = [...(out['issues'] as NoticeRecord['issues']), ...issues];
  const checked = NoticeRecord.safeParse(out);
  if (!checked.success) {
    const why = checked.error.issues[0];
    return {
      record: { ...record, issues: [...record.issues, { code: 'corrections_invalid', path: why?.path.filter((p): p is string | number => typeof p !== 'symbol') ?? [], message: `更正后的记录不符合记录模式：${why?.message ?? ''}` }] },
      disagreements,
      applied: 0,
    };
  }
  return { record: checked.data, disagreements, applied };
}

/** Why `c` cannot be made on `record` (checked before it is stored), or null. */
export function correctionProblem(record: NoticeRecord, overrides: Overrides, c: Correction): string | null {
  if (c.path.length === 0) return 'a correction needs a path';
  const root = c.path[0];
  if (typeof root !== 'string' || ['schemaVersion', 'id', 'source', 'text', 'issues'].includes(root)) return `${String(root)} cannot be corrected`;
  if (c.op === 'delete' && typeof c.path[c.path.length - 1] !== 'number') return 'delete removes an item of a list: its path ends with an index';
  if (c.op === 'add' && !Array.isArray(valueAt(record, c.path))) return `${showPath(c.path)} is not a list`;
  if (c.op === 'set' && valueAt(record, c.path) === undefined && valueAt(record, c.path.slice(0, -1)) === undefined) return `${showPath(c.path)} is not in the record`;
  const result = applyOverrides(record, withCorrection(overrides, c));
  const bad = result.record.issues.find((i) => i.code === 'corrections_invalid');
  return bad ? bad.message : null;
}
