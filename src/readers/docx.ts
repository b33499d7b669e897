/**
 * @module readers/docx
 * DOCX → ordered paragraphs and tables, read from mammoth's document model.
 *
 * mammoth (via its `transformDocument` hook) already resolves what is hard in WordprocessingML:
 * fields, content controls and form checkboxes, tracked insertions/deletions, `w:vMerge` and
 * `w:gridSpan` (as rowSpan/colSpan, covered cells removed), notes. Walking that model keeps
 * paragraph/run properties that mammoth's HTML would lose, and needs no HTML parser.
 * Style-level layout (LibreOffice puts centring and bold in styles) comes from docx-styles.
 *
 * Red heads and 版记 are borderless tables in these files; they are emitted as tables and
 * interpreted later. Headers and footers (page numbers) are not part of mammoth's body.
 */
import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { Layout, RawBlock, RawCell, RawParagraph, RawTable, ReadIssue, ReadResult } from '../document.js';
import { IngestError } from '../errors.js';
import { walkZip, type ZipLimits } from './zip.js';
import { mergeIndent, readDocxStyles, toAlign, type DocxStyles, type Indent, type StyleProps } from './docx-styles.js';

/** The parts of mammoth's document model (mammoth/lib/documents.js) this reader relies on. */
interface MNode {
  type: string;
  children?: MNode[];
}
interface MParagraph extends MNode {
  styleId: string | null;
  alignment: string | null;
  indent: { start: string | null; firstLine: string | null; hanging: string | null };
}
interface MRun extends MNode {
  styleId: string | null;
  isBold: boolean;
  fontSize: number | null;
}
interface MCell extends MNode {
  colSpan: number;
  rowSpan: number;
}
interface MNoteRef extends MNode {
  noteType: string;
  noteId: string;
}
interface MDocument extends MNode {
  children: MNode[];
  notes: { resolve(ref: MNoteRef): { body: MNode[] } | null };
}

/** A stretch of text with the run properties it was printed with. */
interface Segment {
  text: string;
  bold: boolean;
  fontSize: number | undefined;
}
/** `line` = manual line break (w:br); `page` = page or column break inside a paragraph. */
type Token = Segment | 'line' | 'page';
type RunStyle = Omit<Segment, 'text'>;

interface Ctx {
  styles: DocxStyles;
  /** Note references met so far, in reading order; the notes are appended after the body. */
  noteRefs: MNoteRef[];
}

const CHECKED = '☑';
const UNCHECKED = '□';

export interface DocxLimits extends ZipLimits {
  /** Table cells read from the body; rows past this are skipped (mammoth needs ~7 KB a cell). */
  maxTableCells: number;
}

export const DEFAULT_DOCX_LIMITS: DocxLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 128 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxTableCells: 25_000,
};

export async function readDocx(bytes: Uint8Array, file: string, limits: DocxLimits = DEFAULT_DOCX_LIMITS): Promise<ReadResult> {
  const parts = checkZip(bytes, file, limits);
  const issues: ReadIssue[] = [];
  const main = parts.get(MAIN_PART);
  let input = bytes;
  if (main) {
    const capped = capTableRows(main.toString('utf8'), limits.maxTableCells);
    if (capped.skippedRows > 0) {
      issues.push({
        code: 'table_rows_skipped',
      lost: true,
        message: `the document's tables have ${capped.cells} cells; only the first ${limits.maxTableCells} were read, ${capped.skippedRows} rows after them were skipped`,
      });
      input = await replacePart(bytes, file, MAIN_PART, capped.xml);
    }
  }
  const doc = await loadModel(input, file);
  const ctx: Ctx = { styles: await readDocxStyles(input), noteRefs: [] };
  const blocks = bodyBlocks(doc.children, ctx);
  blocks.push(...noteBlocks(doc, ctx));
  return { blocks, pages: null, encoding: null, ...(issues.length ? { issues } : {}) };
}

// ── the package, before mammoth sees it ────────────────────────────────────────────────────

