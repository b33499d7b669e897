/**
 * @module intake/report
 * The state of a data folder as files show it (the same in both modes), and `retry`: failed
 * originals back to where they came from, so they are taken again.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DataLayout } from '../config.js';
import { isClutter } from './clutter.js';
import { contentId, duplicatesDir, duplicatesLog } from './dedup.js';
import type { IngestJobData } from './job.js';
import { claimMove, exists, keptNames, listFailures, scanFailures, type FailureReport } from './outcome.js';
import type { IngestQueue } from './queue.js';
import { listInbox } from './watcher.js';

export interface FolderCounts {
  inbox: number;
  records: number;
  done: number;
  duplicates: number;
  /** valid failure reports in failed/ */
  failed: number;
  /** `*.error.json` files in failed/ that are not valid failure reports (skipped, never touched) */
  unreadable: number;
}

/**
 * Files (and links) directly in `dir`, clutter aside. One readdir of names and types: the page's
 * overview asks every 3 s, and out/records holds a file per notice (listing it recursively with
 * sorted paths took 0.7-1.9 s at 100,000).
 */
const countFiles = async (dir: string, filter: (name: string) => boolean = () => true): Promise<number> => {
  if (!(await exists(dir))) return 0;
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) if ((e.isFile() || e.isSymbolicLink()) && !isClutter(e.name) && filter(e.name)) n++;
  return n;
};

export async function folderCounts(layout: DataLayout): Promise<FolderCounts> {
  const dupLines = (await exists(duplicatesLog(layout))) ? (await readFile(duplicatesLog(layout), 'utf8')).split('\n').filter(Boolean).length : 0;
  return {
    inbox: (await exists(layout.inbox)) ? (await listInbox(layout.inbox)).length : 0,
    records: await countFiles(layout.records, (n) => n.endsWith('.json')),
    done: await countFiles(layout.done),
    duplicates: Math.max(dupLines, await countFiles(duplicatesDir(layout))),
    ...(await failedCounts(layout)),
  };
}

async function failedCounts(layout: DataLayout): Promise<Pick<FolderCounts, 'failed' | 'unreadable'>> {
  const { failures, unreadable } = await scanFailures(layout);
  const top = (p: string): boolean => dirname(p) === layout.failed;
  return { failed: failures.filter((f) => top(f.errorFile)).length, unreadable: unreadable.filter((u) => top(u.errorFile)).length };
}

/** Moves `original` back to `from`, or beside it under a free name when something is there now (nothing is overwritten). */
async function putBack(original: string, from: string, id: string | null): Promise<string> {
  for (const name of [basename(from), ...keptNames(basename(original), id ?? '00000000')]) {
    const to = join(dirname(from), name);
    try {
      await claimMove(original, to);
      return to;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new Error(`no free name for ${basename(original)} in ${dirname(from)}`);
}

export interface RetryOutcome {
  file: string;
  /** where the original is now (back in the inbox), or null when it was not in failed/ */
  movedTo: string | null;
  /** BullMQ: the failed job was put back in the queue (else the watcher takes the file again) */
  requeued: boolean;
}

/**
 * Moves each failed original (all, or those whose id or file name is in `which`) back to where it
 * came from, removes its error file, and, with a queue, re-queues its failed job (or adds a new
 * one). Without a queue a running watcher, or the next start, takes the file again. Only valid
 * failure reports (listFailures) are acted on: any other `*.error.json` in failed/, and the file
 * beside it, is left alone.
 */
export async function retryFailed(layout: DataLayout, which: string[], queue: IngestQueue | null): Promise<RetryOutcome[]> {
  const wanted = (f: FailureReport): boolean => which.length === 0 || which.includes(f.file) || (f.id !== null && which.includes(f.id));
  const out: RetryOutcome[] = [];
  for (const f of (await listFailures(layout)).filter(wanted)) {
    const original = f.errorFile.replace(/\.error\.json$/, '');
    let movedTo: string | null = null;
    if (await exists(original)) movedTo = await putBack(original, f.from, f.id);
    await rm(f.errorFile, { force: true });
    let requeued = false;
    if (queue && movedTo) {
      const cid = await contentId(movedTo);
      requeued = cid.id === f.id && (await queue.retry(cid.id));
      if (!requeued && !(await queue.find(cid.id))) {
        const data: IngestJobData = { id: cid.id, path: movedTo, name: basename(movedTo), size: (await stat(movedTo)).size, queuedAt: Date.now() };
        requeued = (await queue.add(data)).added;
      }
    }
    out.push({ file: f.file, movedTo, requeued });
  }
  return out;
}
