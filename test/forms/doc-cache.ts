/**
 * A document read once: the Doc a reader made of a file, kept as JSON under the system temp
 * folder and keyed by the file's bytes and the reader code that read it (src/readers/*,
 * src/document.ts). The form suites read 90 originals, 59 of them .doc/.xls that LibreOffice
 * converts in a second or more each; the rules they test run after reading, so a second run
 * reads from the cache. The key also says whether LibreOffice read a legacy file (converter()). Set TONGZHI_DOC_CACHE=off to read every file afresh.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Doc } from '../../src/document.js';
import { readDocument } from '../../src/readers/index.js';
import { sofficeWorks } from '../../src/readers/soffice.js';

const ROOT = resolve(import.meta.dirname, '..', '..').replace(/[\\/]dist$/, '');
const CACHE = join(tmpdir(), 'tongzhi-doc-cache');

let readerHash: string | null = null;
/** A hash of the code that turns bytes into a Doc: a change to any reader empties the cache's use. */
function readerCode(): string {
  if (readerHash) return readerHash;
  const h = createHash('sha256');
  const readers = join(ROOT, 'src/readers');
  for (const f of readdirSync(readers).sort()) h.update(f).update(readFileSync(join(readers, f)));
  h.update(readFileSync(join(ROOT, 'src/document.ts')));
  readerHash = h.digest('hex').slice(0, 16);
  return readerHash;
}

let soffice: boolean | null = null;
/**
 * Which converter read a legacy file: LibreOffice when a working one is there, word-extractor or
 * SheetJS when not. The two read tables differently, so a read made without LibreOffice (a
 * half-installed one) must not stand in for one made with it.
 */
function converter(file: string): string {
  if (!/\.(?:doc|xls|wps|et)$/i.test(file)) return '';
  soffice ??= sofficeWorks();
  return soffice ? '-soffice' : '-bare';
}

const memo = new Map<string, Doc>();

export async function cachedDoc(file: string): Promise<Doc> {
  const bytes = readFileSync(file);
  const key = `${createHash('sha256').update(bytes).digest('hex').slice(0, 24)}-${readerCode()}${converter(file)}-${file.replace(/^.*[\\/]/, '')}`;
  const hit = memo.get(key);
  // A fresh copy each time: the pipeline may annotate what it is given.
  if (hit) return structuredClone(hit);
  const path = join(CACHE, `${key}.json`);
  const off = process.env['TONGZHI_DOC_CACHE'] === 'off';
  let doc: Doc;
  if (!off && existsSync(path)) doc = JSON.parse(readFileSync(path, 'utf8')) as Doc;
  else {
    doc = await readDocument(file, { maxBytes: 64 << 20 });
    if (!off) {
      mkdirSync(CACHE, { recursive: true });
      writeFileSync(path, JSON.stringify(doc));
    }
  }
  memo.set(key, doc);
  return structuredClone(doc);
}