const MAIN_PART = 'word/document.xml';

/**
 * Refuses ZIP bombs before anything inflates them whole (jszip and mammoth hold every part in
 * memory: a 2 MB file claimed 4.6 GB): see walkZip. Returns the inflated main part for the
 * table-cell count. Structural damage is left for jszip to report as a corrupt file.
 */
export function checkZip(bytes: Uint8Array, file: string, limits: DocxLimits, what = 'DOCX'): Map<string, Buffer> {
  const parts = new Map<string, Buffer>();
  for (const e of walkZip(bytes, file, limits, `the ${what}`, (name) => name === MAIN_PART)) {
    if (e.content) parts.set(e.name, e.content);
  }
  return parts;
}

/**
 * Drops table rows once `maxCells` cells have been seen, keeping every paragraph and the rows
 * before the cap. A linear scan over `<w:tr>` … `</w:tr>` (nested tables counted by depth).
 */
export function capTableRows(xml: string, maxCells: number): { xml: string; cells: number; skippedRows: number } {
  const tags = /<w:tc[\s>]|<(\/?)w:tr(?=[\s>\/])[^>]*>/g;
  let cells = 0;
  let skippedRows = 0;
  let depth = 0;
  let dropFrom = -1;
  let kept = 0;
  const out: string[] = [];
  for (const m of xml.matchAll(tags)) {
    const tag = m[0];
    if (tag.startsWith('<w:tc')) {
      cells++;
      continue;
    }
    const closing = m[1] === '/';
    const selfClosing = tag.endsWith('/>');
    if (!closing) {
      // A top-level row starting past the cap is dropped with everything inside it.
      if (depth === 0 && cells >= maxCells && !selfClosing) dropFrom = m.index;
      if (!selfClosing) depth++;
    } else {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && dropFrom >= 0) {
        out.push(xml.slice(kept, dropFrom));
        kept = m.index + tag.length;
        dropFrom = -1;
        skippedRows++;
      }
    }
  }
  out.push(xml.slice(kept));
  return { xml: skippedRows > 0 ? out.join('') : xml, cells, skippedRows };
}

/** The package with one part replaced (stored, not deflated: it is read once, right away). */
async function replacePart(bytes: Uint8Array, file: string, name: string, content: string): Promise<Uint8Array> {
  try {
    const zip = await JSZip.loadAsync(bytes);
    zip.file(name, content);
    return await zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new IngestError('corrupt_file', file, 'read', `not a readable DOCX: ${reason}`, { cause: e });
  }
}

/** Runs mammoth and keeps its document model; any failure to open the package is a corrupt file. */
async function loadModel(bytes: Uint8Array, file: string): Promise<MDocument> {
  let model: MDocument | undefined;
  try {
    await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        // The HTML is never used, so mammoth is handed an empty body to render.
        transformDocument: (document: MDocument): MDocument => {
          model = document;
          return { ...document, children: [] };
        },
      },
    );
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new IngestError('corrupt_file', file, 'read', `not a readable DOCX: ${reason}`, { cause: e });
  }
  if (!model) throw new IngestError('corrupt_file', file, 'read', 'not a readable DOCX: no document body');
  return model;
}

function bodyBlocks(nodes: MNode[], ctx: Ctx): RawBlock[] {
  return nodes.flatMap((node): RawBlock[] => {
    if (node.type === 'paragraph') return paragraphBlocks(node as MParagraph, ctx);
    if (node.type === 'table') return [tableBlock(node, ctx)];
    return bodyBlocks(node.children ?? [], ctx);
  });
}

