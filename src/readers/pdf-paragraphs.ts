/**
 * @module readers/pdf-paragraphs
 * Turns the lines and tables of every page into blocks: page furniture dropped, wrapped lines
 * joined into paragraphs (across page breaks too), layout hints measured.
 *
 * The rules follow GB/T 9704 layout as LibreOffice and Word print it: body paragraphs are
 * justified with a two-character first-line indent, titles are centred in a larger font,
 * signatures and dates are set to the right. A line that runs to the right edge of the text
 * frame continues into the next line unless that line starts a paragraph of its own.
 */
import type { Layout, RawBlock, RawParagraph, RawTable } from '../document.js';
import { normalizeLine } from './assemble.js';
import type { Line } from './pdf-lines.js';

export interface PageLines {
  page: number;
  /** Vertical extent of the page (PDF user space). */
  bottom: number;
  top: number;
  /** Lines outside tables, top to bottom. */
  lines: Line[];
  tables: Array<{ top: number; table: RawTable }>;
}

/** The text frame (版心) measured from the body lines, and the body font size. */
export interface Frame {
  left: number;
  right: number;
  body: number;
}

interface Para {
  lines: Line[];
  page: number;
  lastPage: number;
}

/** Page furniture lives in the outer 12 % of the page height. */
const MARGIN_ZONE = 0.12;
const PAGE_NUMBER =
  /^(?:[-—–－~·•]+\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:[/／]|共)\s*\d{1,4}\s*页?)?(?:\s*[-—–－~·•]+)?$|^page\s*\d{1,4}(?:\s*of\s*\d{1,4})?$/i;

export function buildBlocks(pages: readonly PageLines[]): RawBlock[] {
  const kept = dropFurniture(pages);
  const frame = measureFrame(kept.flatMap((p) => p.lines));
  const blocks: RawBlock[] = [];
  let para: Para | null = null;
  const flush = (): void => {
    if (para) blocks.push(toParagraph(para, frame));
    para = null;
  };
  for (const page of kept) {
    for (const item of flowOf(page)) {
      if ('table' in item) {
        const before = para === null ? blocks[blocks.length - 1] : undefined;
        flush();
        if (before?.kind === 'table' && continuesTable(before, item.table)) appendRows(before, item.table);
        else blocks.push(item.table);
        continue;
      }
      const line = item;
      if (para !== null && continues(para, line, page.page, frame)) {
        (para as Para).lines.push(line);
        (para as Para).lastPage = page.page;
      } else {
        flush();
        para = { lines: [line], page: page.page, lastPage: page.page };
      }
    }
  }
  flush();
  return blocks;
}

/** Lines and tables of a page in reading order (tables placed by their top rule). */
function flowOf(page: PageLines): Array<Line | { top: number; table: RawTable }> {
  const items: Array<{ y: number; item: Line | { top: number; table: RawTable } }> = [
    ...page.lines.map((l) => ({ y: l.y, item: l })),
    ...page.tables.map((t) => ({ y: t.top, item: t })),
  ];
  return items.sort((a, b) => b.y - a.y).map((i) => i.item);
}

// --- Page furniture -------------------------------------------------------------------------

function inMarginZone(line: Line, page: PageLines): boolean {
  const zone = (page.top - page.bottom) * MARGIN_ZONE;
  return line.y < page.bottom + zone || line.y > page.top - zone;
}

/**
 * Drops page numbers (`— 3 —`, `- 3 -`, `第 3 页`) printed as the top- or bottom-most line, and
 * running headers or footers: margin-zone lines that repeat (digits aside) on half the pages.
 */
function dropFurniture(pages: readonly PageLines[]): PageLines[] {
  const pagesWith = new Map<string, Set<number>>();
  const key = (l: Line): string => normalizeLine(l.text).replace(/\d+/g, '#');
  for (const page of pages) {
    for (const line of page.lines) {
      if (!inMarginZone(line, page)) continue;
      const k = key(line);
      pagesWith.set(k, (pagesWith.get(k) ?? new Set()).add(page.page));
    }
  }
  const repeated = (k: string): boolean => {
    const n = pagesWith.get(k)?.size ?? 0;
    return n >= 2 && n >= Math.ceil(pages.length / 2);
  };
  return pages.map((page) => {
    const ys = page.lines.map((l) => l.y);
    const lowest = Math.min(...ys);
    const highest = Math.max(...ys);
    const lines = page.lines.filter((line) => {
      if (!inMarginZone(line, page)) return true;
      const extreme = line.y === lowest || line.y === highest;
      if (extreme && PAGE_NUMBER.test(normalizeLine(line.text))) return false;
      return !repeated(key(line));
    });
    return { ...page, lines };
  });
}

