/**
 * @module store/regular-file
 * Reads a file of out/records (or failed/) only when it is a regular file: a symlink could make
 * the API serve any file the service can read, and a FIFO would block a reader forever. The
 * name is checked with lstat before anything is opened, and the open itself refuses links
 * (O_NOFOLLOW) and never waits (O_NONBLOCK), so a swap between the two is caught by fstat.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';

export class NotRegularFile extends Error {
  override readonly name = 'NotRegularFile';
}

const kind = (s: { isSymbolicLink(): boolean; isFIFO(): boolean; isDirectory(): boolean; isSocket(): boolean }): string =>
  s.isSymbolicLink() ? 'a symbolic link' : s.isFIFO() ? 'a FIFO' : s.isDirectory() ? 'a folder' : s.isSocket() ? 'a socket' : 'not a regular file';

export async function readRegularFile(path: string): Promise<{ text: string; mtimeMs: number }> {
  const before = await lstat(path);
  if (!before.isFile()) throw new NotRegularFile(`${path} is ${kind(before)}; skipped, never opened`);
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new NotRegularFile(`${path} is ${kind(st)}; skipped`);
    return { text: await fh.readFile('utf8'), mtimeMs: st.mtimeMs };
  } finally {
    await fh.close();
  }
}