/** Footnotes and endnotes in the order they are referenced (a note may reference another). */
function noteBlocks(doc: MDocument, ctx: Ctx): RawBlock[] {
  const blocks: RawBlock[] = [];
  const seen = new Set<string>();
  // for…of sees references pushed while the loop runs.
  for (const ref of ctx.noteRefs) {
    const key = `${ref.noteType}-${ref.noteId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const note = doc.notes.resolve(ref);
    if (note) blocks.push(...bodyBlocks(note.body, ctx));
  }
  return blocks;
}

// ── paragraphs ──────────────────────────────────────────────────────────────────────────────

function paragraphBlocks(p: MParagraph, ctx: Ctx): RawParagraph[] {
  const props = ctx.styles.paragraph(p.styleId);
  const tokens = inlineTokens(p, props, ctx);
  // A page break inside a paragraph starts new printed text (often an attachment): split there.
  return splitAt(tokens, (t) => t === 'page')
    .map((chunk): RawParagraph => {
      const text = joinLayoutLines(splitAt(chunk, (t) => t === 'line').map(textOf));
      return { kind: 'paragraph', text, page: null, layout: layoutOf(p, props, segments(chunk), text) };
    })
    .filter((b) => b.text.trim().length > 0);
}

/** Flattens a paragraph's runs, hyperlinks, fields … into text segments and breaks. */
function inlineTokens(p: MParagraph, props: StyleProps, ctx: Ctx): Token[] {
  const tokens: Token[] = [];
  const visit = (node: MNode, run: RunStyle): void => {
    switch (node.type) {
      case 'text':
        tokens.push({ text: (node as MNode & { value: string }).value, ...run });
        return;
      case 'tab':
        tokens.push({ text: '\t', ...run });
        return;
      case 'checkbox':
        tokens.push({ text: (node as MNode & { checked: boolean }).checked ? CHECKED : UNCHECKED, ...run });
        return;
      case 'break':
        tokens.push((node as MNode & { breakType: string }).breakType === 'line' ? 'line' : 'page');
        return;
      case 'noteReference':
        ctx.noteRefs.push(node as MNoteRef);
        return;
      case 'run':
        run = runStyle(node as MRun, props, ctx.styles);
        break;
      case 'paragraph':
      case 'table':
        // Content nested inside a paragraph (text boxes): keep its text on lines of its own.
        tokens.push('line', ...blockLines(node, ctx).map((text): Token => ({ text, ...run })), 'line');
        return;
    }
    for (const c of node.children ?? []) visit(c, run);
  };
  for (const c of p.children ?? []) visit(c, { bold: props.bold ?? false, fontSize: props.fontSize });
  return tokens;
}

/** Effective run properties: direct formatting over character style over paragraph style. */
function runStyle(run: MRun, para: StyleProps, styles: DocxStyles): RunStyle {
  const char = styles.character(run.styleId);
  return { bold: run.isBold || (char.bold ?? para.bold ?? false), fontSize: run.fontSize ?? char.fontSize ?? para.fontSize };
}

function splitAt(tokens: Token[], isBreak: (t: Token) => boolean): Token[][] {
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if (isBreak(t)) parts.push([]);
    else parts[parts.length - 1]?.push(t);
  }
  return parts;
}

const segments = (tokens: Token[]): Segment[] => tokens.filter((t): t is Segment => typeof t !== 'string');
const textOf = (tokens: Token[]): string => segments(tokens).map((s) => s.text).join('');

// A space survives a line join only between Latin words/numbers (ASCII punctuation may end the
// left side: `Hello,` / `world`); CJK text is broken anywhere, so its lines join with nothing.
const LATIN_END = /[A-Za-z0-9\u00c0-\u024f][.,;:!?)]?$/;
const LATIN_START = /^\(?[A-Za-z0-9\u00c0-\u024f]/;

/**
 * Joins the lines of a paragraph broken by manual line breaks. In titles and body text those
 * breaks are layout (a title broken where it fits), not content.
 */
export function joinLayoutLines(lines: string[]): string {
  let out = '';
  for (const line of lines) {
    if (line.trim().length === 0) continue;
    if (out.length === 0) {
      out = line;
      continue;
    }
    out = out.trimEnd();
    const next = line.trimStart();
    out += (LATIN_END.test(out) && LATIN_START.test(next) ? ' ' : '') + next;
  }
  return out;
}

function layoutOf(p: MParagraph, props: StyleProps, segs: Segment[], text: string): Layout {
  const layout: Layout = {};
  const align = toAlign(p.alignment) ?? props.align;
  if (align) layout.align = align;
  const inked = segs.filter((s) => s.text.trim().length > 0);
  if (inked.length > 0) layout.bold = inked.every((s) => s.bold);
  const fontSize = dominantSize(inked);
  if (fontSize !== undefined) layout.fontSize = fontSize;
  layout.indentChars = indentChars(mergeIndent(props.indent, directIndent(p)), fontSize, text);
  return layout;
}

/** The font size that covers most characters (a title may mix sizes for digits). */
function dominantSize(segs: Segment[]): number | undefined {
  const counts = new Map<number, number>();
  for (const s of segs) if (s.fontSize !== undefined) counts.set(s.fontSize, (counts.get(s.fontSize) ?? 0) + s.text.length);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function directIndent(p: MParagraph): Indent | undefined {
  const num = (v: string | null): number | undefined => (v && /^-?\d+$/.test(v) ? Number(v) : undefined);
  const ind: Indent = {};
  const start = num(p.indent.start);
  const firstLine = num(p.indent.firstLine);
  const hanging = num(p.indent.hanging);
  if (start !== undefined) ind.start = start;
  if (firstLine !== undefined) ind.firstLine = firstLine;
  if (hanging !== undefined) ind.hanging = hanging;
  return Object.keys(ind).length > 0 ? ind : undefined;
}

/**
 * First-line indent in characters: the `w:ind` geometry divided by the character width, plus
 * blanks typed at the start (web copies indent with `　　` instead of w:ind).
 */
function indentChars(ind: Indent | undefined, fontSize: number | undefined, text: string): number {
  const twips = (ind?.start ?? 0) + (ind?.firstLine ?? 0) - (ind?.hanging ?? 0);
  const fromGeometry = fontSize ? twips / (fontSize * 20) : 0;
  const lead = /^[\u3000 \u00a0]*/.exec(text)?.[0] ?? '';
  const typed = [...lead].reduce((n, c) => n + (c === '\u3000' ? 1 : 0.5), 0);
  return Math.round((fromGeometry + typed) * 10) / 10;
}

// ── tables ──────────────────────────────────────────────────────────────────────────────────

function tableBlock(table: MNode, ctx: Ctx): RawTable {
  const rows = childrenOfType(table, 'tableRow').map((row) =>
    childrenOfType(row, 'tableCell').map((cell): RawCell => {
      const { rowSpan, colSpan } = cell as MCell;
      return { text: cellText(cell, ctx), rowSpan, colSpan };
    }),
  );
  return { kind: 'table', rows, page: null };
}

/** Rows of a table / cells of a row, looking through wrappers (content controls, custom XML). */
function childrenOfType(node: MNode, type: 'tableRow' | 'tableCell'): MNode[] {
  return (node.children ?? []).flatMap((c) => {
    if (c.type === type) return [c];
    return c.type === 'table' ? [] : childrenOfType(c, type);
  });
}

/** Cell text keeps its line structure: paragraphs and manual line breaks become `\n`. */
function cellText(cell: MNode, ctx: Ctx): string {
  return (cell.children ?? []).flatMap((c) => blockLines(c, ctx)).join('\n');
}

/** Lines of a block inside a cell; a nested table gives one line per row, cells space-separated. */
function blockLines(node: MNode, ctx: Ctx): string[] {
  if (node.type === 'paragraph') {
    const p = node as MParagraph;
    const tokens = inlineTokens(p, ctx.styles.paragraph(p.styleId), ctx);
    return splitAt(tokens, (t) => typeof t === 'string').map(textOf);
  }
  if (node.type === 'table') {
    return childrenOfType(node, 'tableRow').map((row) =>
      childrenOfType(row, 'tableCell')
        .map((cell) => cellText(cell, ctx).replace(/\n/g, ' '))
        .join(' '),
    );
  }
  return (node.children ?? []).flatMap((c) => blockLines(c, ctx));
}