// --- Frame and line classes -----------------------------------------------------------------

/**
 * Left and right edges of the text frame: the outermost positions shared by several body-size
 * lines (a justified paragraph's lines all start and end there), so a stray wide line or a
 * single indented line does not move them.
 */
function measureFrame(lines: readonly Line[]): Frame {
  const bySize = new Map<number, number>();
  for (const l of lines) bySize.set(l.size, (bySize.get(l.size) ?? 0) + l.chars);
  const body = [...bySize.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 12;
  const bodyLines = lines.filter((l) => Math.abs(l.size - body) <= 0.5);
  const pool = bodyLines.length > 0 ? bodyLines : lines;
  const need = Math.max(2, Math.min(5, Math.ceil(pool.length * 0.1)));
  const xs = pool.map((l) => l.x).sort((a, b) => a - b);
  const ends = pool.map((l) => l.end).sort((a, b) => b - a);
  const left = xs.find((x) => xs.filter((v) => v >= x && v <= x + 3).length >= need) ?? xs[0] ?? 0;
  // Ragged-right text (a text file laid out flush left) wraps anywhere within the last character's
  // width of the edge: the wrapped lines' ends spread over one em, not over the 3 pt of justified
  // text. Short lines that end alike (a run of `一、比赛主题` headings) never make the edge.
  const right = ends.find((e) => ends.filter((v) => v <= e && v >= e - body).length >= need) ?? ends[0] ?? 0;
  return { left, right: Math.max(right, left + 1), body };
}

const tolerance = (l: Line): number => 0.5 * l.size;
const atLeft = (l: Line, f: Frame): boolean => Math.abs(l.x - f.left) <= tolerance(l);

/** First-line indent of two characters: the start of a body paragraph. */
const indented2 = (l: Line, f: Frame): boolean => Math.abs(l.x - (f.left + 2 * l.size)) <= 0.3 * l.size;

function centred(l: Line, f: Frame): boolean {
  if (atLeft(l, f)) return false;
  if (l.size <= f.body + 0.5 && indented2(l, f)) return false;
  const mid = (f.left + f.right) / 2;
  return Math.abs((l.x + l.end) / 2 - mid) <= Math.max(0.3 * l.size, 3);
}

function rightAligned(l: Line, f: Frame): boolean {
  return l.x > f.left + 0.3 * (f.right - f.left) && !centred(l, f);
}

/** Runs to the right edge: the text wrapped here and goes on in the next line. */
function full(l: Line, f: Frame, next?: Line): boolean {
  if (rightAligned(l, f)) return false;
  return l.end >= f.right - tolerance(l) || (next !== undefined && l.end + leadWidth(next) > f.right + 0.1 * l.size);
}

/**
 * Width of what opens a line up to its first break opportunity: one CJK character, with the
 * Latin run glued to it (`箱:2564961240@qq.com;`), which a flush-left line wraps before when it
 * does not fit, ending the line well short of the edge. Estimated from the characters (CJK one
 * em, others about half).
 */
export function leadWidth(l: Line): number {
  const m = /^(?:[\u3400-\u9fff\uff08\u201c\u300a(（“《]?[^\s\u3400-\u9fff\u3000-\u303f\uff08\uff09\uff0c\u3002]*)/.exec(l.text.trimStart());
  const lead = m?.[0] || l.text.trimStart().slice(0, 1);
  let em = 0;
  for (const ch of lead) em += /[\u2e80-\u9fff\uff00-\uffef\u201c\u201d]/.test(ch) ? 1 : 0.55;
  return em * l.size;
}

/** A centred line (or a full one) of a title set larger than the body. */
function titleLine(l: Line, f: Frame): boolean {
  return l.size >= f.body + 1.5 && (centred(l, f) || Math.abs((l.x + l.end) / 2 - (f.left + f.right) / 2) <= l.size);
}

// --- Joining lines --------------------------------------------------------------------------

/** Does `b` go on the paragraph whose last line is `a`? */
function continues(p: Para, b: Line, bPage: number, f: Frame): boolean {
  const a = p.lines[p.lines.length - 1] as Line;
  if (Math.abs(a.size - b.size) > 0.75) return false;
  const pageBreak = bPage !== p.lastPage;
  if (!pageBreak) {
    const gap = a.y - b.y;
    if (gap <= 0 || gap > 2.2 * Math.max(a.size, b.size)) return false;
    // Titles wrap onto centred lines; the first may run the full width.
    if (titleLine(a, f) && titleLine(b, f) && centred(b, f)) return true;
  }
  if (!pageBreak && p.lines.length === 1 && wrappedRightLine(a, b, f)) return true;
  if (!full(a, f, b) || centred(b, f) || rightAligned(b, f)) return false;
  if (atLeft(b, f)) return true;
  if (pageBreak || indented2(b, f)) return false;
  // A block indented as a whole (its lines share one x), or a hanging indent (附件说明 items).
  if (p.lines.length > 1) return Math.abs(b.x - a.x) <= tolerance(b);
  return b.x > a.x + tolerance(b);
}

/**
 * A text copy that pushed its signature and date to the right with blanks wraps them at the edge:
 * `省科技厅办` at the right, `公室` flush left under it; `2017 年 7`, then `月 5 日`. The tail is a
 * few characters with no punctuation and no label of its own (附件, 联系人 …), so a right-set
 * signature over a line of its own is not joined.
 */
export function wrappedRightLine(a: Line, b: Line, f: Frame): boolean {
  // The tail's first character (with the blank set between a figure and CJK) would not have fitted.
  if (!rightAligned(a, f) || a.end + leadWidth(b) + 0.2 * b.size <= f.right || !atLeft(b, f)) return false;
  const t = b.text.trim();
  return [...t.replace(/\s/g, '')].length <= 6 && !/[，。：:；;,、（）()]/.test(t) && !/^(?:附|联|电|注|抄|印|地|邮|传|手)/.test(t);
}

/** Lines → paragraph text: CJK wraps join directly, Latin words and numbers keep a space. */
function joinLines(lines: readonly Line[]): string {
  let text = '';
  for (const l of lines) {
    const t = normalizeLine(l.text);
    if (text && /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(t)) text += ' ';
    text += t;
  }
  return text;
}

function toParagraph(p: Para, f: Frame): RawParagraph {
  const first = p.lines[0] as Line;
  const layout: Layout = { fontSize: first.size };
  const chars = p.lines.reduce((n, l) => n + l.chars, 0);
  const boldChars = p.lines.reduce((n, l) => n + (l.bold ? l.chars : 0), 0);
  layout.bold = boldChars * 2 > chars;
  if (p.lines.some((l) => centred(l, f))) layout.align = 'center';
  else if (rightAligned(first, f)) layout.align = 'right';
  else {
    // Only a wrapped paragraph shows whether it is justified; a single line reads as left.
    layout.align = p.lines.length > 1 ? 'justify' : 'left';
    layout.indentChars = Math.max(0, Math.round((first.x - f.left) / first.size));
  }
  return { kind: 'paragraph', text: joinLines(p.lines), page: p.page, layout };
}

// --- Tables across pages ----------------------------------------------------------------------

/** Grid columns of a table, from its first row (no span from above can cover it). */
const gridWidth = (t: RawTable): number => (t.rows[0] ?? []).reduce((n, c) => n + c.colSpan, 0);
const rowText = (row: readonly { text: string }[] | undefined): string => (row ?? []).map((c) => c.text.replace(/\s/g, '')).join('|');

/**
 * A long 统计表 or 汇总表 breaks over pages: its rows go on at the top of the next page, often
 * under a repeated header row. A table that starts a page right after a table that ended the
 * previous one, with nothing in between (pages in between held nothing either, or only a
 * header row too short to count as a table) and the same columns, is the same table.
 */
export function continuesTable(prev: RawTable, next: RawTable): boolean {
  return prev.page !== null && next.page !== null && next.page > prev.page && gridWidth(prev) === gridWidth(next) && gridWidth(next) > 1;
}

function appendRows(prev: RawTable, next: RawTable): void {
  const repeatedHeader = next.rows.length > 1 && rowText(next.rows[0]) === rowText(prev.rows[0]);
  prev.rows.push(...(repeatedHeader ? next.rows.slice(1) : next.rows));
}
