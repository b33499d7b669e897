/**
 * @module intake/watcher
 * Finds the inbox's files — those already there at start-up and new ones, in subfolders too —
 * skips OS clutter, and hands each file on once it is stable. OS events by default; polling for
 * network shares (SMB/NFS deliver no events). Newness is never judged by mtime: every file seen is
 * offered, and the content id decides whether it is new.
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { isClutter } from './clutter.js';
import { StabilityGate, type FileState } from './stable.js';

export interface InboxWatcherOptions {
  stabilityMs: number;
  poll: boolean;
  pollIntervalMs: number;
  /** false: list the folder once (a batch) instead of watching it */
  watch: boolean;
  onStable(path: string, state: FileState): void;
  onError?(e: Error): void;
}

export interface InboxWatcher {
  /** resolves once the files present at start-up have been listed */
  ready: Promise<void>;
  /** files seen and not yet stable */
  readonly waiting: number;
  close(): Promise<void>;
}

/** Every file under `dir` (recursive) that is not clutter. */
export async function listInbox(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    // links are listed so that they are refused and reported (never followed: readdir does not descend into them)
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => !isClutter(relative(dir, p)))
    .sort();
}

export function watchInbox(inbox: string, opts: InboxWatcherOptions): InboxWatcher {
  const gate = new StabilityGate(opts.stabilityMs, opts.onStable);
  if (!opts.watch) {
    const ready = listInbox(inbox).then((files) => files.forEach((f) => gate.touch(f)));
    return {
      ready,
      get waiting() {
        return gate.waiting;
      },
      close: async () => gate.close(),
    };
  }
  const watcher: FSWatcher = watch(inbox, {
    ignoreInitial: false,
    persistent: true,
    // a link is reported as itself (then refused), and a linked folder is never walked
    followSymlinks: false,
    usePolling: opts.poll,
    interval: opts.pollIntervalMs,
    binaryInterval: opts.pollIntervalMs,
    ignored: (p: string) => {
      const rel = relative(inbox, p);
      return rel !== '' && !rel.startsWith('..') && isClutter(rel);
    },
  });
  watcher.on('add', (p) => gate.touch(p));
  watcher.on('change', (p) => gate.touch(p));
  watcher.on('error', (e) => opts.onError?.(e instanceof Error ? e : new Error(String(e))));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    get waiting() {
      return gate.waiting;
    },
    close: async () => {
      gate.close();
      await watcher.close();
    },
  };
}
