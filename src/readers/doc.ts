/**
 * @module readers/doc
 * Legacy Word 97+ files (.doc, and Kingsoft .wps, which is the same OLE2 format).
 *
 * With LibreOffice installed the file is converted to .docx and read by the DOCX reader: merged
 * cells, alignment, bold and font sizes survive, and forms keep their shape. Without it (or when
 * the conversion fails) `word-extractor` reads the text in process; its tables come out as
 * tab-separated rows with every grid cell present and no merges. `source.via` says which.
 *
 * The container is checked first (cfb.ts): a truncated or encrypted file is a typed error here
 * rather than whatever a converter makes of it.
 */
import { createRequire } from 'node:module';
import type { RawBlock, RawCell, ReadResult } from '../document.js';
import { IngestError } from '../errors.js';
import { CfbError, openCfb, type Cfb } from './cfb.js';
import { convert } from './soffice.js';

/** The part of word-extractor's API used here (it ships no types). */
interface WordDocumentApi {
  getBody(options?: { filterUnicode?: boolean }): string;
  getFootnotes(options?: { filterUnicode?: boolean }): string;
  getEndnotes(options?: { filterUnicode?: boolean }): string;
}
interface WordExtractorApi {
  extract(source: Buffer): Promise<WordDocumentApi>;
}

const FIB_MAGIC_WORD97 = 0xa5ec;
const F_ENCRYPTED = 0x0100;
const F_WHICH_TABLE = 0x0200;

export const VIA_SOFFICE = 'soffice→docx';
export const VIA_WORD_EXTRACTOR = 'word-extractor';

export async function readDoc(bytes: Uint8Array, file: string): Promise<ReadResult> {
  checkWordFile(bytes, file);
  let reason = '';
  try {
    const docx = await convert(bytes, 'doc', 'docx');
    if (docx) {
      const { readDocx } = await import('./docx.js');
      const read = await readDocx(docx, file);
      if (read.blocks.length > 0) return { ...read, source: { via: VIA_SOFFICE } };
      reason = 'the converted file was empty';
    }
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
  }
  const read = await readWithWordExtractor(bytes, file);
  // Kept for the logs: a fallback is not an error, but it is worth knowing why it happened.
  if (reason) process.emitWarning(`${file}: LibreOffice conversion failed (${reason}); read with word-extractor`, 'TongzhiReader');
  return read;
}

/** The FIB at the start of the WordDocument stream says whether the file is encrypted. */
function checkWordFile(bytes: Uint8Array, file: string): void {
  let cfb: Cfb | null;
  try {
    cfb = openCfb(bytes);
    if (!cfb) throw new CfbError('not an OLE2 compound file');
    const main = cfb.stream('WordDocument');
    if (!main) throw new CfbError('no WordDocument stream');
    if (main.byteLength < 32) throw new CfbError('the WordDocument stream is too short');
    const view = new DataView(main.buffer, main.byteOffset, main.byteLength);
    const flags = view.getUint16(0x0a, true);
    if (flags & F_ENCRYPTED) throw new IngestError('encrypted_file', file, 'read', 'the Word document is password-protected');
    if (view.getUint16(0, true) === FIB_MAGIC_WORD97) {
      // Reading the table stream whole proves its sector chain is intact (a cut file fails here).
      const table = cfb.stream(flags & F_WHICH_TABLE ? '1Table' : '0Table');
      if (!table) throw new CfbError('the table stream the FIB names is missing');
    }
  } catch (e) {
    if (e instanceof IngestError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new IngestError('corrupt_file', file, 'read', `not a readable Word document: ${reason}`, { cause: e });
  }
}

async function readWithWordExtractor(bytes: Uint8Array, file: string): Promise<ReadResult> {
  const require = createRequire(import.meta.url);
  const WordExtractor = require('word-extractor') as new () => WordExtractorApi;
  let doc: WordDocumentApi;
  try {
    doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new IngestError('corrupt_file', file, 'read', `not a readable Word document: ${reason}`, { cause: e });
  }
  // filterUnicode would turn “” into " and — into -, which the extractors read as printed.
  const raw = { filterUnicode: false };
  const blocks = [doc.getBody(raw), doc.getFootnotes(raw), doc.getEndnotes(raw)].flatMap(wordTextBlocks);
  return { blocks, pages: null, encoding: null, source: { via: VIA_WORD_EXTRACTOR } };
}

/**
 * word-extractor's text: paragraphs end in `\n`; in a table every cell ends in `\t` (the cell
 * mark) and the row in `\n`. A paragraph break inside a cell leaves a line that does not end in
 * `\t`; it belongs to the cell the next row-line continues, so it is carried over.
 */
export function wordTextBlocks(text: string): RawBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: RawBlock[] = [];
  let rows: RawCell[][] = [];
  let carried: string[] = [];
  const flushTable = (): void => {
    if (rows.length) blocks.push({ kind: 'table', rows: mergeEmptyLeadCells(rows), page: null });
    rows = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.endsWith('\t')) {
      rows.push(cellsOf([...carried, line].join('\n')));
      carried = [];
      continue;
    }
    const end = rowEnd(lines, i);
    const midRow = line.includes('\t') || carried.length > 0;
    // A tab-less line after a row starts a multi-paragraph first cell only when the row it
    // would make has as many cells as a row before; otherwise it is a paragraph after the table.
    const firstCell = rows.length > 0 && end > 0 && rows.some((r) => r.length === cellsOf(lines.slice(i, end + 1).join('\n')).length);
    if (end > 0 && (midRow || firstCell)) {
      carried.push(line);
      continue;
    }
    for (const l of [...carried, line]) {
      if (l.trim()) {
        flushTable();
        blocks.push({ kind: 'paragraph', text: l.replace(/\t/g, ' '), page: null });
      }
    }
    carried = [];
  }
  for (const l of carried) if (l.trim()) blocks.push({ kind: 'paragraph', text: l, page: null });
  flushTable();
  return blocks;
}

/**
 * Word stores a vertically merged cell as an empty cell on every row it covers, and
 * word-extractor prints them so: a group label (经费投入 over 中央/省级/…) is followed by rows
 * whose first cell is empty. Those rows join the label's row span. Only the first column is
 * repaired: elsewhere an empty cell is as often a blank to fill in as a merge.
 */
function mergeEmptyLeadCells(rows: RawCell[][]): RawCell[][] {
  let owner: RawCell | null = null;
  const out: RawCell[][] = [];
  for (const row of rows) {
    const [first, ...rest] = row;
    if (first && first.text.trim() === '' && owner && rest.some((c) => c.text.trim() !== '')) {
      owner.rowSpan++;
      out.push(rest);
      continue;
    }
    owner = first && first.text.trim() !== '' ? first : null;
    out.push(row);
  }
  return out;
}

const cellsOf = (row: string): RawCell[] => row.slice(0, -1).split('\t').map((t): RawCell => ({ text: t, rowSpan: 1, colSpan: 1 }));

/** The next line that ends a row, if it comes before a blank line and within a few lines. */
function rowEnd(lines: string[], from: number): number {
  for (let j = from; j < lines.length && j - from < 20; j++) {
    const l = lines[j] ?? '';
    if (l.endsWith('\t')) return j;
    if (l.trim() === '' && j > from) return -1;
  }
  return -1;
}
