/**
 * @module readers/pdf
 * PDF → raw blocks with pdfjs-dist (legacy build, in-process fake worker; loaded by pdfjs-load
 * so that its bundled core-js leaves Node's built-ins alone).
 *
 * Per page: text items become pieces (pdf-lines), ruled tables are recovered from the vector
 * paths (pdf-tables) and take the pieces inside them (pdf-cells), the rest become lines; then
 * all pages' lines are joined into paragraphs (pdf-paragraphs). A PDF without a usable text
 * layer (scans, broken ToUnicode maps) goes to OCR (readers/ocr), or with `--ocr off` is refused
 * with `no_text_layer`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocumentLoadingTask, PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DocumentInitParameters } from 'pdfjs-dist/types/src/display/api.js';
import type { ReadIssue, ReadResult } from '../document.js';
import { IngestError } from '../errors.js';
import type { Piece } from './pdf-lines.js';
import { groupLines, toPieces } from './pdf-lines.js';
import type { PageLines } from './pdf-paragraphs.js';
import { buildBlocks } from './pdf-paragraphs.js';
import { fillGrid, insideGrid } from './pdf-cells.js';
import { guardPdfjs } from './pdf-guard.js';
import type { OcrMode } from './ocr-mode.js';
import { ocrModeFromEnv } from './ocr-mode.js';
import type { PdfLimits } from './pdf-limits.js';
import { checkInflatedSize, DEFAULT_PDF_LIMITS } from './pdf-limits.js';
import type { PathOps, TableGrid } from './pdf-tables.js';
import { findTablesWithin, mayHoldTable, rulingSegments } from './pdf-tables.js';
import { pdfjs } from './pdfjs-load.js';

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * What pdfjs's font loader touches of a document when it cannot use the Font Loading API: a
 * style sheet for the @font-face rules, which nobody reads here.
 */
const NO_DOCUMENT = {
  createElement: () => ({ sheet: { cssRules: [], insertRule: () => 0 }, remove: () => undefined }),
  documentElement: { getElementsByTagName: () => [{ append: () => undefined }] },
};

/**
 * pdfjs silently drops CJK text without the packed CMaps, and needs the standard font data for
 * unembedded base fonts. Nothing may reach stdout (it carries the JSON record): verbosity 0.
 *
 * `disableFontFace` (pdfjs's default in Node) makes the operator list compile every glyph it
 * shows into a drawing path, for a canvas we never paint: a third of a text PDF's time. With
 * font faces "loaded" into a document stand-in instead, the operator list only parses.
 */
const LOAD_OPTIONS = {
  cMapUrl: join(PDFJS_DIR, 'cmaps') + '/',
  cMapPacked: true,
  standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/',
  useSystemFonts: false,
  isEvalSupported: false,
  disableFontFace: false,
  ownerDocument: NO_DOCUMENT as unknown as NonNullable<DocumentInitParameters['ownerDocument']>,
  verbosity: 0,
} as const;

const PATH_OPS: PathOps = pdfjs.OPS;
const IMAGE_OPS: ReadonlySet<number> = new Set(
  Object.entries(pdfjs.OPS)
    .filter(([name]) => /^paint(Inline)?Image/.test(name))
    .map(([, code]) => code),
);
/**
 * 黑体-like faces count as bold: GB/T 9704 sets 一、 headings in 黑体 instead of bold. Names come
 * as PostScript names (`SimHei`, `STHeiti`, `NotoSansCJKsc`) or as GBK bytes read as Latin-1
 * (`ºÚÌå` is 黑体).
 */
const BOLD_FONT = /bold|heavy|black|demi|hei(?:ti)?(?![a-z])|sans.?cjk|sourcehansans|黑|\u00ba\u00da/i;
/** Characters a broken ToUnicode map yields: private use, replacement, controls, Latin-1 debris. */
const JUNK_CHAR = /[\ue000-\uf8ff\u{f0000}-\u{10ffff}\ufffd\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00c0-\u024f]/gu;

