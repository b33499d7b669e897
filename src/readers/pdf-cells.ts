/**
 * @module readers/pdf-cells
 * Fills the cells of a recovered table grid with the text printed inside them.
 *
 * Cell text keeps its manual line breaks as `\n`, but a line that wrapped only because the cell
 * was too narrow (`科普工作人员参与` / `数量`) is joined again, so that a label reads the same
 * as in the DOCX the PDF was printed from.
 */
import type { RawCell, RawTable } from '../document.js';
import type { Line, Piece } from './pdf-lines.js';
import { groupLines, isCjk } from './pdf-lines.js';
import type { GridCell, TableGrid } from './pdf-tables.js';

/** Word's default cell margin (0.19 cm); LibreOffice's is smaller. Caps the measured padding. */
const MAX_PADDING = 5.5;
/** Characters that may not start a line (kinsoku): the wrap took one more character down. */
const NO_LINE_START = /^[，。、；：？！）》」』”’〕】…—,.;:?!)\]]/;

/** Where a piece is judged to be: the middle of its x-height band. */
function centre(p: Piece): [number, number] {
  return [p.x + p.width / 2, p.y + 0.35 * p.size];
}

export function insideGrid(grid: TableGrid, p: Piece): boolean {
  const [x, y] = centre(p);
  return x >= grid.left && x <= grid.right && y >= grid.bottom && y <= grid.top;
}

/** The cell holding the piece's centre; a piece sitting on a rule goes to the nearest cell. */
function cellOf(grid: TableGrid, p: Piece): GridCell | undefined {
  const [x, y] = centre(p);
  const distance = (c: GridCell): number => Math.max(c.left - x, 0, x - c.right) + Math.max(c.bottom - y, 0, y - c.top);
  let best: GridCell | undefined;
  for (const c of grid.cells) if (!best || distance(c) < distance(best)) best = c;
  return best;
}

/**
 * Some producers (LibreOffice in narrow cells) emit the words of neighbouring cells as one text
 * run, `姓名 年级 性别 姓名`, spaced to land in their cells. A run that crosses a cell's left
 * edge is cut at its spaces; each word's x is estimated from the glyph widths (a CJK character
 * is one em, other characters half an em) with the rest of the run's width shared by the spaces.
 */
export function splitAcrossCells(grid: TableGrid, p: Piece): Piece[] {
  const edges = grid.cells.map((c) => c.left).filter((x) => x > p.x + 1 && x < p.x + p.width - 1);
  const words = [...p.text.matchAll(/\S+/g)];
  if (edges.length === 0 || words.length < 2) return [p];
  const glyphs = (t: string): number => [...t].reduce((w, ch) => w + (isCjk(ch) ? 1 : 0.5) * p.size, 0);
  const inked = words.reduce((w, m) => w + glyphs(m[0]), 0);
  const spaces = [...p.text.trimEnd()].filter((ch) => /\s/.test(ch)).length - (p.text.length - p.text.trimStart().length);
  const space = spaces > 0 ? Math.max(0, (p.width - inked) / spaces) : 0;
  const out: Piece[] = [];
  let x = p.x;
  let at = p.text.length - p.text.trimStart().length;
  for (const m of words) {
    x += [...p.text.slice(at, m.index)].filter((ch) => /\s/.test(ch)).length * space;
    const width = glyphs(m[0]);
    out.push({ ...p, text: m[0], x, width });
    x += width;
    at = m.index + m[0].length;
  }
  return out;
}

/** Puts the pieces that fall inside the grid into its cells, row by row. */
export function fillGrid(grid: TableGrid, pieces: readonly Piece[], page: number): RawTable {
  const byCell = new Map<GridCell, Piece[]>();
  for (const p of pieces.flatMap((q) => splitAcrossCells(grid, q))) {
    const cell = cellOf(grid, p);
    if (cell) byCell.set(cell, [...(byCell.get(cell) ?? []), p]);
  }
  // A short rule can add a grid row in which every slot is covered by spans from above; such a
  // row has no cells of its own and must not count in the spans that cross it.
  const starts = new Set(grid.cells.map((c) => c.row));
  const emptyRowsIn = (from: number, to: number): number => {
    let n = 0;
    for (let r = from; r < to; r++) if (!starts.has(r)) n++;
    return n;
  };
  const rows = new Map<number, RawCell[]>();
  for (const cell of grid.cells) {
    const text = cellText(cell, groupLines(byCell.get(cell) ?? [], false));
    const rowSpan = cell.rowSpan - emptyRowsIn(cell.row + 1, cell.row + cell.rowSpan);
    rows.set(cell.row, [...(rows.get(cell.row) ?? []), { text, rowSpan, colSpan: cell.colSpan }]);
  }
  return { kind: 'table', rows: [...rows.keys()].sort((a, b) => a - b).map((r) => rows.get(r) ?? []), page };
}

/**
 * Joins a cell's lines: a line is a wrap of the one before when the next line's first word
 * would not have fitted after it in the cell's inner width; otherwise the break was typed.
 */
function cellText(cell: GridCell, lines: readonly Line[]): string {
  const first = lines[0];
  if (!first) return '';
  const gaps = lines.flatMap((l) => [l.x - cell.left, cell.right - l.end]);
  const padding = Math.max(0, Math.min(MAX_PADDING, ...gaps));
  const inner = cell.right - cell.left - 2 * padding;
  let text = first.text;
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1] as Line;
    const next = lines[i] as Line;
    // Half an em of slack: the producer's own margins and glyph metrics are not known exactly.
    const wrapped = prev.end - prev.x + firstWordWidth(next) > inner - 0.5 * next.size;
    const space = wrapped && /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(next.text);
    text += (wrapped ? (space ? ' ' : '') : '\n') + next.text;
  }
  return text;
}

/** Width the line's first word needed on the line before (CJK: one character, or two under kinsoku). */
function firstWordWidth(line: Line): number {
  const word = /^[A-Za-z0-9]+/.exec(line.text)?.[0];
  if (word) return word.length * 0.55 * line.size;
  const ch = line.text[0];
  const one = isCjk(ch) ? line.size : 0.55 * line.size;
  return NO_LINE_START.test(line.text) ? one + line.size : one;
}
