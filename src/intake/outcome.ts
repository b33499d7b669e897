/**
 * @module intake/outcome
 * What happens to a file once its job is over, the same in both queue modes:
 * - stored: `out/records/<id>.json` written atomically (temp file + rename), then the original
 *   moves to `done/` — never before the record is on disk;
 * - failed: `failed/<file>.error.json` written atomically, then the original moves beside it.
 * A rename within one file system is atomic, so a reader sees either no record or a complete one.
 */
import { randomBytes } from 'node:crypto';
import { readRegularFile } from '../store/regular-file.js';
import { access, copyFile, cp, link, lstat, mkdir, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import { keptName, type DataLayout } from '../config.js';
import { ERROR_CODES, type ErrorCode, type Stage } from '../errors.js';
import type { NoticeRecord } from '../record/schema.js';
import { CONTENT_ID } from './job-data.js';

export { CONTENT_ID };

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

/** out/records/<id>.json; throws for anything but a content id (an id from Redis must not name a path elsewhere). */
export const recordPath = (layout: DataLayout, id: string): string => {
  if (!CONTENT_ID.test(id)) throw new Error(`not a content id (16 lower-case hex): ${JSON.stringify(id)}`);
  return join(layout.records, `${id}.json`);
};

export async function storeRecord(layout: DataLayout, record: NoticeRecord): Promise<string> {
  const path = recordPath(layout, record.id);
  await writeJsonAtomic(path, record);
  return path;
}

export async function readRecord(layout: DataLayout, id: string): Promise<NoticeRecord> {
  return JSON.parse((await readRegularFile(recordPath(layout, id))).text) as NoticeRecord;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;

/** Moves a file, also across file systems (copy, then remove the source). Replaces `to` if it exists: use claimMove for a name that may be taken. */
export async function moveFile(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (e) {
    if (errno(e) !== 'EXDEV') throw e;
    await copyFile(from, to);
    await rm(from);
  }
}

/** link() refusals that mean "not here" rather than "not this file": protected_hardlinks, FAT/SMB shares, another device. */
const NO_LINK = new Set(['EPERM', 'EXDEV', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS', 'EACCES']);

/**
 * Moves `from` to `to` only if nothing is at `to` yet; otherwise fails with EEXIST and leaves both
 * alone. Two settles of same-named files at once can never both get one name (a rename would
 * silently replace the other's original).
 * - usually `link(from, to)` (atomic and exclusive) then `unlink(from)`;
 * - where a hard link is refused (another file system, a share without links, a file of another
 *   owner under protected_hardlinks): `to` is claimed by creating it exclusively ('wx'), then the
 *   original is renamed over that placeholder (or copied onto it across file systems and removed).
 * A name that already is `from` (a link left by an interrupted move) counts as claimed by it.
 */
export async function claimMove(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  if ((await lstat(from).catch(() => null))?.isDirectory()) return claimMoveFolder(from, to);
  try {
    await link(from, to);
  } catch (e) {
    if (errno(e) === 'EEXIST' && (await sameFile(from, to))) {
      await unlink(from);
      return;
    }
    if (!NO_LINK.has(errno(e) ?? '')) throw e;
    await lstat(from); // ENOENT before a placeholder is made
    await (await open(to, 'wx')).close();
    try {
      await rename(from, to);
    } catch (e2) {
      try {
        if (errno(e2) !== 'EXDEV') throw e2;
        await copyFile(from, to);
      } catch (e3) {
        await rm(to, { force: true });
        throw e3;
      }
      await rm(from);
    }
    return;
  }
  try {
    await unlink(from);
  } catch (e) {
    // Already moved away by someone else: the file is still under `to` (and there), nothing is lost.
    if (errno(e) !== 'ENOENT') throw e;
  }
}

/**
 * A folder (a bundle) is claimed by creating `to` as an empty folder (EEXIST when taken), then
 * renamed over it (a rename may replace an empty folder), or copied across file systems.
 */
async function claimMoveFolder(from: string, to: string): Promise<void> {
  await mkdir(to);
  try {
    await rename(from, to);
  } catch (e) {
    if (errno(e) !== 'EXDEV') {
      await rm(to, { recursive: true, force: true });
      throw e;
    }
    await cp(from, to, { recursive: true, errorOnExist: true, force: false });
    await rm(from, { recursive: true });
  }
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([lstat(a), lstat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/**
 * The names an original `name` of content `id` may take in a folder, in order: its own name, then
 * `<stem>.<id8><ext>` (config.keptName), then `<stem>.<id8>-2<ext>`, `-3` … for the rare case where
 * even that is taken (the same name and id prefix, or a failure of a file that could not be read).
 */
export function* keptNames(name: string, id: string, max = 1000): Generator<string> {
  yield keptName(name, id, false);
  const suffixed = keptName(name, id, true);
  yield suffixed;
  const ext = extname(name);
  const stem = suffixed.slice(0, suffixed.length - ext.length);
  for (let n = 2; n <= max; n++) yield `${stem}-${n}${ext}`;
}

/**
 * Moves `from` into `dir` under its own name, or `<stem>.<id8><ext>` when a different file of
 * that name is already there (see config.keptName and keptNames). The name is claimed atomically
 * (claimMove), so nothing there is ever overwritten. Returns the path it now has.
 */
export async function moveInto(from: string, dir: string, id: string): Promise<string> {
  for (const name of keptNames(basename(from), id)) {
    const to = join(dir, name);
    try {
      await claimMove(from, to);
      return to;
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw e;
    }
  }
  throw new Error(`no free name for ${basename(from)} in ${dir}`);
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

const STAGES = ['intake', 'read', 'structure', 'extract', 'record', 'write'] as const satisfies readonly Stage[];

/** The error file as settleFailed writes it; anything else in failed/ that ends in .error.json is not ours. */
export const failureReportSchema = z.object({
  code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
  stage: z.enum(STAGES),
  message: z.string(),
  file: z.string().min(1),
  attempts: z.number().int().nonnegative(),
  at: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'not a date'),
  id: z.string().regex(CONTENT_ID).nullable(),
  from: z.string().min(1),
});

export const errorFileFor = (failedPath: string): string => `${failedPath}.error.json`;

/** Writes a new file at `path` atomically (temp file + link) and only if nothing is there yet: EEXIST otherwise. */
async function createFileAtomic(path: string, data: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, data, { flag: 'wx' });
  try {
    await link(tmp, path);
  } catch (e) {
    if (!NO_LINK.has(errno(e) ?? '')) throw e;
    // No hard links here: an exclusive create, written in place.
    await writeFile(path, data, { flag: 'wx' });
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Failure → `failed/<file>.error.json` first, then the original beside it (when it still exists).
 * The pair takes the first of keptNames() whose error file it can create exclusively and whose
 * original slot is free, so two failures of the same name at once never overwrite each other.
 * An original that exists but cannot be moved stays where it is, and its error file says so.
 * Returns the path of the error file.
 */
export async function settleFailed(layout: DataLayout, original: string, report: Omit<FailureReport, 'at' | 'from'>): Promise<string> {
  const id = report.id ?? '00000000';
  const full: FailureReport = { ...report, at: new Date().toISOString(), from: original };
  const json = (r: FailureReport): string => `${JSON.stringify(r, null, 2)}\n`;
  for (const name of keptNames(basename(original), id)) {
    const target = join(layout.failed, name);
    const errorFile = errorFileFor(target);
    try {
      await createFileAtomic(errorFile, json(full));
    } catch (e) {
      if (errno(e) === 'EEXIST') continue;
      throw e;
    }
    try {
      await claimMove(original, target);
    } catch (e) {
      const code = errno(e);
      if (code === 'ENOENT') return errorFile; // already gone (moved, or a job run again): the error file is the outcome
      if (code === 'EEXIST') {
        // Another original (without an error file) holds that name: give this one up, try the next.
        await rm(errorFile, { force: true });
        continue;
      }
      const why = `${code ?? 'error'}: ${(e as Error).message}`;
      await writeJsonAtomic(errorFile, { ...full, message: `${full.message} (the original could not be moved to failed/ (${why}); it stays at ${original})` });
    }
    return errorFile;
  }
  throw new Error(`no free name for ${basename(original)} in ${layout.failed}`);
}

export type ListedFailure = FailureReport & { errorFile: string };

/** A `*.error.json` in failed/ that is not a failure report of ours (not JSON, or not of that shape): listed, never touched. */
export interface UnreadableReport {
  errorFile: string;
  reason: string;
}

async function readReport(errorFile: string): Promise<ListedFailure | UnreadableReport> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(errorFile, 'utf8'));
  } catch (e) {
    return { errorFile, reason: (e as Error).message };
  }
  const parsed = failureReportSchema.safeParse(raw);
  if (!parsed.success) return { errorFile, reason: `not a tongzhi failure report: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` };
  return { ...parsed.data, errorFile };
}

const isReport = (r: ListedFailure | UnreadableReport): r is ListedFailure => !('reason' in r);

/** Every failure report in failed/ (also in subfolders), newest first, and the `*.error.json` files that are not valid reports. */
export async function scanFailures(layout: DataLayout): Promise<{ failures: ListedFailure[]; unreadable: UnreadableReport[] }> {
  let names: string[];
  try {
    names = (await readdir(layout.failed, { recursive: true })).filter((n) => n.endsWith('.error.json') && !basename(n).startsWith('.'));
  } catch {
    return { failures: [], unreadable: [] };
  }
  const read = await Promise.all(names.map((n) => readReport(join(layout.failed, n))));
  const failures = read.filter(isReport).sort((a, b) => b.at.localeCompare(a.at));
  const unreadable = read.filter((r): r is UnreadableReport => !isReport(r));
  return { failures, unreadable };
}

/** Every valid failure report in failed/ (also in subfolders), newest first. Files that are not valid reports are skipped (see scanFailures). */
export async function listFailures(layout: DataLayout): Promise<ListedFailure[]> {
  return (await scanFailures(layout)).failures;
}

/** The stored failure of content `id` dropped as `name`, if any. */
export async function findFailure(layout: DataLayout, id: string, name: string): Promise<ListedFailure | null> {
  for (const candidate of [keptName(name, id, false), keptName(name, id, true)]) {
    const report = await readReport(errorFileFor(join(layout.failed, candidate)));
    if (isReport(report) && report.id === id) return report;
  }
  // A rarer name (keptNames beyond the second): look through all of them.
  return (await listFailures(layout)).find((f) => f.id === id && f.file === name) ?? null;
}
