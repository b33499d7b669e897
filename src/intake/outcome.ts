/**
 * @module intake/outcome
 * What happens to a file once its job is over, the same in both queue modes:
 * - stored: `out/records/<id>.json` written atomically (temp file + rename), then the original
 *   moves to `done/` — never before the record is on disk;
 * - failed: `failed/<file>.error.json` written atomically, then the original moves beside it.
 * A rename within one file system is atomic, so a reader sees either no record or a complete one.
 */
import { randomBytes } from 'node:crypto';
import { access, copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { keptName, type DataLayout } from '../config.js';
import type { ErrorCode, Stage } from '../errors.js';
import type { NoticeRecord } from '../record/schema.js';

export const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  );

/** Writes `data` to `path` through a temp file in the same folder and a rename. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export const writeJsonAtomic = (path: string, value: unknown): Promise<void> => writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);

export const recordPath = (layout: DataLayout, id: string): string => join(layout.records, `${id}.json`);

export async function storeRecord(layout: DataLayout, record: NoticeRecord): Promise<string> {
  const path = recordPath(layout, record.id);
  await writeJsonAtomic(path, record);
  return path;
}

export async function readRecord(layout: DataLayout, id: string): Promise<NoticeRecord> {
  return JSON.parse(await readFile(recordPath(layout, id), 'utf8')) as NoticeRecord;
}

/** Moves a file, also across file systems (copy, then remove the source). */
export async function moveFile(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await copyFile(from, to);
    await rm(from);
  }
}

/**
 * Moves `from` into `dir` under its own name, or `<stem>.<id8><ext>` when a different file of
 * that name is already there (see config.keptName). Returns the path it now has.
 */
export async function moveInto(from: string, dir: string, id: string): Promise<string> {
  const name = basename(from);
  let to = join(dir, keptName(name, id, false));
  if (await exists(to)) to = join(dir, keptName(name, id, true));
  await moveFile(from, to);
  return to;
}

/** Record stored → original to done/. A missing original (already moved) is not an error. */
export async function settleDone(layout: DataLayout, original: string, id: string): Promise<string | null> {
  if (!(await exists(original))) return null;
  return moveInto(original, layout.done, id);
}

export interface FailureReport {
  code: ErrorCode;
  stage: Stage;
  message: string;
  file: string;
  attempts: number;
  at: string;
  /** the content id (= job id); null when the file could not be read at all */
  id: string | null;
  /** where the original was before it failed (where `tongzhi retry` puts it back) */
  from: string;
}

export const errorFileFor = (failedPath: string): string => `${failedPath}.error.json`;

/**
 * Failure → `failed/<file>.error.json` first, then the original beside it (when it still exists).
 * Returns the path of the error file.
 */
export async function settleFailed(layout: DataLayout, original: string, report: Omit<FailureReport, 'at' | 'from'>): Promise<string> {
  const id = report.id ?? '00000000';
  let target = join(layout.failed, keptName(basename(original), id, false));
  if ((await exists(errorFileFor(target))) || (await exists(target))) target = join(layout.failed, keptName(basename(original), id, true));
  const full: FailureReport = { ...report, at: new Date().toISOString(), from: original };
  await writeJsonAtomic(errorFileFor(target), full);
  if (await exists(original)) await moveFile(original, target);
  return errorFileFor(target);
}

/** Every failure report in failed/ (also in subfolders), newest first. Unreadable reports are skipped with their path. */
export async function listFailures(layout: DataLayout): Promise<Array<FailureReport & { errorFile: string }>> {
  let names: string[];
  try {
    names = (await readdir(layout.failed, { recursive: true })).filter((n) => n.endsWith('.error.json'));
  } catch {
    return [];
  }
  const out: Array<FailureReport & { errorFile: string }> = [];
  for (const n of names) {
    const errorFile = join(layout.failed, n);
    try {
      out.push({ ...(JSON.parse(await readFile(errorFile, 'utf8')) as FailureReport), errorFile });
    } catch {
      // written atomically, so a report that does not parse is not ours: leave it alone
    }
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

/** The stored failure of content `id` dropped as `name`, if any. */
export async function findFailure(layout: DataLayout, id: string, name: string): Promise<(FailureReport & { errorFile: string }) | null> {
  for (const candidate of [keptName(name, id, false), keptName(name, id, true)]) {
    const errorFile = errorFileFor(join(layout.failed, candidate));
    try {
      const report = JSON.parse(await readFile(errorFile, 'utf8')) as FailureReport;
      if (report.id === id) return { ...report, errorFile };
    } catch {
      // not there
    }
  }
  return null;
}