export async function readPdf(bytes: Uint8Array, file: string, limits: PdfLimits = DEFAULT_PDF_LIMITS, ocr: OcrMode = ocrModeFromEnv()): Promise<ReadResult> {
  const inflated = checkInflatedSize(bytes, limits);
  if (!inflated.ok) throw new IngestError('too_complex', file, 'read', `the PDF is too complex to read: ${inflated.reason}`);
  const guard = guardPdfjs();
  // pdfjs may transfer (detach) the buffer it is given, so it gets a copy. Not `bytes.slice()`:
  // on a Node Buffer that is a view of the same memory, and pdfjs rejects Buffers anyway.
  const task = pdfjs.getDocument({ ...LOAD_OPTIONS, data: new Uint8Array(bytes) });
  const work = readTask(task, file, limits, { mode: ocr, bytes });
  try {
    return await Promise.race([work, guard.stray]);
  } catch (e) {
    throw e instanceof IngestError ? e : damaged(e, file);
  } finally {
    // Destroying rejects whatever pdfjs still has pending; only then is the read really over.
    await task.destroy().catch(() => undefined);
    await work.catch(() => undefined);
    guard.close();
  }
}

/** `ocr`: whether a PDF without a usable text layer is OCRed (readers/ocr), and its bytes for that. */
async function readTask(task: PDFDocumentLoadingTask, file: string, limits: PdfLimits, ocr: { mode: OcrMode; bytes: Uint8Array }): Promise<ReadResult> {
  const doc = await task.promise.catch((e: unknown) => {
    throw openError(e, file);
  });
  const issues: ReadIssue[] = [];
  const count = Math.min(doc.numPages, limits.maxPages);
  if (doc.numPages > limits.maxPages) {
    issues.push({
      code: 'pages_skipped',
      lost: true,
      message: `the PDF has ${doc.numPages} pages; only the first ${limits.maxPages} were read, pages ${limits.maxPages + 1}–${doc.numPages} were skipped`,
    });
  }
  // Page by page, releasing each: holding thousands of pages' operator lists at once took GBs.
  // Text first: a scan is refused before its images are decoded for the operator lists.
  const items: Array<readonly unknown[]> = [];
  for (let n = 1; n <= count; n++) {
    const page = await doc.getPage(n);
    items.push((await page.getTextContent()).items);
    page.cleanup();
  }
  const texts = items.map((i) => textOf({ items: i }));
  const refused = await checkTextLayer(doc, count, texts, file).then(() => null, (e: unknown) => e);
  // force: a thin text layer (a stamp or page numbers over outlined text) is OCRed too.
  const thin = ocr.mode === 'force' && texts.join('').replace(/\s/g, '').length < 10 * count;
  if ((refused instanceof IngestError && refused.code === 'no_text_layer') || thin) {
    if (ocr.mode !== 'off') return (await import('./ocr.js')).ocrPdf(ocr.bytes, file, doc.numPages);
  }
  if (refused) throw refused;
  const read: PageLines[] = [];
  let tablesAbove = false;
  for (let n = 1; n <= count; n++) {
    const page = await doc.getPage(n);
    const pageItems = items[n - 1] ?? [];
    // The operator list (rules, real font names) only where it can change what is read: page 1
    // (its title may be told by a bold face), a page whose text may sit in a table, and the page
    // after a table (a long table runs on; its rows may hold one number each).
    const ops = n === 1 || tablesAbove || mayHoldTable(pageItems) ? await page.getOperatorList() : null;
    const lines = readPage(page, pageItems, ops, limits, issues);
    tablesAbove = lines.tables.length > 0;
    read.push(lines);
    items[n - 1] = [];
    page.cleanup();
  }
  return { blocks: buildBlocks(read), pages: doc.numPages, encoding: null, ...(issues.length ? { issues } : {}) };
}

/** Maps what pdfjs throws while opening to the error codes callers act on. */
function openError(e: unknown, file: string): IngestError {
  const name = e instanceof Error ? e.name : '';
  const message = e instanceof Error ? e.message : String(e);
  if (name === 'PasswordException') {
    return new IngestError('encrypted_file', file, 'read', 'the PDF is encrypted and needs a password to open', { cause: e });
  }
  const what = name === 'InvalidPDFException' ? 'the PDF structure is invalid or the file is truncated' : 'the PDF cannot be parsed';
  return new IngestError('corrupt_file', file, 'read', `${what} (${message})`, { cause: e });
}

/** Any pdfjs failure after opening, or raised by pdfjs outside our calls, means a damaged file. */
function damaged(e: unknown, file: string): IngestError {
  const message = e instanceof Error ? e.message : String(e);
  return new IngestError('corrupt_file', file, 'read', `the PDF is damaged: ${message}`, { cause: e });
}

function textOf(content: { items: readonly unknown[] }): string {
  return content.items.map((i) => (typeof (i as { str?: unknown }).str === 'string' ? (i as { str: string }).str : '')).join('');
}

