/**
 * @module readers/assemble
 * Lays reader output out as one normalised full text and gives every block and cell its offsets.
 * Shared by all readers so that the same notice yields the same text whatever its format.
 */
import type { Block, Cell, Doc, RawBlock, RawCell, ReadIssue, ReadResult, SourceInfo, Table } from '../document.js';
import { DOC_SCHEMA_VERSION } from '../document.js';

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff\\u3000-\\u303f\\uff00-\\uffef';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}]) (?=[${CJK}])`, 'g');

/**
 * Normalises one line of printed text: every kind of blank becomes one plain space, runs of
 * blanks collapse, ends are trimmed. Characters are otherwise kept as printed.
 */
export function normalizeLine(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u200b-\u200d\ufeff]/g, '')
    .replace(/[\s\u3000\u00a0\u2002-\u200a]+/g, ' ')
    .trim();
}

/** Cell text: each line normalised, empty lines dropped, line breaks kept. */
export function normalizeCell(s: string): string {
  return s
    .split(/\r?\n/)
    .map(normalizeLine)
    .filter((l) => l.length > 0)
    .join('\n');
}

/**
 * Removes the single spaces some producers put between every CJK character of a justified
 * line (`《 关 于 举 办`), while keeping spaces that separate words (`热爱科学 崇尚科学`).
 * Only applied when most gaps of the line are such spaces, because a deliberate space between
 * two CJK words looks the same locally.
 */
export function undoCjkLetterSpacing(line: string): string {
  const cjkChars = line.match(new RegExp(`[${CJK}]`, 'g'))?.length ?? 0;
  const spaced = line.match(SPACE_BETWEEN_CJK)?.length ?? 0;
  if (cjkChars >= 4 && spaced >= (cjkChars - 1) * 0.6) return line.replace(SPACE_BETWEEN_CJK, '');
  return line;
}

/**
 * Characters of text read in all. The longest real notices with their attachments run to a few
 * hundred thousand; past this a file is data, not a notice, and the later stages would spend
 * minutes on it. The rest is skipped with an issue.
 */
export const MAX_TEXT_CHARS = 1_000_000;
/**
 * A paragraph longer than this is cut into pieces at sentence ends (else at commas, else
 * anywhere). Printed paragraphs stay far below it; a text file that lost its line breaks, or a
 * generated one, is one "paragraph" of megabytes, which every later rule would scan whole and
 * every value found in it would quote.
 */
export const MAX_PARAGRAPH_CHARS = 2_000;

/** Where to cut `s` (a prefix of at most MAX_PARAGRAPH_CHARS): after its last sentence end, else comma. */
function cutAt(s: string): number {
  const window = s.slice(0, MAX_PARAGRAPH_CHARS);
  for (const ends of [/[。！？；!?;]/g, /[，、,：:）)」』”]/g]) {
    let last = -1;
    for (const m of window.matchAll(ends)) last = m.index + 1;
    // Not a tiny first piece: a cut in the first quarter would only move the problem along.
    if (last > MAX_PARAGRAPH_CHARS / 4) return last;
  }
  const code = s.charCodeAt(MAX_PARAGRAPH_CHARS);
  return code >= 0xdc00 && code <= 0xdfff ? MAX_PARAGRAPH_CHARS - 1 : MAX_PARAGRAPH_CHARS;
}

/** A normalised paragraph text as pieces of at most MAX_PARAGRAPH_CHARS. */
export function splitLongParagraph(t: string): string[] {
  if (t.length <= MAX_PARAGRAPH_CHARS) return [t];
  const out: string[] = [];
  let rest = t;
  while (rest.length > MAX_PARAGRAPH_CHARS) {
    const at = cutAt(rest);
    const piece = rest.slice(0, at).trim();
    if (piece) out.push(piece);
    rest = rest.slice(at).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

export function assembleDoc(read: ReadResult, source: Omit<SourceInfo, 'pages' | 'encoding'>): Doc {
  const blocks: Block[] = [];
  const issues: ReadIssue[] = [...(read.issues ?? [])];
  let text = '';
  let split = 0;
  let skipped = 0;
  const append = (s: string): { start: number; end: number } => {
    if (text.length > 0) text += '\n';
    const start = text.length;
    text += s;
    return { start, end: text.length };
  };

  for (const raw of read.blocks) {
    if (text.length >= MAX_TEXT_CHARS) {
      skipped++;
      continue;
    }
    if (raw.kind === 'paragraph') {
      const t = normalizeLine(raw.text);
      if (!t) continue;
      const pieces = splitLongParagraph(t);
      if (pieces.length > 1) split++;
      for (const piece of pieces) {
        if (text.length >= MAX_TEXT_CHARS) {
          skipped++;
          break;
        }
        const span = append(piece);
        blocks.push({ ...raw, text: piece, index: blocks.length, ...span });
      }
    } else {
      const table = layTable(raw, blocks.length, text.length === 0 ? 0 : text.length + 1);
      if (!table) continue;
      const { line } = table;
      const span = append(line);
      blocks.push({ ...table.table, start: span.start, end: span.end });
    }
  }
  if (split > 0) {
    issues.push({
      code: 'long_paragraphs_split',
      lost: false,
      message: `${split} paragraph${split === 1 ? ' was' : 's were'} longer than ${MAX_PARAGRAPH_CHARS} characters and ${split === 1 ? 'was' : 'were'} cut into pieces at sentence ends or commas`,
    });
  }
  if (skipped > 0) {
    issues.push({
      code: 'text_truncated',
      lost: true,
      message: `the text runs past ${MAX_TEXT_CHARS} characters; the rest (${skipped} block${skipped === 1 ? '' : 's'} or pieces) was not read`,
    });
  }
  return {
    schemaVersion: DOC_SCHEMA_VERSION,
    source: { ...source, pages: read.pages, encoding: read.encoding },
    blocks,
    text,
    ...(issues.length ? { readIssues: issues } : {}),
  };
}

/** Table → its text (rows as lines, cells tab-separated) with cell offsets counted from `base`. */
function layTable(raw: Extract<RawBlock, { kind: 'table' }>, index: number, base: number): { table: Table; line: string } | null {
  const rows = raw.rows
    .map((r) => r.map((c): RawCell => ({ text: normalizeCell(c.text), rowSpan: Math.max(1, c.rowSpan), colSpan: Math.max(1, c.colSpan) })))
    .filter((r) => r.length > 0);
  if (rows.length === 0) return null;

  // Expand spans on an occupancy grid to give each cell its grid column.
  const occupied: boolean[][] = [];
  const isTaken = (r: number, c: number): boolean => occupied[r]?.[c] === true;
  const take = (r: number, c: number): void => {
    (occupied[r] ??= [])[c] = true;
  };

  let line = '';
  let columns = 0;
  const outRows: Cell[][] = rows.map((row, r) => {
    if (r > 0) line += '\n';
    let c = 0;
    return row.map((cell, i) => {
      while (isTaken(r, c)) c++;
      for (let dr = 0; dr < cell.rowSpan; dr++) for (let dc = 0; dc < cell.colSpan; dc++) take(r + dr, c + dc);
      if (i > 0) line += '\t';
      const start = base + line.length;
      line += cell.text;
      const out: Cell = { ...cell, row: r, col: c, start, end: base + line.length };
      c += cell.colSpan;
      columns = Math.max(columns, c);
      return out;
    });
  });
  const empty = outRows.every((r) => r.every((c) => c.text === ''));
  if (empty) return null;
  return {
    table: { kind: 'table', index, page: raw.page, rows: outRows, columns, start: base, end: base + line.length },
    line,
  };
}
