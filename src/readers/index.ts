/**
 * @module readers
 * Format detection from the bytes (never the extension) and the one table of readers.
 * Adding a format means one reader file plus one row in FORMATS.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Doc, Format, ReadResult } from '../document.js';
import { IngestError } from '../errors.js';
import { assembleDoc } from './assemble.js';
import { CfbError, isOle2, openCfb } from './cfb.js';
import type { OcrMode } from './ocr-mode.js';
import { imageKind, ocrModeFromEnv } from './ocr-mode.js';
import { looksLikeText, readText } from './text.js';

export type Reader = (bytes: Uint8Array, file: string, options: ReaderOptions) => Promise<ReadResult>;

/** What a reader may be told besides the bytes. */
export interface ReaderOptions {
  ocr: OcrMode;
}

interface FormatRow {
  format: Format;
  sniff: (bytes: Uint8Array) => boolean;
  read: Reader;
}

const startsWith = (bytes: Uint8Array, magic: number[], at = 0): boolean => magic.every((b, i) => bytes[at + i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** A ZIP whose entries include the Word main part; a plain ZIP is not a DOCX. */
function isDocx(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, ZIP)) return false;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('word/document.xml', 0, 'latin1');
}

/** A ZIP that holds the named part (its name is in the central directory, stored as is). */
function zipWith(part: string): (bytes: Uint8Array) => boolean {
  return (bytes) => startsWith(bytes, ZIP) && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(part, 0, 'latin1');
}

type OleKind = 'word' | 'excel' | 'encrypted' | 'other';
const oleKinds = new WeakMap<Uint8Array, OleKind>();

/**
 * What an OLE2 file holds, from its stream names: Word (.doc/.wps) has WordDocument, Excel
 * (.xls/.et) has Workbook (Book in Excel 5), a password-protected .docx/.xlsx has
 * EncryptedPackage. When the directory itself is broken (a cut file: it is often written last)
 * the sectors are looked at for the start of a Word FIB or an Excel BOF record instead, so that
 * the format's reader can say the file is corrupt rather than of an unknown kind.
 */
function oleKind(bytes: Uint8Array): OleKind | null {
  if (!isOle2(bytes)) return null;
  const known = oleKinds.get(bytes);
  if (known) return known;
  let kind: OleKind = 'other';
  try {
    const cfb = openCfb(bytes);
    if (cfb?.has('EncryptedPackage')) kind = 'encrypted';
    else if (cfb?.has('WordDocument')) kind = 'word';
    else if (cfb?.has('Workbook') || cfb?.has('Book')) kind = 'excel';
  } catch (e) {
    if (!(e instanceof CfbError)) throw e;
    kind = streamStartKind(bytes);
  }
  oleKinds.set(bytes, kind);
  return kind;
}

function streamStartKind(bytes: Uint8Array): OleKind {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let off = 512; off + 8 <= bytes.byteLength; off += 512) {
    const magic = view.getUint16(off, true);
    // FIB: wIdent 0xA5EC (Word 97+) or 0xA5DC (Word 6/95), then nFib.
    if ((magic === 0xa5ec || magic === 0xa5dc) && view.getUint16(off + 2, true) >= 0x65) return 'word';
    // BOF record (0x0809) of the workbook globals substream (dt 0x0005).
    if (magic === 0x0809 && view.getUint16(off + 6, true) === 0x0005) return 'excel';
  }
  return 'other';
}

/** Markup from its first tag (after a BOM, blanks and comments); MHTML from its MIME header. */
function isHtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096));
  // UTF-16 pages: every other byte is NUL; look at the ASCII that remains.
  const text = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) ? head.toString('latin1').replace(/\0/g, '') : head.toString('latin1');
  const start = text.replace(/^(?:\ufeff|\u00ef\u00bb\u00bf|\u00ff\u00fe|\u00fe\u00ff)?(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*/, '');
  if (/^<(?:!doctype\s+html|html|head|body|meta|title)[\s>]/i.test(start)) return true;
  return /^(?:[\w-]+:[^\n]*\r?\n)*?mime-version:/i.test(text) && /content-type:\s*multipart\/related/i.test(text) && /text\/html/i.test(text);
}

/**
 * `%PDF-` opens the file, perhaps after a BOM or blank lines. Readers also accept it anywhere in
 * the first KB (some producers prepend mail headers or junk), but a text file may mention
 * `%PDF-` there too: after junk it only counts when PDF objects or the end marker follow.
 */
function isPdf(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buf.subarray(0, 1024).indexOf('%PDF-', 0, 'latin1');
  if (at < 0) return false;
  if (/^(?:\xef\xbb\xbf)?[\s\0]*$/.test(buf.subarray(0, at).toString('latin1'))) return true;
  return buf.subarray(at, at + 64 * 1024).includes('endobj', 0, 'latin1') || buf.subarray(-1024).includes('%%EOF', 0, 'latin1');
}

