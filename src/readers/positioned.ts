/**
 * @module readers/positioned
 * One page of positioned text pieces and ruling lines → the lines and tables the PDF reader's
 * paragraph assembly (pdf-paragraphs) takes. Shared by the readers whose pages are not PDFs
 * but carry the same facts: OFD (glyph positions and vector paths) and OCR (word boxes and the
 * rules seen in the scan).
 */
import type { ReadIssue } from '../document.js';
import { fillGrid, insideGrid } from './pdf-cells.js';
import type { PdfLimits } from './pdf-limits.js';
import type { Piece } from './pdf-lines.js';
import { groupLines } from './pdf-lines.js';
import type { PageLines } from './pdf-paragraphs.js';
import type { Segment, TableGrid } from './pdf-tables.js';
import { findTablesWithin } from './pdf-tables.js';

/** A page in PDF user space: points, y growing upwards from `bottom` to `top`. */
export interface PositionedPage {
  page: number;
  bottom: number;
  top: number;
  pieces: Piece[];
  segments: Segment[];
}

export function layoutPage(p: PositionedPage, limits: Pick<PdfLimits, 'maxRulesPerPage' | 'maxGridSlots'>, issues: ReadIssue[]): PageLines {
  let grids: TableGrid[] = [];
  if (p.segments.length > limits.maxRulesPerPage) {
    issues.push({
      code: 'tables_skipped',
      lost: false,
      message: `page ${p.page} draws more than ${limits.maxRulesPerPage} ruling lines; its tables were not recovered and its text was read as lines`,
    });
  } else {
    const found = findTablesWithin(p.segments, limits.maxGridSlots);
    grids = found.tables;
    if (found.skipped > 0) {
      issues.push({
        code: 'tables_skipped',
        lost: false,
        message: `page ${p.page}: ${found.skipped} ruled table${found.skipped === 1 ? '' : 's'} of more than ${limits.maxGridSlots} grid cells read as lines`,
      });
    }
  }
  const tables = grids.map((grid) => ({ top: grid.top, table: fillGrid(grid, p.pieces.filter((q) => insideGrid(grid, q)), p.page) }));
  const outside = p.pieces.filter((q) => !grids.some((g) => insideGrid(g, q)));
  return { page: p.page, bottom: p.bottom, top: p.top, lines: groupLines(outside, true), tables };
}

/** The issue a reader raises when a document has more pages than it reads. */
export function pagesSkipped(what: string, total: number, read: number, why = ''): ReadIssue {
  return {
    code: 'pages_skipped',
    lost: true,
    message: `the ${what} has ${total} pages; only the first ${read} were read${why}, pages ${read + 1}–${total} were skipped`,
  };
}
