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
import { folderState, unitFolder, unitOf } from './folders.js';
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

/** What the inbox will be taken as: its files, and each sub-folder as one unit (folders.ts). */
export async function listUnits(dir: string): Promise<string[]> {
  const units = new Set<string>();
  for (const f of await listInbox(dir)) {
    const folder = unitFolder(dir, f);
    const unit = folder ? await unitOf(dir, folder) : f;
    if (unit) units.add(unit);
  }
  return [...units].sort();
}

/**
 * Files directly in the inbox go through the file gate; a file in a sub-folder touches its
 * folder, which goes through the folder gate and is handed on as a unit once stable as a whole.
 */
function gates(inbox: string, opts: InboxWatcherOptions): { touch(path: string): void; readonly waiting: number; close(): void } {
  const files = new StabilityGate(opts.stabilityMs, opts.onStable);
  /** stable folders whose unit is being listed: still waiting, for idle() */
  let listing = 0;
  const folders = new StabilityGate(
    opts.stabilityMs,
    (folder, state) => {
      listing++;
      void unitOf(inbox, folder)
        .then((unit) => unit && opts.onStable(unit, state))
        .catch((e: unknown) => opts.onError?.(e as Error))
        .finally(() => listing--);
    },
    folderState(inbox),
  );
  return {
    touch: (path) => {
      const folder = unitFolder(inbox, path);
      if (folder) folders.touch(folder);
      else files.touch(path);
    },
    get waiting() {
      return files.waiting + folders.waiting + listing;
    },
    close: () => {
      files.close();
      folders.close();
    },
  };
}

export function watchInbox(inbox: string, opts: InboxWatcherOptions): InboxWatcher {
  const gate = gates(inbox, opts);
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
  // chokidar misses a file created between its first scan of a folder and the moment the folder's
  // OS watch is in place (measured: 9 of 30 starts lost files dropped within 8 ms of watch()). So
  // once it is ready the inbox is listed again: touching a path twice is harmless (the gates keep
  // one entry per path, and the service takes a path once), and a file is never left unseen.
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve())).then(async () => {
    for (const f of await listInbox(inbox).catch(() => [])) gate.touch(f);
  });
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
