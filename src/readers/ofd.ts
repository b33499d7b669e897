/**
 * @module readers/ofd
 * OFD (GB/T 33190, China's fixed-layout format) with jszip and fast-xml-parser.
 *
 * An OFD is a ZIP: `OFD.xml` names each document's root (`DocBody/DocRoot`, e.g.
 * `Doc_0/Document.xml`), which lists the pages (`Pages/Page/@BaseLoc` → `Content.xml`), the
 * template pages they draw on (`CommonData/TemplatePage`), the font resources and the
 * annotations (`Annotations` → one file per page, each `Annot/Appearance` a little page of its
 * own). Text is `TextObject`s: a `Boundary` box on the page (millimetres, y downwards), an
 * optional `CTM`, and `TextCode`s whose `X`/`Y` is the first glyph's baseline inside the box and
 * whose `DeltaX` gives the advance to each next glyph (`g 5 3.5` = five advances of 3.5). The
 * glyphs are turned into positioned pieces and rules into segments in PDF units (points, y
 * upwards), and laid into lines, tables and paragraphs exactly as the PDF reader does.
 *
 * The ZIP limits are the DOCX reader's; XML entities are not expanded by the parser (only the
 * five predefined ones and character references are decoded, by hand).
 */
import { posix } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';
import type { ReadIssue, ReadResult } from '../document.js';
import { IngestError } from '../errors.js';
import type { DocxLimits } from './docx.js';
import { checkZip, DEFAULT_DOCX_LIMITS } from './docx.js';
import type { PdfLimits } from './pdf-limits.js';
import { DEFAULT_PDF_LIMITS } from './pdf-limits.js';
import type { Piece } from './pdf-lines.js';
import { isCjk } from './pdf-lines.js';
import type { PageLines } from './pdf-paragraphs.js';
import { buildBlocks } from './pdf-paragraphs.js';
import type { Segment } from './pdf-tables.js';
import type { PositionedPage } from './positioned.js';
import { layoutPage, pagesSkipped } from './positioned.js';

