/**
 * @module document
 * The one document model every reader produces and every later stage reads.
 *
 * Readers emit `RawBlock`s (structure, no meaning); `assembleDoc` (readers/assemble.ts) lays
 * them out into one normalised full `text` and gives every block and table cell its offsets,
 * so that any value found later can point back at `text.slice(start, end)` and a page.
 */

export const DOC_SCHEMA_VERSION = 1;

/**
 * What a file is, from its bytes: `doc` is Word 97+ in OLE2 (.doc, Kingsoft .wps), `xls` is
 * Excel BIFF in OLE2 (.xls, Kingsoft .et), `html` covers .html/.htm and MHTML (.mht).
 */
export type Format = 'pdf' | 'docx' | 'text' | 'doc' | 'xls' | 'xlsx' | 'html' | 'ofd' | 'image';

/** Layout hints a reader may know (PDF, DOCX); text files have none. */
export interface Layout {
  align?: 'left' | 'center' | 'right' | 'justify';
  bold?: boolean;
  /** Font size in points, where the reader knows it. */
  fontSize?: number;
  /** Left indent of the first line in characters (≈ 2 for a body paragraph). */
  indentChars?: number;
}

export interface RawCell {
  /** Cell text; line breaks inside the cell are kept as `\n`. */
  text: string;
  rowSpan: number;
  colSpan: number;
}

export interface RawParagraph {
  kind: 'paragraph';
  text: string;
  /** 1-based page number, or null where the format has no pages (DOCX, text). */
  page: number | null;
  layout?: Layout;
}

export interface RawTable {
  kind: 'table';
  /** Rows of cells as printed: a cell covered by a span from above or the left is not repeated. */
  rows: RawCell[][];
  page: number | null;
}

export type RawBlock = RawParagraph | RawTable;

/** A span of the document's full text. */
export interface Span {
  start: number;
  end: number;
}

export interface Cell extends RawCell, Span {
  /** Grid position once spans are expanded (0-based). */
  row: number;
  col: number;
}

export interface Paragraph extends RawParagraph, Span {
  index: number;
}

export interface Table extends Span {
  kind: 'table';
  index: number;
  page: number | null;
  rows: Cell[][];
  /** Number of grid columns after spans are expanded. */
  columns: number;
}

export type Block = Paragraph | Table;

export interface SourceInfo {
  fileName: string;
  format: Format;
  sha256: string;
  bytes: number;
  pages: number | null;
  /** Character encoding of a text file (utf-8, utf-16le, gb18030 …); null for binary formats. */
  encoding: string | null;
  /** How the text was got where a format has more than one way (`soffice→docx`, `word-extractor`). */
  via?: string;
  /** 发布时间 as the web page printed it (saved web pages only). */
  published?: string;
  /** 来源 as the web page printed it (saved web pages only). */
  origin?: string;
}

/**
 * Something a reader skipped or repaired to stay within its limits (pages, ruling lines, table
 * cells) or to read a damaged file (bad bytes). The record carries it as an issue.
 */
export interface ReadIssue {
  code: string;
  message: string;
  /** Content was left out or replaced (pages, rows, bytes): the record is `partial`. */
  lost: boolean;
}

export interface Doc {
  schemaVersion: typeof DOC_SCHEMA_VERSION;
  source: SourceInfo;
  blocks: Block[];
  /** Blocks joined by `\n`; table rows one line each, cells separated by `\t`. */
  text: string;
  /** What the reader left out or repaired; absent when it read everything as it is. */
  readIssues?: ReadIssue[];
}

/** What a reader returns before assembly. */
export interface ReadResult {
  blocks: RawBlock[];
  pages: number | null;
  encoding: string | null;
  /** Source facts only the reader knows (which conversion it used, a web page's 发布时间/来源). */
  source?: Pick<SourceInfo, 'via' | 'published' | 'origin'>;
  issues?: ReadIssue[];
}
