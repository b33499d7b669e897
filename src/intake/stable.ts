/**
 * @module intake/stable
 * A file is taken only once its size and mtime have stayed the same for `stabilityMs`: copies
 * over a network share arrive slowly, and reading a half-written file would give a wrong record
 * or a false failure.
 */
import { lstat } from 'node:fs/promises';

export interface FileState {
  size: number;
  mtimeMs: number;
}

const sameState = (a: FileState, b: FileState): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs;

async function fileState(path: string): Promise<FileState | null> {
  try {
    const st = await lstat(path); // a link's own state: links are refused, never followed
    return st.isFile() || st.isSymbolicLink() ? { size: st.size, mtimeMs: st.mtimeMs } : null;
  } catch {
    return null;
  }
}

/**
 * Calls `onStable(path, state)` once a touched path has kept its size and mtime for `stabilityMs`
 * (checked every `stabilityMs / 2`, at least 50 ms). Touching a path again while it is waiting
 * restarts nothing: the next check simply sees the new state. A path that disappears is dropped.
 */
export class StabilityGate {
  private readonly pending = new Map<string, { state: FileState | null; since: number; timer: NodeJS.Timeout }>();
  private closed = false;

  constructor(
    private readonly stabilityMs: number,
    private readonly onStable: (path: string, state: FileState) => void,
    /** how a path's state is read: a file's own by default; a folder's is its files' (folder-state.ts) */
    private readonly stateOf: (path: string) => Promise<FileState | null> = fileState,
  ) {}

  /** Starts (or keeps) watching `path` until it is stable. */
  touch(path: string): void {
    if (this.closed || this.pending.has(path)) return;
    const entry = { state: null as FileState | null, since: Date.now(), timer: setTimeout(() => undefined, 0) };
    this.pending.set(path, entry);
    void this.check(path);
  }

  /** Paths still waiting to become stable. */
  get waiting(): number {
    return this.pending.size;
  }

  close(): void {
    this.closed = true;
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private async check(path: string): Promise<void> {
    const entry = this.pending.get(path);
    if (!entry || this.closed) return;
    const now = await this.stateOf(path);
    if (!this.pending.has(path) || this.closed) return;
    if (now === null) {
      this.pending.delete(path);
      return;
    }
    if (entry.state === null || !sameState(entry.state, now)) {
      entry.state = now;
      entry.since = Date.now();
    } else if (Date.now() - entry.since >= this.stabilityMs) {
      this.pending.delete(path);
      this.onStable(path, now);
      return;
    }
    entry.timer = setTimeout(() => void this.check(path), Math.max(50, Math.floor(this.stabilityMs / 2)));
  }
}

/** Resolves with the file's state once it is stable (or null when it disappears). */
export function waitStable(path: string, stabilityMs: number): Promise<FileState | null> {
  return new Promise((resolve) => {
    const gate = new StabilityGate(stabilityMs, (_p, state) => resolve(state));
    gate.touch(path);
    const poll = setInterval(() => {
      if (gate.waiting === 0) {
        clearInterval(poll);
        resolve(null);
      }
    }, 100);
    poll.unref();
  });
}