export const FORMATS: readonly FormatRow[] = [
  // pdfjs and mammoth are large: load them when a file of theirs arrives, not at start-up.
  { format: 'pdf', sniff: isPdf, read: async (b, f, o) => (await import('./pdf.js')).readPdf(b, f, undefined, o.ocr) },
  { format: 'docx', sniff: isDocx, read: async (b, f) => (await import('./docx.js')).readDocx(b, f) },
  { format: 'xlsx', sniff: zipWith('xl/workbook.xml'), read: async (b, f) => (await import('./xls.js')).readSpreadsheet(b, f) },
  { format: 'doc', sniff: (b) => oleKind(b) === 'word', read: async (b, f) => (await import('./doc.js')).readDoc(b, f) },
  { format: 'xls', sniff: (b) => oleKind(b) === 'excel', read: async (b, f) => (await import('./xls.js')).readSpreadsheet(b, f) },
  { format: 'ofd', sniff: zipWith('OFD.xml'), read: async (b, f) => (await import('./ofd.js')).readOfd(b, f) },
  { format: 'html', sniff: isHtml, read: async (b, f) => (await import('./html.js')).readHtml(b, f) },
  // Page images (scans, photos) are read by OCR; the magic numbers are PNG, JPEG and TIFF.
  { format: 'image', sniff: (b) => imageKind(b) !== null, read: async (b, f, o) => (await import('./ocr.js')).readImage(b, f, o.ocr) },
  { format: 'text', sniff: looksLikeText, read: readText },
];

/** Names what a file is when no reader takes it, so the error says more than "unsupported". */
const KNOWN_OTHERS: ReadonlyArray<{ what: string; magic: number[] }> = [
  { what: 'a GIF image', magic: ascii('GIF8') },
  { what: 'a BMP image', magic: ascii('BM') },
  { what: 'an OLE2 file that is neither Word nor Excel (PowerPoint, Outlook …)', magic: [0xd0, 0xcf, 0x11, 0xe0] },
  { what: 'a ZIP archive that is not a Word document, a workbook or an OFD', magic: ZIP },
  { what: 'a RAR archive', magic: ascii('Rar!') },
  { what: 'a 7z archive', magic: [0x37, 0x7a, 0xbc, 0xaf] },
  { what: 'a gzip archive', magic: [0x1f, 0x8b] },
];

export function detectFormat(bytes: Uint8Array): Format | null {
  return FORMATS.find((f) => f.sniff(bytes))?.format ?? null;
}

export interface ReadOptions {
  /** Files above this size are rejected before they are read. */
  maxBytes: number;
  /** When OCR runs (scanned PDFs, page images); TONGZHI_OCR or auto when not given. */
  ocr?: OcrMode;
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Reads any supported file into the document model; every failure is an IngestError. */
export async function readDocument(path: string, options: ReadOptions = { maxBytes: DEFAULT_MAX_BYTES }): Promise<Doc> {
  const fileName = basename(path);
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new IngestError('unsupported_format', fileName, 'read', 'not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof IngestError) throw e;
    throw new IngestError('io_error', fileName, 'read', `cannot read the file (${(e as Error).message})`, { cause: e });
  }
  if (size === 0) throw new IngestError('empty_file', fileName, 'read', 'the file is empty (0 bytes)');
  if (size > options.maxBytes) {
    throw new IngestError('too_large', fileName, 'read', `the file is ${size} bytes, above the limit of ${options.maxBytes} bytes`);
  }
  const bytes = new Uint8Array(await readFile(path));
  return readBytes(bytes, fileName, options.ocr);
}

export async function readBytes(bytes: Uint8Array, fileName: string, ocr: OcrMode = ocrModeFromEnv()): Promise<Doc> {
  if (bytes.byteLength === 0) throw new IngestError('empty_file', fileName, 'read', 'the file is empty (0 bytes)');
  const row = FORMATS.find((f) => f.sniff(bytes));
  if (!row) {
    if (oleKind(bytes) === 'encrypted') {
      throw new IngestError('encrypted_file', fileName, 'read', 'the Office document is password-protected (an encrypted package)');
    }
    const other = KNOWN_OTHERS.find((k) => startsWith(bytes, k.magic));
    const what = other ? other.what : 'neither PDF, DOCX nor text in a known encoding, nor DOC/WPS, XLS/XLSX/ET, HTML/MHT, OFD or a PNG/JPEG/TIFF page image';
    throw new IngestError('unsupported_format', fileName, 'read', `unsupported format: ${what}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const read = await row.read(bytes, fileName, { ocr });
  const doc = assembleDoc(read, { fileName, format: row.format, sha256, bytes: bytes.byteLength });
  if (read.source) doc.source = { ...doc.source, ...read.source };
  if (doc.text.trim().length === 0) {
    throw new IngestError('empty_file', fileName, 'read', 'the file holds no text');
  }
  return doc;
}