/**
 * Refuses PDFs whose text cannot be read: scans (no text, or a stray stamp on image pages) and
 * text whose characters are mostly junk from a broken ToUnicode map.
 */
async function checkTextLayer(doc: PDFDocumentProxy, n: number, texts: readonly string[], file: string): Promise<void> {
  const all = texts.join('').replace(/\s/g, '');
  if (all.length < 10 * n) {
    // Only words the message: an image that fails to decode does not make the file corrupt.
    const images = await countImagePages(doc, n).catch(() => 0);
    if (all.length === 0 || images * 2 >= n) {
      const what = images > 0 ? `${n} page${n === 1 ? '' : 's'} of images` : `${n} page${n === 1 ? '' : 's'}`;
      const found = all.length === 0 ? 'no text layer' : `almost no text layer (${all.length} characters)`;
      throw new IngestError('no_text_layer', file, 'read', `the PDF has ${what} and ${found}; OCR is off`);
    }
  }
  const junk = all.match(JUNK_CHAR)?.length ?? 0;
  const chars = [...all].length;
  if (chars > 0 && junk / chars > 0.3) {
    const pct = Math.round((junk / chars) * 100);
    throw new IngestError(
      'no_text_layer',
      file,
      'read',
      `the PDF's text layer is unreadable: ${pct}% of its characters are private-use, replacement or stray Latin characters (broken ToUnicode map); OCR is off`,
    );
  }
}

/** Pages that paint an image, estimated from the first two (decoding a scan's images is slow). */
async function countImagePages(doc: PDFDocumentProxy, pages: number): Promise<number> {
  const sample = Math.min(2, pages);
  let withImages = 0;
  for (let n = 1; n <= sample; n++) {
    const page = await doc.getPage(n);
    const ops = await page.getOperatorList();
    if (ops.fnArray.some((fn) => IMAGE_OPS.has(fn))) withImages++;
    page.cleanup();
  }
  return Math.round((withImages / sample) * pages);
}

/**
 * `ops`: the page's operator list, or null when it was not fetched: no tables then, and only the
 * fonts other pages' lists have loaded are known (a document's pages share their fonts).
 */
function readPage(page: PDFPageProxy, items: readonly unknown[], ops: PageOps | null, limits: PdfLimits, issues: ReadIssue[]): PageLines {
  const pieces = toPieces(items, boldFonts(page, items));
  const n = page.pageNumber;
  const segments = ops ? rulingSegments(ops.fnArray, ops.argsArray, PATH_OPS, limits.maxRulesPerPage + 1) : [];
  let grids: TableGrid[] = [];
  if (segments.length > limits.maxRulesPerPage) {
    issues.push({
      code: 'tables_skipped',
      lost: false,
      message: `page ${n} draws more than ${limits.maxRulesPerPage} ruling lines; its tables were not recovered and its text was read as lines`,
    });
  } else {
    const found = findTablesWithin(segments, limits.maxGridSlots);
    grids = found.tables;
    if (found.skipped > 0) {
      issues.push({
        code: 'tables_skipped',
      lost: false,
        message: `page ${n}: ${found.skipped} ruled table${found.skipped === 1 ? '' : 's'} of more than ${limits.maxGridSlots} grid cells read as lines`,
      });
    }
  }
  const tables = grids.map((grid) => ({ top: grid.top, table: fillGrid(grid, pieces.filter((p) => insideGrid(grid, p)), n) }));
  const outside = pieces.filter((p: Piece) => !grids.some((g) => insideGrid(g, p)));
  const [, bottom = 0, , top = 0] = page.view;
  return { page: n, bottom, top, lines: groupLines(outside, true), tables };
}

type PageOps = Awaited<ReturnType<PDFPageProxy['getOperatorList']>>;

/**
 * pdfjs's text styles only say `sans-serif`; the real font name (`BAAAAA+NotoSerifCJKjp-Bold`)
 * is on the font object, which an operator list (of this page or an earlier one) has loaded
 * into the document's `commonObjs`.
 */
function boldFonts(page: PDFPageProxy, items: readonly unknown[]): Set<string> {
  const bold = new Set<string>();
  for (const item of items) {
    const id = (item as { fontName?: unknown }).fontName;
    if (typeof id !== 'string' || bold.has(id) || !page.commonObjs.has(id)) continue;
    const font: unknown = page.commonObjs.get(id);
    const name = (font as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && BOLD_FONT.test(name.replace(/^[A-Z]{6}\+/, ''))) bold.add(id);
  }
  return bold;
}
