/**
 * @module readers/ocr
 * OCR for scanned PDFs and page images (.png, .jpg, .tif): the reader of images, and what the
 * PDF reader falls back to when a PDF has no text layer.
 *
 * PDF pages are rendered by `pdftoppm` (grey, at the scan's usual 150 dpi) one at a time; every
 * page image goes to the OCR engine (ocr-engine: Debian tesseract, else tesseract.js), whose
 * word boxes become positioned pieces (ocr-text) and whose ruling lines are found in the pixels
 * (ocr-rules); then lines, tables and paragraphs are built exactly as for a PDF's text layer,
 * so every block keeps its page for evidence. The record says the text was recognised, and
 * with what confidence, in a `ocr` issue.
 *
 * Bounded: at most `maxPages` pages, each within `pageTimeoutMs`, all within `budgetMs` (the
 * intake runner kills a job after 120 s + 2 s a page); pages past a bound are skipped with a
 * `pages_skipped` issue and the record is partial.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadIssue, ReadResult } from '../document.js';
import { IngestError } from '../errors.js';
import { DEFAULT_PDF_LIMITS } from './pdf-limits.js';
import type { PageLines } from './pdf-paragraphs.js';
import { buildBlocks } from './pdf-paragraphs.js';
import type { OcrEngine, Recognised } from './ocr-engine.js';
import { OcrTimeout, openEngine } from './ocr-engine.js';
import type { GreyImage } from './ocr-rules.js';
import { findRules } from './ocr-rules.js';
import type { OcrWord } from './ocr-text.js';
import { alignSpaces, meanConfidence, parseTsv, wordsToPieces } from './ocr-text.js';
import { decodePng, parsePgm } from './ocr-pixels.js';
import { layoutPage, pagesSkipped } from './positioned.js';
import type { OcrMode } from './ocr-mode.js';
import { imageKind, ocrModeFromEnv } from './ocr-mode.js';
import { KilledBySignal, runBounded } from './bounded-process.js';

export interface OcrLimits {
  /** Resolution PDF pages are rendered at. */
  dpi: number;
  maxPages: number;
  pageTimeoutMs: number;
  budgetMs: number;
}

export const DEFAULT_OCR_LIMITS: OcrLimits = { dpi: 150, maxPages: 30, pageTimeoutMs: 30_000, budgetMs: 90_000 };

interface OcrPage {
  lines: PageLines;
  words: OcrWord[];
}

/** The recognised pages of one file, and what was skipped. */
class Recogniser {
  readonly issues: ReadIssue[] = [];
  readonly pages: OcrPage[] = [];
  private readonly started = Date.now();
  constructor(
    private readonly engine: OcrEngine,
    private readonly file: string,
    private readonly limits: OcrLimits,
  ) {}

  /** Time left for one more page, or 0 when the budget is spent. */
  timeLeft(): number {
    return Math.max(0, Math.min(this.limits.pageTimeoutMs, this.limits.budgetMs - (Date.now() - this.started)));
  }

  async page(n: number, imagePath: string, grey: GreyImage | null, dpi: number, height: number): Promise<void> {
    let out: Recognised;
    try {
      out = await this.engine.recognize(imagePath, dpi, this.timeLeft());
    } catch (e) {
      if (e instanceof OcrTimeout) throw e;
      throw new IngestError('corrupt_file', this.file, 'read', `OCR of page ${n} failed: ${(e as Error).message}`, { cause: e });
    }
    const all = parseTsv(out.tsv);
    alignSpaces(all, out.text);
    // A multi-page TIFF comes back as one TSV with its page numbers.
    const count = Math.max(1, ...all.map((w) => w.page));
    for (let p = 1; p <= count; p++) {
      const words = all.filter((w) => w.page === p);
      // Without the image's height (TIFF, JPEG without SOF), the words' extent stands for the page.
      const h = height > 0 ? height : Math.max(1, ...words.map((w) => w.top + w.height)) * 1.1;
      const scale = 72 / dpi;
      const segments = (grey && p === 1 ? findRules(grey) : []).map((r) => ({ x0: r.x0 * scale, x1: r.x1 * scale, y0: (h - r.y1) * scale, y1: (h - r.y0) * scale }));
      const pieces = wordsToPieces(words, scale, h);
      this.pages.push({ words, lines: layoutPage({ page: n + p - 1, bottom: 0, top: h * scale, pieces, segments }, DEFAULT_PDF_LIMITS, this.issues) });
    }
  }

  result(total: number): ReadResult {
    const confidences = this.pages.map((p, i) => ({ page: i + 1, c: meanConfidence(p.words) }));
    const all = meanConfidence(this.pages.flatMap((p) => p.words));
    const low = confidences.filter((x) => x.c !== null).sort((a, b) => (a.c as number) - (b.c as number))[0];
    const pct = (c: number | null): string => (c === null ? 'n/a' : `${Math.round(c)}%`);
    this.issues.unshift({
      code: 'ocr',
      lost: false,
      message: `the text was recognised by OCR (${this.engine.name}) from ${this.pages.length} page image${this.pages.length === 1 ? '' : 's'}: mean confidence ${pct(all)}${low && this.pages.length > 1 ? `, lowest page ${low.page} (${pct(low.c)})` : ''}; characters may be misread`,
    });
    return { blocks: buildBlocks(this.pages.map((p) => p.lines)), pages: total, encoding: null, source: { via: `ocr:${this.engine.name.split(' ')[0]}` }, issues: this.issues };
  }
}

