/**
 * The limits behind issue 10 §2, one by one and in process: each hostile class ends as a typed
 * error or as a partial record whose issue says what was skipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../src/errors.js';
import { MAX_QUOTE, evidence, quoteWindow } from '../../src/extract/context.js';
import { assembleDoc, MAX_PARAGRAPH_CHARS, splitLongParagraph } from '../../src/readers/assemble.js';
import { capTableRows, checkZip, DEFAULT_DOCX_LIMITS, readDocx } from '../../src/readers/docx.js';
import { detectFormat, readBytes } from '../../src/readers/index.js';
import { guardPdfjs } from '../../src/readers/pdf-guard.js';
import { checkInflatedSize, DEFAULT_PDF_LIMITS } from '../../src/readers/pdf-limits.js';
import { findTablesWithin } from '../../src/readers/pdf-tables.js';
import { readPdf } from '../../src/readers/pdf.js';
import { decodeText } from '../../src/readers/text.js';
import { SAMPLES } from '../helpers.js';
import { bigTableDocx, flateBombPdf, manyEntriesDocx, manyPagesPdf, zipBombDocx } from './generate.js';

const MB = 1024 * 1024;
const codeOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof IngestError ? e.code : `raw: ${String(e)}`));

describe('evidence quotes', () => {
  // A real deadline sentence; the one-line file repeats such clauses 728 times in one "sentence".
  const clause = '请各单位于2024年6月30日前将申报材料报送至科技部政策法规司，';
  const text = clause.repeat(50);
  const doc = assembleDoc({ blocks: [{ kind: 'paragraph', text, page: null }], pages: null, encoding: null }, { fileName: 'x', format: 'text', sha256: '', bytes: 0 });

  it('a long span is narrowed to a window around the value, and the offsets still give the quote', () => {
    const value = doc.text.indexOf('2024年6月30日', 1000);
    const e = evidence(doc, 0, MAX_PARAGRAPH_CHARS, { start: value, end: value + 10 });
    expect(e.quote.length).toBeLessThanOrEqual(MAX_QUOTE);
    expect(doc.text.slice(e.start, e.end)).toBe(e.quote);
    expect(e.quote).toContain('2024年6月30日');
    expect(e.start).toBeLessThanOrEqual(value);
  });

  it('without a focus the window starts where the span starts; short spans are untouched', () => {
    expect(quoteWindow(100, 5000)).toEqual([100, 100 + MAX_QUOTE]);
    expect(evidence(doc, 3, 20).quote).toBe(doc.text.slice(3, 20));
  });
});

describe('long paragraphs and long text', () => {
  it('a one-line text without sentence ends is cut at commas into pieces of at most 2,000 characters', () => {
    const clause = '请各单位于2024年6月30日前将申报材料报送至科技部政策法规司，';
    const pieces = splitLongParagraph(clause.repeat(1000));
    expect(pieces.length).toBeGreaterThan(10);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(MAX_PARAGRAPH_CHARS);
      expect(p.endsWith('，') || p === pieces.at(-1)).toBe(true);
    }
    expect(pieces.join('')).toBe(clause.repeat(1000));
  });

  it('the document says what was split, and offsets still point at each piece', () => {
    const doc = assembleDoc(
      { blocks: [{ kind: 'paragraph', text: '第一句。'.repeat(1200), page: null }], pages: null, encoding: null },
      { fileName: 'x', format: 'text', sha256: '', bytes: 0 },
    );
    expect(doc.readIssues?.map((i) => i.code)).toEqual(['long_paragraphs_split']);
    for (const b of doc.blocks) if (b.kind === 'paragraph') expect(doc.text.slice(b.start, b.end)).toBe(b.text);
  });
});

describe('text encodings', () => {
  const notice = '关于开展科普活动的通知\n各区科委：\n请于六月三十日前报送总结。\n';

  it('Chinese UTF-16 without a BOM and without ASCII is read (README: UTF-16 is supported)', () => {
    const le = Buffer.from(notice, 'utf16le');
    expect(decodeText(le)).toMatchObject({ encoding: 'utf-16le', text: notice });
    expect(decodeText(Buffer.from(le).swap16())).toMatchObject({ encoding: 'utf-16be', text: notice });
  });

  it('a GBK notice with a few bad bytes is read, the bytes counted', () => {
    const gbk = readFileSync(join(SAMPLES, '001_683f5b3ce4c84b58_gbk.txt'));
    const damaged = Buffer.from(gbk);
    for (const at of [200, 900, 1500]) damaged[at] = 0xff;
    const d = decodeText(damaged);
    expect(d?.encoding).toBe('gb18030');
    expect(d?.replaced).toBeGreaterThanOrEqual(1);
    expect(d?.replaced).toBeLessThanOrEqual(6);
  });

  it('UTF-8 with a stray byte stays UTF-8 instead of becoming GB18030 mojibake', () => {
    const bytes = Buffer.concat([Buffer.from('关于开展科普活动的通知\n'.repeat(20)), Buffer.from([0xc3]), Buffer.from('各区科委：\n')]);
    expect(decodeText(bytes)).toMatchObject({ encoding: 'utf-8', replaced: 1 });
  });

  it('a text mentioning %PDF- in its first KB is text; a PDF after a few junk bytes is still a PDF', () => {
    expect(detectFormat(Buffer.from('关于电子公文的通知\n文件头为“%PDF-1.7”的文件不得加密。\n'))).toBe('text');
    const pdf = readFileSync(join(SAMPLES, '000_fc46f2fa053bb05e.pdf'));
    expect(detectFormat(Buffer.concat([Buffer.from('\r\n\r\n'), pdf]))).toBe('pdf');
    expect(detectFormat(Buffer.concat([Buffer.from('From: office@example.org\r\nX-Junk: 1\r\n\r\n'), pdf]))).toBe('pdf');
  });
});

describe('PDF limits', () => {
  it('a FlateDecode bomb is refused as too_complex before pdfjs inflates it', async () => {
    const bomb = flateBombPdf(300 * MB);
    expect(checkInflatedSize(bomb, DEFAULT_PDF_LIMITS)).toMatchObject({ ok: false });
    expect(await codeOf(readPdf(bomb, 'bomb.pdf'))).toBe('too_complex');
  });

  it('ordinary streams pass the inflate check', () => {
    const pdf = readFileSync(join(SAMPLES, '000_fc46f2fa053bb05e.pdf'));
    expect(checkInflatedSize(pdf, DEFAULT_PDF_LIMITS).ok).toBe(true);
    expect(checkInflatedSize(Buffer.from(`1 0 obj << /Length 9 >>\nstream\n${deflateSync('x').toString('latin1')}\nendstream`, 'latin1'), DEFAULT_PDF_LIMITS).ok).toBe(true);
  });

  it('pages past the page limit are skipped with an issue', async () => {
    const read = await readPdf(manyPagesPdf(30), 'pages.pdf', { ...DEFAULT_PDF_LIMITS, maxPages: 10 });
    expect(read.pages).toBe(30);
    expect(read.issues?.map((i) => i.code)).toEqual(['pages_skipped']);
    expect(read.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')).join('\n')).toContain('Page 10 ');
    expect(read.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')).join('\n')).not.toContain('Page 11 ');
  });

  it('a lattice beyond the grid-slot limit is not built (the span search is rows × columns × rules)', () => {
    const h = (y: number): { x0: number; x1: number; y0: number; y1: number } => ({ x0: 0, x1: 1000, y0: y, y1: y });
    const v = (x: number): { x0: number; x1: number; y0: number; y1: number } => ({ x0: x, x1: x, y0: 0, y1: 1000 });
    const lines = Array.from({ length: 200 }, (_, i) => i * 5);
    const found = findTablesWithin([...lines.map(h), ...lines.map(v)], 20_000);
    expect(found).toEqual({ tables: [], skipped: 1 });
    expect(findTablesWithin([...lines.slice(0, 20).map(h), ...lines.slice(0, 20).map(v)], 20_000).tables).toHaveLength(1);
  });

  it('an error pdfjs raises outside any promise we hold fails the guarded read, not the process', async () => {
    const guard = guardPdfjs();
    const stray = new Error('Object already resolved img_p0_1.');
    stray.stack = `Error: Object already resolved img_p0_1.\n    at PDFObjects.resolve (file:///x/node_modules/pdfjs-dist/legacy/build/pdf.mjs:20930:13)`;
    void Promise.reject(stray);
    await expect(guard.stray).rejects.toBe(stray);
    guard.close();
  });
});

describe('DOCX limits', () => {
  it('a ZIP bomb is refused from its declared sizes, and when they lie, from what it inflates to', async () => {
    expect(await codeOf(readDocx(zipBombDocx(300 * MB, false), 'bomb.docx'))).toBe('too_complex');
    expect(await codeOf(readDocx(zipBombDocx(300 * MB, true), 'lying.docx'))).toBe('too_complex');
  });

  it('a package of tens of thousands of entries is refused', () => {
    expect(() => checkZip(manyEntriesDocx(12_000), 'many.docx', DEFAULT_DOCX_LIMITS)).toThrow(/ZIP entries/);
  });

  it('table rows past the cell limit are dropped before mammoth, with an issue', async () => {
    const read = await readDocx(await bigTableDocx(300, 10), 'table.docx', { ...DEFAULT_DOCX_LIMITS, maxTableCells: 1000 });
    const table = read.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.length).toBe(100);
    expect(read.issues?.map((i) => i.code)).toEqual(['table_rows_skipped']);
    expect(read.blocks.at(-1)).toMatchObject({ kind: 'paragraph', text: '特此通知。' });
  });

  it('capTableRows keeps nested tables whole and counts every cell', () => {
    const row = (inner: string): string => `<w:tr><w:tc><w:p/>${inner}</w:tc></w:tr>`;
    const nested = `<w:tbl>${row('')}${row('')}</w:tbl>`;
    const xml = `<w:tbl>${row(nested)}${row('')}${row('')}</w:tbl><w:p/>`;
    const capped = capTableRows(xml, 3);
    expect(capped).toMatchObject({ cells: 5, skippedRows: 2 });
    expect(capped.xml).toBe(`<w:tbl>${row(nested)}</w:tbl><w:p/>`);
  });
});

describe('every input ends as a record or a typed error', () => {
  it('a few bytes of each kind', async () => {
    for (const bytes of [Buffer.from('%PDF-1.7\n'), Buffer.from('PK\x03\x04word/document.xml'), Buffer.from([0xff, 0xfe, 0x00])]) {
      expect(await codeOf(readBytes(bytes, 'x'))).toMatch(/^(corrupt_file|unsupported_format|empty_file|resolved)$/);
    }
  });
});
