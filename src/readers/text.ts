/**
 * @module readers/text
 * Plain-text notices: UTF-8 (± BOM), UTF-16 (BOM), GB18030/GBK. Lines become paragraphs,
 * runs of tab- or pipe-separated lines become tables, and paragraphs that a page break of the
 * original split (a blank line in the middle of a sentence) are joined again.
 */
import type { Layout, RawBlock, RawCell, ReadIssue, ReadResult } from '../document.js';
import { IngestError } from '../errors.js';

export interface Decoded {
  text: string;
  encoding: string;
  /** Bytes that were not valid in `encoding` and became U+FFFD (tolerated when few). */
  replaced: number;
}

/**
 * Strict UTF-8 first, GB18030 only when that fails: GB18030 accepts almost any byte sequence,
 * so trying it first would turn every UTF-8 file into mojibake. Detected GBK/GB2312 is always
 * decoded as GB18030, its superset. A file damaged in a few places (a bad sector, a truncated
 * copy, a stray byte pasted in) is still read, its bad bytes replaced: refusing a whole notice
 * for three bytes helps nobody.
 */
export function decodeText(bytes: Uint8Array): Decoded | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return tryDecode(bytes.subarray(3), 'utf-8') ?? tolerant(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return tryDecode(bytes.subarray(2), 'utf-16le') ?? tolerant(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return tryDecode(bytes.subarray(2), 'utf-16be') ?? tolerant(bytes.subarray(2), 'utf-16be');
  const utf16 = guessBomlessUtf16(bytes);
  if (utf16) return tryDecode(bytes, utf16) ?? tolerant(bytes, utf16);
  return (
    tryDecode(bytes, 'utf-8') ??
    // UTF-8 with a few bad bytes: GBK read as UTF-8 fails on nearly every character, so a
    // handful of failures means UTF-8 (GB18030 would accept it too, as mojibake).
    tolerant(bytes, 'utf-8') ??
    cjkUtf16(bytes) ??
    tryDecode(bytes, 'gb18030') ??
    tolerant(bytes, 'gb18030')
  );
}

/** UTF-16 without a BOM shows up as NUL in every other byte of its ASCII characters. */
function guessBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * Chinese UTF-16 without a BOM has too few ASCII characters for the NUL test: decoded, nearly
 * every character is 汉字, punctuation or ASCII, where GBK or random bytes read as UTF-16 land
 * there only a third of the time. Tried after UTF-8, which such bytes never are.
 */
function cjkUtf16(bytes: Uint8Array): Decoded | null {
  if (bytes.length % 2 !== 0) return null;
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    const d = tryDecode(bytes, encoding);
    if (d && cjkShare(d.text) > 0.9) return d;
  }
  return null;
}

function cjkShare(text: string): number {
  const sample = text.slice(0, 8192);
  let good = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0x2000 && c <= 0x206f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09) good++;
  }
  return sample.length === 0 ? 0 : good / sample.length;
}

function tryDecode(bytes: Uint8Array, encoding: string): Decoded | null {
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return plausibleText(text) ? { text, encoding, replaced: 0 } : null;
  } catch {
    return null;
  }
}

/** Bad bytes tolerated: at most this share of the characters, and this many in all. */
const MAX_REPLACED_SHARE = 0.01;
const MAX_REPLACED = 64;

/** Decodes replacing bad bytes, when they are few enough that the rest is clearly this encoding. */
function tolerant(bytes: Uint8Array, encoding: string): Decoded | null {
  const text = new TextDecoder(encoding).decode(bytes);
  let replaced = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) replaced++;
  if (replaced === 0 || replaced > MAX_REPLACED || replaced > text.length * MAX_REPLACED_SHARE) return null;
  // The replacements themselves are not held against the text; anything else odd still is.
  return plausibleText(text.replaceAll('\ufffd', ' '), 0.03) ? { text, encoding, replaced } : null;
}

/**
 * Random bytes decode as GB18030 too; real text has almost no control or private-use
 * characters. A damaged double-byte file is allowed more private-use ones (`privateShare`): a
 * lost lead byte shifts the pairs until the next ASCII byte, and shifted GBK pairs often land in
 * the user-defined areas.
 */
function plausibleText(text: string, privateShare = 0): boolean {
  if (text.length === 0) return false;
  let bad = 0;
  let privateUse = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) bad++;
    else if (c >= 0xe000 && c <= 0xf8ff) privateUse++;
  }
  const allowed = Math.max(0, privateUse - text.length * privateShare);
  return (bad + allowed) / text.length < 0.005;
}

export function looksLikeText(bytes: Uint8Array): boolean {
  return decodeText(bytes.subarray(0, Math.min(bytes.length, 64 * 1024))) !== null || decodeText(bytes) !== null;
}

