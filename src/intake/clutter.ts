/**
 * @module intake/clutter
 * Files the inbox must ignore: OS and editor by-products that are never notices.
 */
import { basename, sep } from 'node:path';

const CLUTTER_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', 'ehthumbs.db']);

/**
 * True for `.DS_Store`, `Thumbs.db`, `desktop.ini`, Office owner files (`~$x.docx`), LibreOffice
 * locks (`.~lock.x#`), partial downloads and temp files (`*.tmp`, `*.crdownload`, `*.part`) and any
 * hidden file or file inside a hidden folder (`.x`). `relPath` is relative to the inbox.
 */
export function isClutter(relPath: string): boolean {
  const parts = relPath.split(sep).filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p.startsWith('.') && p !== '..')) return true;
  const name = basename(relPath).toLowerCase();
  if (CLUTTER_NAMES.has(name)) return true;
  if (name.startsWith('~$') || name.startsWith('~lock')) return true;
  return /\.(tmp|temp|crdownload|part|partial|swp)$/.test(name) || name.endsWith('~');
}
