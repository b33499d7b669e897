/**
 * @module bundle/files
 * The files of a bundle — a ZIP that is no Office package, or a folder — as (path, bytes), with
 * the limits a DOCX package has (entry count, inflated sizes) and the refusals an archive needs:
 * names that climb out of it (`../x`, `/etc/x`, `C:\x`), encrypted entries, damaged entries.
 * A ZIP inside the bundle is skipped (not opened: no recursion, no bomb inside a bomb) and said
 * so. Every refusal is an IngestError naming the bundle and the entry.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { ReadIssue } from '../document.js';
import { IngestError } from '../errors.js';
import { DEFAULT_DOCX_LIMITS } from '../readers/docx.js';
import { detectFormat } from '../readers/index.js';
import { walkZip, type ZipLimits } from '../readers/zip.js';

export interface BundleEntry {
  /** Path inside the bundle, `/`-separated. */
  path: string;
  bytes: Uint8Array;
}

export interface BundleFiles {
  name: string;
  format: 'zip' | 'folder';
  sha256: string;
  files: BundleEntry[];
  issues: ReadIssue[];
}

/** The same limits as a DOCX package: entry count and inflated sizes. */
export const DEFAULT_BUNDLE_LIMITS: ZipLimits = {
  maxEntries: DEFAULT_DOCX_LIMITS.maxEntries,
  maxEntryBytes: DEFAULT_DOCX_LIMITS.maxEntryBytes,
  maxTotalBytes: DEFAULT_DOCX_LIMITS.maxTotalBytes,
};

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const startsWith = (b: Uint8Array, magic: number[]): boolean => magic.every((x, i) => b[i] === x);

/** A ZIP archive that no reader takes as a document (not DOCX, XLSX …): a bundle of files. */
export const isBundleZip = (bytes: Uint8Array): boolean => (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP)) && detectFormat(bytes) === null;

/**
 * OS and archiver by-products that are never documents: macOS resource forks (`__MACOSX/`),
 * hidden files, Finder and Explorer caches, Office owner files (`~$x.docx`).
 */
export function isByProduct(path: string): boolean {
  const parts = path.split('/').filter(Boolean);
  const name = (parts.at(-1) ?? '').toLowerCase();
  return parts.some((p) => p.startsWith('.') || p === '__MACOSX') || ['thumbs.db', 'desktop.ini'].includes(name) || name.startsWith('~$');
}

/** `..` segments, absolute paths, drive letters: a name that would land outside the bundle when unpacked. */
export function escapes(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.split('/').includes('..');
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * A folder's content id: the SHA-256 of its files' relative paths and SHA-256s, sorted — the
 * same files give the same id wherever the folder is and whatever the files' times.
 */
export function folderHash(files: ReadonlyArray<{ path: string; sha256: string }>): string {
  const lines = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => `${f.path}\0${f.sha256}\n`);
  return sha256(Buffer.from(lines.join(''), 'utf8'));
}

function nested(path: string, bytes: Uint8Array, issues: ReadIssue[]): boolean {
  if (!isBundleZip(bytes)) return false;
  issues.push({ code: 'nested_archive_skipped', lost: true, message: `${path} is an archive inside the bundle; it was not opened` });
  return true;
}

export function filesOfZip(bytes: Uint8Array, name: string, limits: ZipLimits = DEFAULT_BUNDLE_LIMITS): BundleFiles {
  const entries = walkZip(bytes, name, limits, 'the archive', (n) => !escapes(n) && !isByProduct(n));
  if (entries.length === 0 && !startsWith(bytes, EMPTY_ZIP)) {
    throw new IngestError('corrupt_file', name, 'read', 'not a readable ZIP archive: its central directory is missing (a cut or damaged file)');
  }
  const issues: ReadIssue[] = [];
  const files: BundleEntry[] = [];
  for (const e of entries) {
    if (escapes(e.name)) throw new IngestError('corrupt_file', name, 'read', `the archive's entry ${e.name} names a path outside the archive; refused`);
    if (e.folder || isByProduct(e.name)) continue;
    if (e.encrypted) throw new IngestError('encrypted_file', name, 'read', `the archive's entry ${e.name} is encrypted (a password-protected archive)`);
    if (!e.content) throw new IngestError('corrupt_file', name, 'read', `the archive's entry ${e.name} cannot be read: ${e.damage ?? 'no data'}`);
    if (e.content.length === 0 || nested(e.name, e.content, issues)) continue;
    files.push({ path: e.name, bytes: new Uint8Array(e.content) });
  }
  if (files.length === 0) throw new IngestError('empty_file', name, 'read', 'the archive holds no file to read');
  return { name, format: 'zip', sha256: sha256(bytes), files, issues };
}

/**
 * A folder's files (in subfolders too), never following links: a link inside a bundle folder is
 * refused like one in the inbox.
 */
export async function filesOfFolder(dir: string, limits: ZipLimits = DEFAULT_BUNDLE_LIMITS): Promise<BundleFiles> {
  const name = basename(dir);
  const listed = await readdir(dir, { recursive: true, withFileTypes: true });
  const issues: ReadIssue[] = [];
  const files: BundleEntry[] = [];
  const hashes: Array<{ path: string; sha256: string }> = [];
  let total = 0;
  for (const e of listed.sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)))) {
    const full = join(e.parentPath, e.name);
    const path = relative(dir, full).split(sep).join('/');
    if (e.isDirectory() || isByProduct(path)) continue;
    if (!e.isFile()) throw new IngestError('unsupported_format', name, 'read', `the folder's entry ${path} is not a regular file (a link?); tongzhi never follows links`);
    if (files.length + 1 > limits.maxEntries) throw new IngestError('too_complex', name, 'read', `the folder holds more than ${limits.maxEntries} files`);
    const st = await lstat(full);
    total += st.size;
    if (st.size > limits.maxEntryBytes) throw new IngestError('too_complex', name, 'read', `the folder's file ${path} has ${st.size} bytes, above the limit of ${limits.maxEntryBytes}`);
    if (total > limits.maxTotalBytes) throw new IngestError('too_complex', name, 'read', `the folder's files hold more than ${limits.maxTotalBytes} bytes`);
    const bytes = new Uint8Array(await readFile(full));
    hashes.push({ path, sha256: sha256(bytes) });
    if (bytes.length === 0 || nested(path, bytes, issues)) continue;
    files.push({ path, bytes });
  }
  if (files.length === 0) throw new IngestError('empty_file', name, 'read', 'the folder holds no file to read');
  return { name, format: 'folder', sha256: folderHash(hashes), files, issues };
}