/** A parsed element: attributes as `@Name` strings, children as arrays, text as `#text`. */
interface XNode {
  [key: string]: XNode[] | string | undefined;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  alwaysCreateTextNode: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

const MM_TO_PT = 72 / 25.4;
/** 黑体-like faces count as bold: GB/T 9704 sets 一、 headings in 黑体 instead of bold. */
const BOLD_FONT = /bold|heavy|black|hei(?:ti)?(?![a-z])|黑/i;

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export async function readOfd(bytes: Uint8Array, file: string, zipLimits: DocxLimits = DEFAULT_DOCX_LIMITS, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<ReadResult> {
  checkZip(bytes, file, zipLimits, 'OFD');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (e) {
    throw new IngestError('corrupt_file', file, 'read', `the OFD package is not a readable ZIP (${(e as Error).message})`, { cause: e });
  }
  const pkg = new Package(zip, file);
  const ofd = await pkg.xml('OFD.xml');
  const bodies = all(ofd, 'OFD', 'DocBody');
  const rootLoc = bodies.map((b) => text(first(b, 'DocRoot'))).find((loc) => loc !== '');
  if (!rootLoc) throw new IngestError('corrupt_file', file, 'read', 'OFD.xml names no document (DocBody/DocRoot)');
  const issues: ReadIssue[] = [];
  if (bodies.length > 1) {
    issues.push({ code: 'documents_skipped', lost: true, message: `the OFD holds ${bodies.length} documents; only the first was read` });
  }
  const docPath = resolve('', rootLoc);
  const docXml = await pkg.xml(docPath);
  const doc = first(docXml, 'Document');
  const common = first(doc, 'CommonData');
  const defaultBox = box(text(first(first(common, 'PageArea'), 'PhysicalBox'))) ?? [0, 0, 210, 297];
  const fonts = await readFonts(pkg, docPath, common);
  const templates = new Map<string, string>();
  for (const t of all(common, 'TemplatePage')) templates.set(attr(t, 'ID'), resolve(docPath, attr(t, 'BaseLoc')));
  const annots = await annotationFiles(pkg, docPath, text(first(doc, 'Annotations')));

  const pageRefs = all(first(doc, 'Pages'), 'Page');
  const count = Math.min(pageRefs.length, limits.maxPages);
  if (pageRefs.length > limits.maxPages) issues.push(pagesSkipped('OFD', pageRefs.length, limits.maxPages));
  const read: PageLines[] = [];
  for (let i = 0; i < count; i++) {
    const ref = pageRefs[i] as XNode;
    const path = resolve(docPath, attr(ref, 'BaseLoc'));
    if (!pkg.has(path)) throw new IngestError('corrupt_file', file, 'read', `the OFD's page ${i + 1} is missing: its part ${path} is not in the package`);
    const page = first(await pkg.xml(path), 'Page');
    const [, , , h] = box(text(first(first(page, 'Area'), 'PhysicalBox'))) ?? defaultBox;
    const out: PositionedPage = { page: i + 1, bottom: 0, top: h * MM_TO_PT, pieces: [], segments: [] };
    const draw = (node: XNode | undefined): void => collect(node, IDENTITY, h, fonts, out);
    for (const t of all(page, 'Template')) {
      const tpl = templates.get(attr(t, 'TemplateID'));
      if (tpl && pkg.has(tpl)) draw(first(first(await pkg.xml(tpl), 'Page'), 'Content'));
    }
    draw(first(page, 'Content'));
    for (const annPath of annots.get(attr(ref, 'ID')) ?? []) {
      if (pkg.has(annPath)) draw(first(await pkg.xml(annPath), 'PageAnnot'));
    }
    read.push(layoutPage(out, limits, issues));
  }
  return { blocks: buildBlocks(read), pages: pageRefs.length, encoding: null, ...(issues.length ? { issues } : {}) };
}

/** The package's parts by normalised path; names are matched case-insensitively as a fallback. */
class Package {
  private readonly lower = new Map<string, string>();
  constructor(
    private readonly zip: JSZip,
    private readonly file: string,
  ) {
    for (const name of Object.keys(zip.files)) this.lower.set(name.toLowerCase(), name);
  }
  private name(path: string): string | undefined {
    return this.zip.files[path] ? path : this.lower.get(path.toLowerCase());
  }
  has(path: string): boolean {
    return this.name(path) !== undefined;
  }
  async xml(path: string): Promise<XNode> {
    const name = this.name(path);
    const entry = name ? this.zip.file(name) : null;
    if (!entry) throw new IngestError('corrupt_file', this.file, 'read', `the OFD is missing its part ${path}`);
    try {
      return parser.parse(await entry.async('string')) as XNode;
    } catch (e) {
      throw new IngestError('corrupt_file', this.file, 'read', `the OFD's part ${path} is damaged (${(e as Error).message})`, { cause: e });
    }
  }
}

/** A location inside the package, relative to the part that names it unless it starts with `/`. */
function resolve(from: string, loc: string): string {
  const path = loc.replace(/\\/g, '/');
  const joined = path.startsWith('/') ? path : posix.join(posix.dirname(from || '.'), path);
  return posix.normalize(joined).replace(/^\/+/, '').replace(/^\.\//, '');
}

function all(node: XNode | undefined, ...names: string[]): XNode[] {
  let nodes: XNode[] = node ? [node] : [];
  for (const name of names) nodes = nodes.flatMap((n) => (Array.isArray(n[name]) ? (n[name] as XNode[]) : []));
  return nodes;
}
const first = (node: XNode | undefined, name: string): XNode | undefined => all(node, name)[0];
const attr = (node: XNode | undefined, name: string): string => {
  const v = node?.[`@${name}`];
  return typeof v === 'string' ? v : '';
};
const text = (node: XNode | undefined): string => {
  const v = node?.['#text'];
  return decodeXml(typeof v === 'string' ? v : '').trim();
};

/** The predefined entities and character references; anything else stays as written. */
function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (_m, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (e[0] !== '#') return named[e.toLowerCase()] ?? '';
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

const numbers = (s: string): number[] =>
  s
    .trim()
    .split(/[\s,]+/)
    .filter((t) => t !== '')
    .map(Number);

function box(s: string): [number, number, number, number] | null {
  const n = numbers(s);
  return n.length === 4 && n.every(Number.isFinite) ? [n[0] as number, n[1] as number, n[2] as number, n[3] as number] : null;
}

function matrix(s: string): Matrix {
  const n = numbers(s);
  return n.length === 6 && n.every(Number.isFinite) ? (n as Matrix) : IDENTITY;
}

/** `m` applied after `inner` (inner coordinates → outer). */
function compose(outer: Matrix, inner: Matrix): Matrix {
  const [a, b, c, d, e, f] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return [a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f];
}
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/**
 * `DeltaX`/`DeltaY`: advances, where `g N v` stands for N advances of v (GB/T 33190 §11.3).
 */
export function parseDeltas(s: string): number[] {
  const tokens = s.trim().split(/\s+/).filter((t) => t !== '');
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < 100_000; i++) {
    if (tokens[i] === 'g') {
      const n = Math.min(Number(tokens[i + 1]), 100_000);
      const v = Number(tokens[i + 2]);
      if (Number.isFinite(n) && Number.isFinite(v)) for (let k = 0; k < n; k++) out.push(v);
      i += 2;
    } else {
      const v = Number(tokens[i]);
      if (Number.isFinite(v)) out.push(v);
    }
  }
  return out;
}

/** Font IDs set bold (Bold="true" or a 黑体-like name), from the public and document resources. */
async function readFonts(pkg: Package, docPath: string, common: XNode | undefined): Promise<Set<string>> {
  const bold = new Set<string>();
  for (const kind of ['PublicRes', 'DocumentRes']) {
    for (const ref of all(common, kind)) {
      const path = resolve(docPath, text(ref));
      if (!pkg.has(path)) continue;
      for (const font of all(await pkg.xml(path), 'Res', 'Fonts', 'Font')) {
        if (attr(font, 'Bold') === 'true' || BOLD_FONT.test(`${attr(font, 'FontName')} ${attr(font, 'FamilyName')}`)) bold.add(attr(font, 'ID'));
      }
    }
  }
  return bold;
}

/** Page ID → its annotation files, from `Annotations.xml` (paths relative to that file). */
async function annotationFiles(pkg: Package, docPath: string, loc: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!loc) return out;
  const path = resolve(docPath, loc);
  if (!pkg.has(path)) return out;
  for (const page of all(await pkg.xml(path), 'Annotations', 'Page')) {
    const files = all(page, 'FileLoc').map((f) => resolve(path, text(f)));
    out.set(attr(page, 'PageID'), [...(out.get(attr(page, 'PageID')) ?? []), ...files]);
  }
  return out;
}

/**
 * Walks a page's content (layers, page blocks, annotation appearances) and adds its text and
 * rules to `out`. `m` maps the current coordinates to page millimetres; `h` is the page height.
 */
function collect(node: XNode | undefined, m: Matrix, h: number, bold: ReadonlySet<string>, out: PositionedPage, depth = 0): void {
  if (!node || depth > 64) return;
  for (const [key, value] of Object.entries(node)) {
    if (!Array.isArray(value) || key.startsWith('@')) continue;
    for (const child of value) {
      if (key === 'TextObject') textObject(child, m, h, bold, out);
      else if (key === 'PathObject') pathObject(child, m, h, out);
      else if (key === 'Appearance' || key === 'CompositeObject') {
        const [x = 0, y = 0] = box(attr(child, 'Boundary')) ?? [];
        collect(child, compose(m, [1, 0, 0, 1, x, y]), h, bold, out, depth + 1);
      } else if (key !== 'ImageObject' && key !== 'Clips') collect(child, m, h, bold, out, depth + 1);
    }
  }
}

/** The object's own coordinates → page millimetres: its CTM, then its Boundary's origin. */
function objectMatrix(obj: XNode, m: Matrix): Matrix {
  const [x = 0, y = 0] = box(attr(obj, 'Boundary')) ?? [];
  return compose(compose(m, [1, 0, 0, 1, x, y]), matrix(attr(obj, 'CTM')));
}

/** Advance of a glyph without DeltaX, in ems: CJK full width, others about half. */
const naturalEm = (ch: string): number => (isCjk(ch) ? 1 : 0.5);

/**
 * DeltaX says where each next glyph starts, not how wide the last one is; without font metrics
 * the last glyph's width is guessed: CJK one em; Latin the mean advance of the code's other
 * Latin glyphs, else what the Boundary leaves after the code's start, else half an em.
 */
/** Latin glyphs' widths vary by font: the code's median Latin advance stands for them. */
function latinAdvance(chars: readonly string[], dx: readonly number[], size: number): number {
  const latin = dx.filter((_d, i) => !isCjk(chars[i]) && chars[i] !== ' ').sort((a, b) => a - b);
  const median = latin[Math.floor(latin.length / 2)];
  return median === undefined ? 0.5 * size : Math.min(size, Math.max(0.3 * size, median));
}

function lastGlyphAdvance(chars: readonly string[], dx: readonly number[], size: number, x: number, boundaryWidth: number): number {
  const last = chars[chars.length - 1] ?? '';
  if (isCjk(last)) return size;
  const latin = dx.filter((_d, i) => !isCjk(chars[i]));
  if (latin.length > 0) return Math.min(size, latin.reduce((a, b) => a + b, 0) / latin.length);
  const left = boundaryWidth - x - dx.reduce((a, b) => a + b, 0);
  return left > 0.2 * size && left < 1.2 * size ? left : naturalEm(last) * size;
}

function textObject(obj: XNode, m: Matrix, h: number, bold: ReadonlySet<string>, out: PositionedPage): void {
  const om = objectMatrix(obj, m);
  const size = Number(attr(obj, 'Size')) || 3.5;
  const scale = Math.hypot(om[2], om[3]) || 1;
  const isBold = bold.has(attr(obj, 'Font')) || Number(attr(obj, 'Weight')) >= 600;
  let x = 0;
  let y = 0;
  for (const code of all(obj, 'TextCode')) {
    const chars = [...decodeXml(typeof code['#text'] === 'string' ? code['#text'] : '')];
    if (attr(code, 'X') !== '') x = Number(attr(code, 'X')) || 0;
    if (attr(code, 'Y') !== '') y = Number(attr(code, 'Y')) || 0;
    const dx = parseDeltas(attr(code, 'DeltaX'));
    const dy = parseDeltas(attr(code, 'DeltaY'));
    // Glyphs are grouped into runs that sit on one baseline without a gap; a gap wider than
    // 0.15 em starts a new piece so that the line assembly can decide whether it is a space.
    let run: { text: string; x0: number; x1: number; y: number } | null = null;
    const flush = (): void => {
      if (run && run.text.trim() !== '') {
        const [px0, py] = apply(om, run.x0, run.y);
        const [px1] = apply(om, run.x1, run.y);
        out.pieces.push({
          text: run.text.trim(),
          x: px0 * MM_TO_PT,
          y: (h - py) * MM_TO_PT,
          width: Math.max(0, px1 - px0) * MM_TO_PT,
          size: size * scale * MM_TO_PT,
          bold: isBold,
        });
      }
      run = null;
    };
    const latin = latinAdvance(chars, dx, size);
    const lastAdvance = lastGlyphAdvance(chars, dx, size, x, (box(attr(obj, 'Boundary'))?.[2] ?? 0) / (Math.hypot(om[0], om[1]) || 1));
    chars.forEach((ch, i) => {
      const advance = i === chars.length - 1 ? lastAdvance : isCjk(ch) ? size : latin;
      const r = run as { text: string; x0: number; x1: number; y: number } | null;
      if (ch.trim() === '') flush();
      else if (r && Math.abs(r.y - y) < 1e-6 && x - r.x1 <= 0.15 * size) {
        r.text += ch;
        r.x1 = x + advance;
      } else {
        flush();
        run = { text: ch, x0: x, x1: x + advance, y };
      }
      if (i < chars.length - 1) {
        x += dx[i] ?? advance;
        y += dy[i] ?? 0;
      } else x += advance;
    });
    flush();
  }
}

/**
 * Straight, axis-parallel strokes of a path (`AbbreviatedData`: M/L/Z, curves skipped) and thin
 * filled boxes (rules drawn as filled rectangles), as ruling segments in points.
 */
function pathObject(obj: XNode, m: Matrix, h: number, out: PositionedPage): void {
  const om = objectMatrix(obj, m);
  const data = text(first(obj, 'AbbreviatedData'));
  const tokens = data.split(/\s+/).filter((t) => t !== '');
  const points: Array<[number, number]> = [];
  let start: [number, number] | null = null;
  let last: [number, number] | null = null;
  const add = (a: [number, number], b: [number, number]): void => {
    const [x0, y0] = apply(om, ...a);
    const [x1, y1] = apply(om, ...b);
    if (Math.abs(x0 - x1) > 1e-3 && Math.abs(y0 - y1) > 1e-3) return;
    out.segments.push(toSegment(x0, y0, x1, y1, h));
  };
  for (let i = 0; i < tokens.length; i++) {
    const op = tokens[i];
    const pt = (): [number, number] => [Number(tokens[i + 1]), Number(tokens[i + 2])];
    if (op === 'S' || op === 'M') {
      last = start = pt();
      points.push(last);
      i += 2;
    } else if (op === 'L') {
      const p = pt();
      if (last) add(last, p);
      last = p;
      points.push(p);
      i += 2;
    } else if (op === 'C') {
      last = [Number(tokens[i + 5]), Number(tokens[i + 6])];
      i += 6;
    } else if (op === 'Q') {
      last = [Number(tokens[i + 3]), Number(tokens[i + 4])];
      i += 4;
    } else if (op === 'B') {
      last = [Number(tokens[i + 5]), Number(tokens[i + 6])];
      i += 6;
    } else if (op === 'A') {
      last = [Number(tokens[i + 6]), Number(tokens[i + 7])];
      i += 7;
    } else if (op === 'Z' || op === 'z') {
      if (last && start) add(last, start);
      last = start;
    }
  }
  if (attr(obj, 'Fill') === 'true' && points.length >= 4) {
    const xs = points.map(([x, y]) => apply(om, x, y)[0]);
    const ys = points.map(([x, y]) => apply(om, x, y)[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (y1 - y0 < 0.8 && x1 - x0 > 2) out.segments.push(toSegment(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2, h));
    else if (x1 - x0 < 0.8 && y1 - y0 > 2) out.segments.push(toSegment((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, h));
  }
}

function toSegment(x0: number, y0: number, x1: number, y1: number, h: number): Segment {
  const [ya, yb] = [(h - y0) * MM_TO_PT, (h - y1) * MM_TO_PT];
  return { x0: Math.min(x0, x1) * MM_TO_PT, y0: Math.min(ya, yb), x1: Math.max(x0, x1) * MM_TO_PT, y1: Math.max(ya, yb) };
}