/** pdftoppm outran the time left for the document. */
class RenderTimeout extends Error {}

/** Pages of a PDF without a text layer, rendered by pdftoppm and recognised one by one. */
export async function ocrPdf(bytes: Uint8Array, file: string, pageCount: number, limits: OcrLimits = DEFAULT_OCR_LIMITS): Promise<ReadResult> {
  const probe = spawnSync('pdftoppm', ['-v'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error) throw new IngestError('no_text_layer', file, 'read', 'the PDF has no text layer, and OCR needs pdftoppm (poppler-utils) to render its pages, which is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'tongzhi-ocr-'));
  const engine = await openEngine();
  try {
    const input = join(dir, 'in.pdf');
    writeFileSync(input, bytes);
    const rec = new Recogniser(engine, file, limits);
    const count = Math.min(pageCount, limits.maxPages);
    for (let n = 1; n <= count; n++) {
      const left = rec.timeLeft();
      if (left < 1000) {
        rec.issues.push(pagesSkipped('PDF', pageCount, n - 1, ` by OCR within ${limits.budgetMs / 1000} s`));
        return rec.result(pageCount);
      }
      const out = join(dir, `p${n}`);
      // async and bounded: a synchronous render would stop the worker's event loop (and its queue
      // lock renewals) for as long as the page takes
      try {
        await runBounded('pdftoppm', ['-r', String(limits.dpi), '-gray', '-f', String(n), '-l', String(n), '-singlefile', input, out], { name: 'pdftoppm', timeoutMs: left, onTimeout: () => new RenderTimeout() });
      } catch (e) {
        // out of time, or killed from outside (the OOM killer on a huge page): the pages read so
        // far are kept and the rest reported skipped, as before; any other failure is the file's
        if (e instanceof RenderTimeout) {
          rec.issues.push(pagesSkipped('PDF', pageCount, n - 1, ` by OCR: rendering page ${n} took more than ${Math.round(left / 1000)} s`));
          return rec.result(pageCount);
        }
        if (e instanceof KilledBySignal) {
          rec.issues.push(pagesSkipped('PDF', pageCount, n - 1, ` by OCR: rendering page ${n} was stopped (${e.signal})`));
          return rec.result(pageCount);
        }
        throw new IngestError('corrupt_file', file, 'read', `page ${n} could not be rendered for OCR (${(e as Error).message})`, { cause: e });
      }
      const grey = parsePgm(readFileSync(`${out}.pgm`));
      try {
        await rec.page(n, `${out}.pgm`, grey, limits.dpi, grey?.height ?? 0);
      } catch (e) {
        if (!(e instanceof OcrTimeout)) throw e;
        rec.issues.push(pagesSkipped('PDF', pageCount, n - 1, ` by OCR: page ${n} took more than ${Math.round(left / 1000)} s`));
        return rec.result(pageCount);
      }
      rmSync(`${out}.pgm`, { force: true });
    }
    if (pageCount > count) rec.issues.push(pagesSkipped('PDF', pageCount, count, ' by OCR'));
    return rec.result(pageCount);
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A page image (a photo or scan of a notice). Tables are recovered from PNG pages (their
 * pixels are decoded here); JPEG and TIFF pages give text only.
 */
export async function readImage(bytes: Uint8Array, file: string, mode: OcrMode = ocrModeFromEnv(), limits: OcrLimits = DEFAULT_OCR_LIMITS): Promise<ReadResult> {
  const kind = imageKind(bytes);
  if (mode === 'off') throw new IngestError('no_text_layer', file, 'read', `the file is an image (${kind ?? 'unknown'}) and OCR is off (--ocr off)`);
  const png = kind === 'png' ? decodePng(bytes) : null;
  const dpi = png?.dpi ?? limits.dpi;
  const dir = mkdtempSync(join(tmpdir(), 'tongzhi-ocr-'));
  const engine = await openEngine();
  try {
    const path = join(dir, `page.${kind ?? 'img'}`);
    writeFileSync(path, bytes);
    const rec = new Recogniser(engine, file, limits);
    const height = png?.image.height ?? imageHeight(bytes) ?? 0;
    try {
      await rec.page(1, path, png?.image ?? null, dpi, height);
    } catch (e) {
      if (e instanceof OcrTimeout) throw new IngestError('timeout', file, 'read', `OCR of the image took more than ${Math.round(limits.pageTimeoutMs / 1000)} s`, { cause: e });
      throw e;
    }
    return rec.result(rec.pages.length);
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Height of a JPEG (SOF marker) or TIFF is not needed for text: words are placed from their boxes. */
function imageHeight(bytes: Uint8Array): number | null {
  // JPEG: find a SOFn marker; its height is 3 bytes in.
  for (let i = 2; i + 9 < bytes.length; ) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1] ?? 0;
    const len = ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return ((bytes[i + 5] ?? 0) << 8) | (bytes[i + 6] ?? 0);
    i += 2 + len;
  }
  return null;
}
