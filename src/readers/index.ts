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
import { looksLikeText, readText } from './text.js';

export type Reader = (bytes: Uint8Array, file: string) => Promise<ReadResult>;

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
  { format: 'pdf', sniff: isPdf, read: async (b, f) => (await import('./pdf.js')).readPdf(b, f) },
  { format: 'docx', sniff: isDocx, read: async (b, f) => (await import('./docx.js')).readDocx(b, f) },
  { format: 'text', sniff: looksLikeText, read: readText },
];

/** Names what a file is when no reader takes it, so the error says more than "unsupported". */
const KNOWN_OTHERS: ReadonlyArray<{ what: string; magic: number[] }> = [
  { what: 'a PNG image', magic: [0x89, 0x50, 0x4e, 0x47] },
  { what: 'a JPEG image', magic: [0xff, 0xd8, 0xff] },
  { what: 'a GIF image', magic: ascii('GIF8') },
  { what: 'a TIFF image', magic: [0x49, 0x49, 0x2a, 0x00] },
  { what: 'a TIFF image', magic: [0x4d, 0x4d, 0x00, 0x2a] },
  { what: 'a BMP image', magic: ascii('BM') },
  { what: 'a legacy Office (.doc/.wps/.xls) file, not supported yet', magic: [0xd0, 0xcf, 0x11, 0xe0] },
  { what: 'a ZIP archive that is not a Word document', magic: ZIP },
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
  return readBytes(bytes, fileName);
}

export async function readBytes(bytes: Uint8Array, fileName: string): Promise<Doc> {
  if (bytes.byteLength === 0) throw new IngestError('empty_file', fileName, 'read', 'the file is empty (0 bytes)');
  const row = FORMATS.find((f) => f.sniff(bytes));
  if (!row) {
    const other = KNOWN_OTHERS.find((k) => startsWith(bytes, k.magic));
    const what = other ? other.what : 'neither PDF, DOCX nor text in a known encoding';
    throw new IngestError('unsupported_format', fileName, 'read', `unsupported format: ${what}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const read = await row.read(bytes, fileName);
  const doc = assembleDoc(read, { fileName, format: row.format, sha256, bytes: bytes.byteLength });
  if (doc.text.trim().length === 0) {
    throw new IngestError('empty_file', fileName, 'read', 'the file holds no text');
  }
  return doc;
}
