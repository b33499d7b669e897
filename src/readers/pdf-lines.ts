/**
 * @module readers/pdf-lines
 * Rebuilds printed lines from pdfjs text items by their position.
 *
 * pdfjs cuts a line into many items (one per font switch: the subset fonts LibreOffice writes
 * alternate every few characters) and invents whitespace items for gaps. So items are regrouped
 * here by baseline, ordered left to right, and the spaces between them are decided from the
 * geometry instead of from pdfjs's whitespace items.
 */
import { undoCjkLetterSpacing } from './assemble.js';

/** One text item, in PDF user space (y grows upwards), with its font size in points. */
export interface Piece {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
  bold: boolean;
}

/** One printed line (or one column of a line: see `groupLines`). */
export interface Line {
  text: string;
  x: number;
  /** Right end of the last piece. */
  end: number;
  /** Baseline. */
  y: number;
  /** Font size of most of the line's characters. */
  size: number;
  bold: boolean;
  /** Characters of the line's text, for weighting. */
  chars: number;
}

/** The part of pdfjs's TextItem this reader relies on; narrowed at runtime. */
interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  fontName: string;
}

const CJK_CHAR = /[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2014\u2018-\u201d\u2026]/;

export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK_CHAR.test(ch);
}

function isTextItem(v: unknown): v is TextItemLike {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.str === 'string' && Array.isArray(o.transform) && typeof o.width === 'number';
}

/**
 * Text items → pieces. Whitespace-only items are dropped: pdfjs makes them up for gaps (some
 * 200 pt wide), and the real gaps are measured again in `joinPieces`.
 */
export function toPieces(items: readonly unknown[], boldFonts: ReadonlySet<string>): Piece[] {
  const pieces: Piece[] = [];
  for (const item of items) {
    if (!isTextItem(item) || item.str.trim() === '') continue;
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform;
    const size = Math.hypot(c, d) || Math.hypot(a, b);
    if (!(size > 0)) continue;
    const text = tightenLetterSpacing(item.str, item.width, size);
    pieces.push({ text, x, y, width: item.width, size, bold: boldFonts.has(item.fontName) });
  }
  return pieces;
}

/**
 * pdfjs puts a space between every character of some justified CJK runs (`《 关 于 举 办`)
 * because LibreOffice positions each glyph. A typed space between CJK characters (the red head
 * `科 学 技 术 部`, `兰雪滢 孟令耘`) is a quarter em wide or more; justification adds about
 * 0.02–0.16 em per gap. So the spaces are dropped only when the item's width leaves less than
 * 0.2 em per space beyond the glyphs' own widths (CJK 1 em, others taken as 0.55 em).
 */
function tightenLetterSpacing(str: string, width: number, size: number): string {
  const tightened = undoCjkLetterSpacing(str);
  if (tightened === str) return str;
  const spaces = str.length - str.replace(/ /g, '').length;
  let natural = 0;
  for (const ch of str) if (ch !== ' ') natural += isCjk(ch) ? size : 0.55 * size;
  const perSpace = (width - natural) / Math.max(1, spaces);
  return perSpace < 0.2 * size ? tightened : str;
}

/** Baselines closer than this share a line (fraction of the smaller font size). */
const SAME_LINE = 0.35;
/** A horizontal gap wider than this many ems separates columns printed on one baseline (版记). */
const COLUMN_GAP = 4;

/**
 * Pieces → lines, top to bottom. With `splitColumns`, pieces on one baseline separated by a wide
 * gap (`中国科协办公厅 … 2023年4月26日印发`) become separate lines, left one first.
 */
export function groupLines(pieces: readonly Piece[], splitColumns: boolean): Line[] {
  const sorted = [...pieces].sort((p, q) => q.y - p.y || p.x - q.x);
  const rows: Piece[][] = [];
  let current: Piece[] = [];
  let baseline = Number.NaN;
  let minSize = Number.POSITIVE_INFINITY;
  for (const p of sorted) {
    if (current.length > 0 && Math.abs(p.y - baseline) <= SAME_LINE * Math.min(minSize, p.size)) {
      current.push(p);
      minSize = Math.min(minSize, p.size);
      continue;
    }
    if (current.length > 0) rows.push(current);
    current = [p];
    baseline = p.y;
    minSize = p.size;
  }
  if (current.length > 0) rows.push(current);

  const lines: Line[] = [];
  for (const row of rows) {
    row.sort((p, q) => p.x - q.x);
    for (const run of splitColumns ? splitAtGaps(row) : [row]) lines.push(toLine(run));
  }
  return lines;
}

function splitAtGaps(row: Piece[]): Piece[][] {
  const runs: Piece[][] = [];
  let run: Piece[] = [];
  for (const p of row) {
    const prev = run[run.length - 1];
    if (prev && p.x - (prev.x + prev.width) > COLUMN_GAP * Math.max(prev.size, p.size)) {
      runs.push(run);
      run = [];
    }
    run.push(p);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

function toLine(run: Piece[]): Line {
  const first = run[0] as Piece;
  const sizeChars = new Map<number, number>();
  let boldChars = 0;
  let chars = 0;
  let end = first.x + first.width;
  for (const p of run) {
    const n = p.text.replace(/\s/g, '').length;
    const key = Math.round(p.size * 2) / 2;
    sizeChars.set(key, (sizeChars.get(key) ?? 0) + n);
    if (p.bold) boldChars += n;
    chars += n;
    end = Math.max(end, p.x + p.width);
  }
  const size = [...sizeChars.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? first.size;
  // The baseline of the main font: a larger "文件" beside smaller names must not shift the line.
  const y = run.find((p) => Math.round(p.size * 2) / 2 === size)?.y ?? first.y;
  return { text: joinPieces(run), x: first.x, end, y, size, bold: boldChars * 2 > chars, chars };
}

/**
 * Joins the pieces of one line. CJK text is set without spaces, so a gap between two CJK
 * characters is only a space when it is wide (a typed space is ¼ em or more; justification spreads far less between items); next to Latin letters
 * or digits a smaller gap already is one (LibreOffice's CJK/Latin autospace, ≈ ¼ em, is kept
 * as a space the same way pdfjs keeps it inside an item: `2023 年`).
 */
export function joinPieces(run: readonly Piece[]): string {
  let text = '';
  let prev: Piece | undefined;
  for (const p of run) {
    if (prev) {
      const gap = p.x - (prev.x + prev.width);
      const size = Math.max(prev.size, p.size);
      const bothCjk = isCjk(text[text.length - 1]) && isCjk(p.text[0]);
      const threshold = bothCjk ? 0.2 * size : 0.15 * size;
      if (gap > threshold && !text.endsWith(' ') && !p.text.startsWith(' ')) text += ' ';
    }
    text += p.text;
    prev = p;
  }
  return text;
}
