/**
 * @module readers/pdf
 * PDF → raw blocks with pdfjs-dist (legacy build, in-process fake worker).
 *
 * Per page: text items become pieces (pdf-lines), ruled tables are recovered from the vector
 * paths (pdf-tables) and take the pieces inside them (pdf-cells), the rest become lines; then
 * all pages' lines are joined into paragraphs (pdf-paragraphs). A PDF without a usable text
 * layer (scans, broken ToUnicode maps) is refused with `no_text_layer`: OCR is not done here.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ReadResult } from '../document.js';
import { IngestError } from '../errors.js';
import type { Piece } from './pdf-lines.js';
import { groupLines, toPieces } from './pdf-lines.js';
import type { PageLines } from './pdf-paragraphs.js';
import { buildBlocks } from './pdf-paragraphs.js';
import { fillGrid, insideGrid } from './pdf-cells.js';
import type { PathOps } from './pdf-tables.js';
import { findTables, rulingSegments } from './pdf-tables.js';

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * pdfjs silently drops CJK text without the packed CMaps, and needs the standard font data for
 * unembedded base fonts. Nothing may reach stdout (it carries the JSON record): verbosity 0.
 */
const LOAD_OPTIONS = {
  cMapUrl: join(PDFJS_DIR, 'cmaps') + '/',
  cMapPacked: true,
  standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/',
  useSystemFonts: false,
  isEvalSupported: false,
  disableFontFace: true,
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

export async function readPdf(bytes: Uint8Array, file: string): Promise<ReadResult> {
  // pdfjs may transfer (detach) the buffer it is given, so it gets a copy. Not `bytes.slice()`:
  // on a Node Buffer that is a view of the same memory, and pdfjs rejects Buffers anyway.
  const task = pdfjs.getDocument({ ...LOAD_OPTIONS, data: new Uint8Array(bytes) });
  try {
    const doc = await task.promise.catch((e: unknown) => {
      throw openError(e, file);
    });
    // Text first: a scan is refused before its images are decoded for the operator lists.
    const pages = await pdfCall(file, () => Promise.all(pageNumbers(doc).map((n) => doc.getPage(n))));
    const contents = await pdfCall(file, () => Promise.all(pages.map((p) => p.getTextContent())));
    await checkTextLayer(doc, contents.map(textOf), file);
    const read = await pdfCall(file, () => Promise.all(pages.map((p, i) => readPage(p, contents[i]?.items ?? []))));
    return { blocks: buildBlocks(read), pages: doc.numPages, encoding: null };
  } finally {
    await task.destroy();
  }
}

const pageNumbers = (doc: PDFDocumentProxy): number[] => Array.from({ length: doc.numPages }, (_, i) => i + 1);

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

/** Any pdfjs failure after opening means a damaged file, not a bug of ours. */
async function pdfCall<T>(file: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof IngestError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new IngestError('corrupt_file', file, 'read', `the PDF is damaged: ${message}`, { cause: e });
  }
}

function textOf(content: { items: readonly unknown[] }): string {
  return content.items.map((i) => (typeof (i as { str?: unknown }).str === 'string' ? (i as { str: string }).str : '')).join('');
}

/**
 * Refuses PDFs whose text cannot be read: scans (no text, or a stray stamp on image pages) and
 * text whose characters are mostly junk from a broken ToUnicode map.
 */
async function checkTextLayer(doc: PDFDocumentProxy, texts: readonly string[], file: string): Promise<void> {
  const all = texts.join('').replace(/\s/g, '');
  const n = doc.numPages;
  if (all.length < 10 * n) {
    // Only words the message: an image that fails to decode does not make the file corrupt.
    const images = await countImagePages(doc).catch(() => 0);
    if (all.length === 0 || images * 2 >= n) {
      const what = images > 0 ? `${n} page${n === 1 ? '' : 's'} of images` : `${n} page${n === 1 ? '' : 's'}`;
      const found = all.length === 0 ? 'no text layer' : `almost no text layer (${all.length} characters)`;
      throw new IngestError('no_text_layer', file, 'read', `the PDF has ${what} and ${found}; OCR is not supported yet`);
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
      `the PDF's text layer is unreadable: ${pct}% of its characters are private-use, replacement or stray Latin characters (broken ToUnicode map); OCR is not supported yet`,
    );
  }
}

/** Pages that paint an image, estimated from the first two (decoding a scan's images is slow). */
async function countImagePages(doc: PDFDocumentProxy): Promise<number> {
  const sample = pageNumbers(doc).slice(0, 2);
  let withImages = 0;
  for (const n of sample) {
    const ops = await (await doc.getPage(n)).getOperatorList();
    if (ops.fnArray.some((fn) => IMAGE_OPS.has(fn))) withImages++;
  }
  return Math.round((withImages / sample.length) * doc.numPages);
}

async function readPage(page: PDFPageProxy, items: readonly unknown[]): Promise<PageLines> {
  const ops = await page.getOperatorList();
  const pieces = toPieces(items, boldFonts(page, items));
  const grids = findTables(rulingSegments(ops.fnArray, ops.argsArray, PATH_OPS));
  const n = page.pageNumber;
  const tables = grids.map((grid) => ({ top: grid.top, table: fillGrid(grid, pieces.filter((p) => insideGrid(grid, p)), n) }));
  const outside = pieces.filter((p: Piece) => !grids.some((g) => insideGrid(g, p)));
  const [, bottom = 0, , top = 0] = page.view;
  return { page: n, bottom, top, lines: groupLines(outside, true), tables };
}

/**
 * pdfjs's text styles only say `sans-serif`; the real font name (`BAAAAA+NotoSerifCJKjp-Bold`)
 * is on the font object, which the operator list has loaded into `commonObjs`.
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