export async function readText(bytes: Uint8Array, file: string): Promise<ReadResult> {
  const decoded = decodeText(bytes);
  if (!decoded) throw new IngestError('unsupported_format', file, 'read', 'not text in UTF-8, UTF-16 or GB18030');
  const issues: ReadIssue[] = [];
  if (decoded.replaced > 0) {
    const n = decoded.replaced;
    issues.push({
      code: 'bad_bytes_replaced',
      lost: true,
      message: `${n} invalid byte sequence${n === 1 ? ' was' : 's were'} replaced by U+FFFD while decoding the file as ${decoded.encoding}`,
    });
  }
  return { blocks: parseTextBlocks(decoded.text), pages: null, encoding: decoded.encoding, ...(issues.length ? { issues } : {}) };
}

// ---------- lines → blocks ----------

const isBlank = (l: string): boolean => /^[\s\u3000\u00a0]*$/.test(l);
const isTabLine = (l: string): boolean => l.includes('\t');
const isPipeLine = (l: string): boolean => (l.match(/\|/g)?.length ?? 0) >= 2 && !isBlank(l);
/** `作品名称 | 面向多架构…`: a row of two cells with no border, one ` | ` between them (in a run of such rows). */
const isPairLine = (l: string): boolean => /\S \| \S/.test(l) && (l.match(/\|/g)?.length ?? 0) === 1;
const isPipeRule = (l: string): boolean => /^\s*\|?\s*:?-{3,}/.test(l);

export function parseTextBlocks(text: string): RawBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: RawBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isBlank(line)) {
      i++;
    } else if (isTabLine(line)) {
      const end = tabRunEnd(lines, i);
      const rows = lines.slice(i, end).every((l) => !isTabLine(l) || isCellPerLine(l))
        ? cellPerLineRows(lines.slice(i, end))
        : lines.slice(i, end).filter(isTabLine).map((l) => l.split('\t').map(cell));
      blocks.push({ kind: 'table', rows: mergeEmptyLeadCells(rows), page: null });
      i = end;
    } else if (isPipeLine(line) || (isPairLine(line) && isPairLine(lines[i + 1] ?? ''))) {
      let end = i;
      while (end < lines.length && (isPipeLine(lines[end] ?? '') || isPairLine(lines[end] ?? ''))) end++;
      blocks.push({ kind: 'table', rows: pipeRows(lines.slice(i, end).filter((l) => !isPipeRule(l))), page: null });
      i = end;
    } else {
      blocks.push(paragraph(line));
      i++;
    }
  }
  return joinBrokenParagraphs(blocks);
}

const cell = (text: string): RawCell => ({ text: text.trim(), rowSpan: 1, colSpan: 1 });

/**
 * Cells of a run of pipe rows. A pipe at the start (or end) of every row is the table's border;
 * where only some rows start with one (`| 小计 | 墙体刷写 |` under `县(区) | … | 备 注 |`), it
 * closes an empty first cell, which keeps the row's cells under their columns.
 */
export function pipeRows(lines: readonly string[]): RawCell[][] {
  const trimmed = lines.map((l) => l.trim());
  const leftBorder = trimmed.every((l) => l.startsWith('|'));
  const rightBorder = trimmed.every((l) => l.endsWith('|'));
  return trimmed.map((l) => {
    let t = l;
    if (leftBorder) t = t.slice(1);
    if (rightBorder) t = t.slice(0, -1);
    return t.split('|').map(cell);
  });
}

/** A run of tab lines, blank lines between them, and lines continuing a cell of the run. */
function tabRunEnd(lines: string[], start: number): number {
  let last = start;
  let lastCellLine = -1;
  for (let i = start; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (isTabLine(l)) {
      last = i;
      lastCellLine = isCellPerLine(l) ? i : -1;
    } else if (!isBlank(l)) {
      // Only a one-cell line can be continued, and only by the line right after it.
      if (lastCellLine < 0 || last !== i - 1) break;
      last = i;
      lastCellLine = i;
    }
  }
  return last + 1;
}

const isCellPerLine = (l: string): boolean => /^\t[^\t]*$/.test(l);

/**
 * Web copies of Word tables put one cell per line, each starting with a tab, rows separated by
 * blank lines, and continue a multi-line cell on lines without the tab.
 */
function cellPerLineRows(lines: string[]): RawCell[][] {
  const rows: RawCell[][] = [];
  let row: RawCell[] = [];
  for (const l of lines) {
    if (isBlank(l) && !l.startsWith('\t')) {
      if (row.length) rows.push(row);
      row = [];
    } else if (l.startsWith('\t')) {
      row.push(cell(l.slice(1)));
    } else {
      const last = row[row.length - 1];
      if (last) last.text = last.text ? `${last.text}\n${l.trim()}` : l.trim();
      else row.push(cell(l));
    }
  }
  if (row.length) rows.push(row);
  return rows;
}

