/**
 * @module store/records
 * The record files under `out/records` (the source of truth every store is rebuilt from): each
 * checked against the zod `NoticeRecord` and its file name before it is used.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NoticeRecord } from '../record/schema.js';
import { NotRegularFile, readRegularFile } from './regular-file.js';
import { isNoticeId } from './summary.js';

export type RecordCheck = { ok: true; record: NoticeRecord } | { ok: false; error: string };

/**
 * The text of `out/records/<id>.json` as a record, checked against the zod `NoticeRecord` (the
 * schema version included) and its file name: a malformed, foreign or older-version file is
 * `{ok: false, error}`, never a record cast unchecked.
 */
export function checkRecord(text: string, id: string): RecordCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const parsed = NoticeRecord.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const first = issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, error: `not a notice record: ${first.join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}` };
  }
  if (parsed.data.id !== id) return { ok: false, error: `its id ${JSON.stringify(parsed.data.id)} is not its file name's` };
  return { ok: true, record: parsed.data };
}

/** A record file `readRecords` skipped, and why. */
export interface InvalidRecord {
  id: string;
  error: string;
  /** the file's mtime (ms) when it was judged */
  mtimeMs: number;
}

/** The ids of the `<id>.json` files under `recordsDir`, sorted (none when it does not exist). */
export async function recordIds(recordsDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(recordsDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -5))
    .filter(isNoticeId)
    .sort();
}

/**
 * Every valid `<id>.json` record under `recordsDir` with its mtime, one at a time (a big folder
 * is never held in memory whole). Files that are not valid records (see `checkRecord`) are
 * skipped and reported to `onInvalid`.
 */
export async function* eachRecord(recordsDir: string, onInvalid?: (bad: InvalidRecord) => void): AsyncGenerator<{ record: NoticeRecord; mtime: Date }> {
  for (const id of await recordIds(recordsDir)) {
    const path = join(recordsDir, `${id}.json`);
    let text: string;
    let mtime: Date;
    try {
      const read = await readRegularFile(path);
      mtime = new Date(read.mtimeMs);
      text = read.text;
    } catch (e) {
      // a FIFO or a link: reported like an invalid record, never read; anything else is gone since the listing
      if (e instanceof NotRegularFile) onInvalid?.({ id, error: e.message, mtimeMs: 0 });
      continue;
    }
    const checked = checkRecord(text, id);
    if (checked.ok) yield { record: checked.record, mtime };
    else onInvalid?.({ id, error: checked.error, mtimeMs: mtime.getTime() });
  }
}

/** Every valid record under `recordsDir` (see `eachRecord`), in memory: for exports and tests. */
export async function readRecords(recordsDir: string, onInvalid?: (bad: InvalidRecord) => void): Promise<Array<{ record: NoticeRecord; mtime: Date }>> {
  const out: Array<{ record: NoticeRecord; mtime: Date }> = [];
  for await (const r of eachRecord(recordsDir, onInvalid)) out.push(r);
  return out;
}
