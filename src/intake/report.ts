/**
 * @module intake/report
 * The state of a data folder as files show it (the same in both modes), and `retry`: failed
 * originals back to where they came from, so they are taken again.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DataLayout } from '../config.js';
import { contentId, duplicatesDir, duplicatesLog } from './dedup.js';
import type { IngestJobData } from './job.js';
import { exists, listFailures, moveFile, type FailureReport } from './outcome.js';
import type { IngestQueue } from './queue.js';
import { listInbox } from './watcher.js';

export interface FolderCounts {
  inbox: number;
  records: number;
  done: number;
  duplicates: number;
  failed: number;
}

const countFiles = async (dir: string, filter: (name: string) => boolean = () => true): Promise<number> => {
  if (!(await exists(dir))) return 0;
  return (await listInbox(dir)).filter((p) => dirname(p) === dir && filter(basename(p))).length;
};

export async function folderCounts(layout: DataLayout): Promise<FolderCounts> {
  const dupLines = (await exists(duplicatesLog(layout))) ? (await readFile(duplicatesLog(layout), 'utf8')).split('\n').filter(Boolean).length : 0;
  return {
    inbox: (await exists(layout.inbox)) ? (await listInbox(layout.inbox)).length : 0,
    records: await countFiles(layout.records, (n) => n.endsWith('.json')),
    done: await countFiles(layout.done),
    duplicates: Math.max(dupLines, await countFiles(duplicatesDir(layout))),
    failed: await countFiles(layout.failed, (n) => n.endsWith('.error.json')),
  };
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
 * one). Without a queue a running watcher, or the next start, takes the file again.
 */
export async function retryFailed(layout: DataLayout, which: string[], queue: IngestQueue | null): Promise<RetryOutcome[]> {
  const wanted = (f: FailureReport): boolean => which.length === 0 || which.includes(f.file) || (f.id !== null && which.includes(f.id));
  const out: RetryOutcome[] = [];
  for (const f of (await listFailures(layout)).filter(wanted)) {
    const original = f.errorFile.replace(/\.error\.json$/, '');
    let movedTo: string | null = null;
    if (await exists(original)) {
      movedTo = (await exists(f.from)) ? join(dirname(f.from), basename(original)) : f.from;
      await moveFile(original, movedTo);
    }
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