/**
 * Text exports print a vertically merged label once and leave its cell empty on the rows it
 * spans; give that label its row span back so groups (经费投入 over 中央/省级/…) survive.
 */
function mergeEmptyLeadCells(rows: RawCell[][]): RawCell[][] {
  let owner: RawCell | null = null;
  const out: RawCell[][] = [];
  for (const row of rows) {
    const first = row[0];
    const rest = row.slice(1);
    if (first && first.text === '' && owner && rest.some((c) => c.text !== '')) {
      owner.rowSpan++;
      out.push(rest);
      continue;
    }
    owner = first && first.text !== '' ? first : null;
    out.push(row);
  }
  return out;
}

function paragraph(line: string): RawBlock {
  const lead = /^[ \u3000\u00a0]*/.exec(line)?.[0] ?? '';
  const width = [...lead].reduce((w, c) => w + (c === '\u3000' ? 2 : 1), 0);
  const layout: Layout = {};
  // A line pushed far right with blanks is a signature or date in a web copy of a notice.
  if (width >= 12) layout.align = 'right';
  else if (width > 0) layout.indentChars = Math.round(width / 2);
  return { kind: 'paragraph', text: line, page: null, ...(Object.keys(layout).length ? { layout } : {}) };
}

const ENDS_SENTENCE = /[。：:；;！!？?…”"’」』）)】〕>》\]]$/;
const STARTS_NEW = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|附件|联系|电话|邮箱|传真|地址|邮编|抄送|印发|特此)/;
const LABEL_LINE = /^[^，。]{1,8}[：:]/;
/** A title ends with its kind of document (文种); the next line is not part of it. */
const ENDS_TITLE = /(?:通知|通报|决定|意见|办法|规定|方案|函|批复|报告|请示|公告|通告|纪要|规划|细则|要点|表)$/;
const DOC_NUMBER_LINE = /^[\u4e00-\u9fa5]{1,12}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号$/;
const ADDRESS_LINE = /^(?:邮寄|通讯|通信|联系)?地\s*址[：:]/;
/** GB/T 9704 prints 28 characters a line: a shorter line ended its paragraph. */
const FULL_LINE = 28;
/** `学习再学习 发表于 2022-1-29 15:45:08`: a page's post line ends with its timestamp, never mid-sentence. */
const ENDS_TIMESTAMP = /(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?$/;

/**
 * Page breaks of the original leave a paragraph cut in two (`…认真落实《关于新` / `时代进一步…`).
 * Join when the first part ran to a full printed line and stops mid-sentence, and the second
 * part does not start a heading, a label or a new item; and an address that wrapped its room
 * number onto the next line.
 */
function joinBrokenParagraphs(blocks: RawBlock[]): RawBlock[] {
  const out: RawBlock[] = [];
  for (const b of blocks) {
    const prev = out[out.length - 1];
    if (b.kind === 'paragraph' && prev?.kind === 'paragraph' && continues(prev.text, b.text)) {
      prev.text = prev.text.trimEnd() + b.text.trim();
      continue;
    }
    out.push(b);
  }
  return out;
}

export function continues(prevLine: string, nextLine: string): boolean {
  const prev = prevLine.trim();
  const next = nextLine.trim();
  // A line pushed far right (a signature, a date) and the line after a file name of a 附件 list
  // start their own paragraphs; so does the line after a row of a page copied from a table (` |`).
  const indent = [...(/^[ \u3000\u00a0]*/.exec(nextLine)?.[0] ?? '')].reduce((w, c) => w + (c === '\u3000' ? 2 : 1), 0);
  if (indent >= 12 || /\.(?:docx?|xlsx?|wps|et|pdf|zip|rar|7z|ofd)$/i.test(prev) || /\|$/.test(prev)) return false;
  if (ADDRESS_LINE.test(prev) && /^\d/.test(next) && [...next].length < 20 && !LABEL_LINE.test(next)) return true;
  if ([...prev].length < FULL_LINE || ENDS_SENTENCE.test(prev) || ENDS_TITLE.test(prev) || ENDS_TIMESTAMP.test(prev)) return false;
  if (STARTS_NEW.test(next) || DOC_NUMBER_LINE.test(next) || LABEL_LINE.test(prev)) return false;
  // Runs of blanks mark option lists and form lines, which are laid out line by line.
  return !/[ \u3000]{2,}/.test(prev) && !/[ \u3000]{2,}/.test(next);
}
