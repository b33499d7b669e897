/**
 * @module structure/banji
 * The 版记 at the very end of a notice: 抄送, 印发机关, 印发日期, read from the last lines up.
 */
import type { Block } from '../document.js';
import { findDates } from './dates.js';
import { isOrganLine } from './line-kinds.js';
import type { Located } from './types.js';

export interface Banji {
  start: number;
  cc: Located | null;
  printer: Located | null;
  printedDate: Located | null;
}

/** A line of the 版记: a paragraph, or a cell of the borderless table Word files use for it. */
interface BanjiLine {
  text: string;
  start: number;
  page: number | null;
  block: number;
}

function banjiLines(blocks: Block[], from: number): BanjiLine[] {
  const lines: BanjiLine[] = [];
  for (let i = blocks.length - 1; i >= from && i >= blocks.length - 6; i--) {
    const b = blocks[i] as Block;
    if (b.kind === 'paragraph') lines.push({ text: b.text, start: b.start, page: b.page, block: i });
    else {
      const cells = b.rows.flat().filter((c) => c.text.trim());
      // Only a small table whose last cell is the 印发 line is a 版记; a form is not.
      if (cells.length > 6 || !/印\s*发$/.test(cells[cells.length - 1]?.text ?? '')) break;
      for (const c of cells.reverse()) lines.push({ text: c.text, start: c.start, page: b.page, block: i });
    }
  }
  return lines;
}

const at = (l: BanjiLine, from: number, to: number, text: string): Located => ({ text, start: l.start + from, end: l.start + to, page: l.page });

/** 版记, read from the end: `XX办公厅 2024年3月29日印发`, the organ on the line before, 抄送. */
export function findBanji(blocks: Block[], from: number): Banji {
  const out: Banji = { start: blocks.length, cc: null, printer: null, printedDate: null };
  for (const l of banjiLines(blocks, from)) {
    const t = l.text;
    const date = findDates(t)[0];
    if (!out.printedDate && /印\s*发$/.test(t) && date) {
      out.printedDate = at(l, date.start, date.end, date.text);
      const org = t.slice(0, date.start).trim();
      if (org) out.printer = at(l, 0, org.length, org);
    } else if (/^抄\s*送\s*[：:]/.test(t)) {
      const colon = t.search(/[：:]/) + 1;
      const value = t.slice(colon).replace(/[。.]$/, '').trim();
      out.cc = at(l, t.indexOf(value, colon), t.indexOf(value, colon) + value.length, value);
    } else if (out.printedDate && !out.printer && isOrganLine(t)) {
      out.printer = at(l, 0, t.length, t);
    } else {
      break;
    }
    out.start = Math.min(out.start, l.block);
  }
  return out;
}
