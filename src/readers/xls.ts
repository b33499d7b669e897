/**
 * @module readers/xls
 * Workbooks (.xls and Kingsoft .et in OLE2, .xlsx) with SheetJS CE (`@e965/xlsx`).
 *
 * Every sheet becomes a table whose `!merges` are row/column spans, so a sheet laid out as a
 * form gives the same blocks as the form printed in a DOCX: the title row merged across the
 * sheet above it becomes a paragraph, as do note rows (说明：…) merged across below it.
 * A sheet's recorded range is often much larger than its content (formatting reaches column IV),
 * so the table is cut to the cells that hold text and the merges that touch them.
 *
 * Bounded: at most MAX_ROWS rows a sheet are parsed and MAX_CELLS grid cells laid out in all;
 * a larger workbook is `too_complex`.
 */
import * as XLSX from '@e965/xlsx';
import type { RawBlock, RawCell, ReadResult } from '../document.js';
import { IngestError } from '../errors.js';

export const MAX_ROWS = 20_000;
export const MAX_CELLS = 200_000;

interface Merge {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

export async function readSpreadsheet(bytes: Uint8Array, file: string): Promise<ReadResult> {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', dense: true, sheetRows: MAX_ROWS + 1, cellFormula: false, cellHTML: false, cellStyles: false, bookVBA: false });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(reason)) throw new IngestError('encrypted_file', file, 'read', 'the workbook is password-protected', { cause: e });
    throw new IngestError('corrupt_file', file, 'read', `not a readable workbook: ${reason}`, { cause: e });
  }
  const blocks: RawBlock[] = [];
  let cells = 0;
  // A workbook's sheets are its pages: each sheet is a table of its own (one form each, a
  // 汇总表 beside its 明细表), and the page number is how a reader of the Doc tells them apart.
  let sheets = 0;
  for (const name of wb.SheetNames) {
    const sheet = wb.Sheets[name];
    if (!sheet) continue;
    const grid = sheetGrid(sheet);
    if (!grid) continue;
    cells += grid.rows * grid.cols;
    if (grid.rows > MAX_ROWS || cells > MAX_CELLS) {
      throw new IngestError('too_complex', file, 'read', `the workbook has more than ${grid.rows > MAX_ROWS ? `${MAX_ROWS} rows in a sheet` : `${MAX_CELLS} cells`}`);
    }
    blocks.push(...sheetBlocks(grid, ++sheets));
  }
  return { blocks, pages: sheets || null, encoding: null };
}

interface Grid {
  /** Text of each cell in the used area, '' where empty. */
  text: string[][];
  merges: Merge[];
  rows: number;
  cols: number;
}

const cellText = (c: XLSX.CellObject | undefined): string => {
  if (!c || c.v === undefined || c.v === null) return '';
  return String(c.w ?? c.v);
};

/** The part of a sheet that holds text, with the merges clipped to it. */
function sheetGrid(sheet: XLSX.WorkSheet): Grid | null {
  const data = (sheet['!data'] ?? []) as Array<Array<XLSX.CellObject | undefined> | undefined>;
  let top = Infinity;
  let left = Infinity;
  let bottom = -1;
  let right = -1;
  data.forEach((row, r) =>
    row?.forEach((c, col) => {
      if (cellText(c).trim() === '') return;
      top = Math.min(top, r);
      bottom = Math.max(bottom, r);
      left = Math.min(left, col);
      right = Math.max(right, col);
    }),
  );
  if (bottom < 0) return null;
  // A merged area that starts in the used area may reach beyond the last text (a blank to fill).
  const merges = ((sheet['!merges'] ?? []) as Merge[]).filter((m) => m.s.r >= top && m.s.r <= bottom && m.s.c >= left && m.s.c <= right);
  for (const m of merges) {
    bottom = Math.max(bottom, Math.min(m.e.r, bottom + 50));
    right = Math.max(right, Math.min(m.e.c, right + 50));
  }
  if ((bottom - top + 1) * (right - left + 1) > MAX_CELLS) return { text: [], merges: [], rows: bottom - top + 1, cols: right - left + 1 };
  const text: string[][] = [];
  for (let r = top; r <= bottom; r++) {
    const row: string[] = [];
    for (let c = left; c <= right; c++) row.push(cellText(data[r]?.[c]));
    text.push(row);
  }
  const clipped = merges.map((m) => ({
    s: { r: m.s.r - top, c: m.s.c - left },
    e: { r: Math.min(m.e.r, bottom) - top, c: Math.min(m.e.c, right) - left },
  }));
  return { text, merges: clipped, rows: bottom - top + 1, cols: right - left + 1 };
}

/** Cells as printed: covered cells left out, merged areas as spans. */
function sheetRows(g: Grid): RawCell[][] {
  const covered = new Set<number>();
  const spanAt = new Map<number, Merge>();
  for (const m of g.merges) {
    spanAt.set(m.s.r * g.cols + m.s.c, m);
    for (let r = m.s.r; r <= m.e.r; r++) for (let c = m.s.c; c <= m.e.c; c++) if (r !== m.s.r || c !== m.s.c) covered.add(r * g.cols + c);
  }
  return g.text.map((row, r) =>
    row.flatMap((t, c): RawCell[] => {
      if (covered.has(r * g.cols + c)) return [];
      const m = spanAt.get(r * g.cols + c);
      return [{ text: t, rowSpan: m ? m.e.r - m.s.r + 1 : 1, colSpan: m ? m.e.c - m.s.c + 1 : 1 }];
    }),
  );
}

/**
 * A row whose only text sits in one cell that runs across the sheet is not part of the
 * grid: it is the form's title, its 填报单位 line or a note, printed above or below the table.
 */
function isBanner(row: RawCell[], cols: number): boolean {
  const filled = row.filter((c) => c.text.trim() !== '');
  if (filled.length !== 1 || cols < 2) return false;
  const only = filled[0] as RawCell;
  // A label merged over two of three columns beside its blank (科普活动开展次数 | ) is a field;
  // a title is merged across the sheet, or nearly (a form's last columns may be left out).
  return only.colSpan >= 2 && (only.colSpan === cols || only.colSpan / cols > 0.8);
}

function sheetBlocks(g: Grid, page: number): RawBlock[] {
  const rows = sheetRows(g);
  const spansDown = (r: number): boolean => (rows[r] ?? []).some((c) => c.rowSpan > 1);
  let first = 0;
  let last = rows.length - 1;
  const before: RawBlock[] = [];
  const after: RawBlock[] = [];
  const para = (row: RawCell[]): RawBlock => ({ kind: 'paragraph', text: row.map((c) => c.text).join('').replace(/\n/g, ' '), page });
  while (first <= last && isBanner(rows[first] ?? [], g.cols) && !spansDown(first)) before.push(para(rows[first++] ?? []));
  // Below the grid: notes merged across, and the empty rows between them.
  for (;;) {
    const row = rows[last] ?? [];
    if (last < first) break;
    if (row.every((c) => c.text.trim() === '')) last--;
    else if (isBanner(row, g.cols) && !spansDown(last)) {
      after.unshift(para(row));
      last--;
    } else break;
  }
  const body = rows.slice(first, last + 1);
  const blocks: RawBlock[] = [...before];
  if (body.length > 0) blocks.push({ kind: 'table', rows: body, page });
  blocks.push(...after);
  return blocks;
}
