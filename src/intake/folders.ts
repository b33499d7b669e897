/**
 * @module intake/folders
 * A sub-folder of the inbox is one unit: a notice with its attachment files (a bundle) when it
 * holds two files or more, the file itself when it holds one (as before bundles: a file dropped
 * in a folder of its own). It is taken once it is stable as a whole — no file added, removed or
 * changed for the stability time — so a bundle copied file by file is never taken half-copied.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isClutter } from './clutter.js';
import type { FileState } from './stable.js';

/** The inbox's top-level folder that holds `path`, or null for a file directly in the inbox. */
export function unitFolder(inbox: string, path: string): string | null {
  const parts = relative(inbox, path).split(sep);
  return parts.length >= 2 && parts[0] && parts[0] !== '..' ? join(inbox, parts[0]) : null;
}

/** The folder's files and links (recursive), clutter left out, sorted. */
export async function folderFiles(inbox: string, folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => !isClutter(relative(inbox, p)))
    .sort();
}

/**
 * A folder's state for the stability gate: its file count, total size and latest mtime (a file
 * added, grown or rewritten changes it). Null when the folder is gone.
 */
export function folderState(inbox: string): (folder: string) => Promise<FileState | null> {
  return async (folder) => {
    const st = await lstat(folder).catch(() => null);
    if (!st?.isDirectory()) return null;
    let size = 0;
    let mtimeMs = st.mtimeMs;
    const files = await folderFiles(inbox, folder);
    for (const f of files) {
      const s = await lstat(f).catch(() => null);
      if (!s) continue;
      size += s.size;
      mtimeMs = Math.max(mtimeMs, s.mtimeMs);
    }
    // The count is folded into the size: two states are the same only with the same files.
    return { size: size * 1000 + files.length, mtimeMs };
  };
}

/** What a stable folder is handed on as: its one file, or itself (a bundle); nothing when empty. */
export async function unitOf(inbox: string, folder: string): Promise<string | null> {
  const files = await folderFiles(inbox, folder);
  if (files.length === 0) return null;
  return files.length === 1 ? (files[0] as string) : folder;
}
