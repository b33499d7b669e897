/**
 * @module intake/dedup
 * Identity is content: the job id is the record id, the first 16 hex of the file's SHA-256 — never
 * its name or mtime. A second copy of known content (queued, being processed, stored or failed)
 * is not processed again; it is reported (a log line and one line in `out/duplicates.jsonl`) and
 * moved to `done/duplicates/`, so nothing disappears silently.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { appendFile, mkdir, open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { filesOfFolder } from '../bundle/files.js';
import type { DataLayout } from '../config.js';
import { moveInto } from './outcome.js';

export interface ContentId {
  /** first 16 hex of the SHA-256: the record id and the job id */
  id: string;
  sha256: string;
  size: number;
}

export async function contentId(path: string): Promise<ContentId> {
  const hash = createHash('sha256');
  let size = 0;
  // O_NOFOLLOW: a file swapped for a link after the inbox check is refused, not read through
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  for await (const chunk of fh.createReadStream()) {
    const buf = chunk as Buffer;
    size += buf.length;
    hash.update(buf);
  }
  const sha256 = hash.digest('hex');
  return { id: sha256.slice(0, 16), sha256, size };
}

/** A bundle folder's id: bundle/files.ts's folder hash, the record's id too. */
export async function folderContentId(path: string): Promise<ContentId> {
  const files = await filesOfFolder(path);
  return { id: files.sha256.slice(0, 16), sha256: files.sha256, size: files.files.reduce((n, f) => n + f.bytes.byteLength, 0) };
}

/** What the first copy of this content is doing when the duplicate arrives. */
export type TwinState = 'queued' | 'active' | 'stored' | 'failed';

export interface DuplicateReport {
  at: string;
  id: string;
  /** the duplicate's name as dropped */
  file: string;
  /** where the duplicate now is (under done/duplicates/) */
  keptAs: string;
  /** the first copy's file name */
  duplicateOf: string;
  twin: TwinState;
}

export const duplicatesLog = (layout: DataLayout): string => join(layout.out, 'duplicates.jsonl');
export const duplicatesDir = (layout: DataLayout): string => join(layout.done, 'duplicates');

/** Moves the duplicate to done/duplicates/ and appends its report line. */
export async function settleDuplicate(layout: DataLayout, path: string, id: string, duplicateOf: string, twin: TwinState): Promise<DuplicateReport> {
  const keptAs = await moveInto(path, duplicatesDir(layout), id);
  const report: DuplicateReport = { at: new Date().toISOString(), id, file: basename(path), keptAs, duplicateOf: basename(duplicateOf), twin };
  await mkdir(layout.out, { recursive: true });
  // One write of one line under PIPE_BUF: appends from several processes do not interleave.
  await appendFile(duplicatesLog(layout), `${JSON.stringify(report)}\n`);
  return report;
}
