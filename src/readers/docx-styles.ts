/**
 * @module readers/docx-styles
 * Paragraph and character style properties (alignment, bold, font size, indent) of a DOCX.
 *
 * mammoth reports only a paragraph's *direct* `w:jc` and a run's *direct* `w:b`/`w:sz`.
 * Writers such as LibreOffice put all of that into styles (`Text Body.title` is centred,
 * bold, 22 pt), so without styles.xml no title would look centred. This module reads the
 * styles part and resolves `w:basedOn` chains on top of `w:docDefaults`.
 *
 * styles.xml is read with a small tag scanner rather than a DOM: the only maintained DOM for
 * Node here (@xmldom/xmldom) drags the browser `dom` lib into every file's type check, and
 * we only need element names and attributes. Namespace prefixes are dropped: inside
 * styles.xml the local names we read (style, pPr, rPr, jc, b, sz, ind) are WordprocessingML's.
 */
import { posix } from 'node:path';
import JSZip from 'jszip';
import type { Layout } from '../document.js';

export type Align = NonNullable<Layout['align']>;

/** Indent in twips (1/20 pt), as in `w:ind`. */
export interface Indent {
  start?: number;
  firstLine?: number;
  hanging?: number;
}

export interface StyleProps {
  align?: Align;
  bold?: boolean;
  /** Points. */
  fontSize?: number;
  indent?: Indent;
}

export interface DocxStyles {
  /** Properties a paragraph of this style has, docDefaults included; null = the default style. */
  paragraph(styleId: string | null): StyleProps;
  /** Properties a character style adds on top of its paragraph's. */
  character(styleId: string | null): StyleProps;
}

interface XmlEl {
  name: string;
  attrs: Map<string, string>;
  children: XmlEl[];
}

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string): string =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&(\w+);/g, (m, e: string) => ENTITIES[e] ?? m);

/** Element tree of an XML document (text content dropped: styles carry none we need). */
export function scanXml(xml: string): XmlEl {
  const root: XmlEl = { name: '#root', attrs: new Map(), children: [] };
  const stack = [root];
  const clean = xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/g, '');
  // Quoted attribute values may legally contain `>`, so they are matched as whole tokens.
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  for (const m of clean.matchAll(tag)) {
    const [, closing, qname = '', attrText = '', selfClosing] = m;
    const name = localName(qname);
    if (closing) {
      const at = stack.map((e) => e.name).lastIndexOf(name);
      if (at > 0) stack.length = at;
      continue;
    }
    const attrs = new Map<string, string>();
    for (const a of attrText.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attrs.set(localName(a[1] ?? ''), decode(a[2] ?? a[3] ?? ''));
    }
    const el: XmlEl = { name, attrs, children: [] };
    stack[stack.length - 1]?.children.push(el);
    if (!selfClosing) stack.push(el);
  }
  return root;
}

const child = (el: XmlEl | undefined, name: string): XmlEl | undefined => el?.children.find((c) => c.name === name);
const descendants = (el: XmlEl, name: string): XmlEl[] =>
  el.children.flatMap((c) => (c.name === name ? [c] : descendants(c, name)));
const twips = (v: string | undefined): number | undefined => (v && /^-?\d+$/.test(v) ? Number(v) : undefined);

/** Maps a `w:jc` value (direct or from a style) to the layout alignment. */
export function toAlign(jc: string | null | undefined): Align | undefined {
  switch (jc) {
    case 'center':
      return 'center';
    case 'right':
    case 'end':
      return 'right';
    case 'left':
    case 'start':
      return 'left';
    case 'both':
    case 'distribute':
    case 'thaiDistribute':
    case 'lowKashida':
    case 'mediumKashida':
    case 'highKashida':
      return 'justify';
    default:
      return undefined;
  }
}

/** An OOXML on/off value: present means on unless it says false/0/off. */
const isOn = (v: string | undefined): boolean => !(v === 'false' || v === '0' || v === 'off');
/** `<w:b/>` is on; `w:val` of false/0/off turns it off explicitly. */
const onOff = (el: XmlEl | undefined): boolean | undefined => (el ? isOn(el.attrs.get('val')) : undefined);

function propsOf(pPr: XmlEl | undefined, rPr: XmlEl | undefined): StyleProps {
  const props: StyleProps = {};
  const align = toAlign(child(pPr, 'jc')?.attrs.get('val'));
  if (align) props.align = align;
  const bold = onOff(child(rPr, 'b'));
  if (bold !== undefined) props.bold = bold;
  const halfPoints = twips(child(rPr, 'sz')?.attrs.get('val'));
  if (halfPoints !== undefined) props.fontSize = halfPoints / 2;
  const ind = child(pPr, 'ind');
  if (ind) {
    const indent: Indent = {};
    const start = twips(ind.attrs.get('start') ?? ind.attrs.get('left'));
    const firstLine = twips(ind.attrs.get('firstLine'));
    const hanging = twips(ind.attrs.get('hanging'));
    if (start !== undefined) indent.start = start;
    if (firstLine !== undefined) indent.firstLine = firstLine;
    if (hanging !== undefined) indent.hanging = hanging;
    props.indent = indent;
  }
  return props;
}

/** `w:firstLine` and `w:hanging` exclude each other, so a level that sets either replaces both. */
export function mergeIndent(base: Indent | undefined, over: Indent | undefined): Indent | undefined {
  if (!over) return base;
  if (!base) return over;
  const merged: Indent = {};
  const start = over.start ?? base.start;
  if (start !== undefined) merged.start = start;
  const first = over.firstLine !== undefined || over.hanging !== undefined ? over : base;
  if (first.firstLine !== undefined) merged.firstLine = first.firstLine;
  if (first.hanging !== undefined) merged.hanging = first.hanging;
  return merged;
}

export function mergeProps(base: StyleProps, over: StyleProps): StyleProps {
  const merged: StyleProps = { ...base, ...over };
  const indent = mergeIndent(base.indent, over.indent);
  if (indent) merged.indent = indent;
  else delete merged.indent;
  return merged;
}

interface StyleDef {
  type: string;
  basedOn: string | undefined;
  isDefault: boolean;
  props: StyleProps;
}

/** Resolves the styles of one styles.xml text. */
export function parseStyles(xml: string): DocxStyles {
  const root = scanXml(xml);
  const defaults = descendants(root, 'docDefaults')[0];
  const base = propsOf(child(child(defaults, 'pPrDefault'), 'pPr'), child(child(defaults, 'rPrDefault'), 'rPr'));
  const defs = new Map<string, StyleDef>();
  for (const s of descendants(root, 'style')) {
    const id = s.attrs.get('styleId');
    if (!id) continue;
    defs.set(id, {
      type: s.attrs.get('type') ?? 'paragraph',
      basedOn: child(s, 'basedOn')?.attrs.get('val'),
      isDefault: s.attrs.has('default') && isOn(s.attrs.get('default')),
      props: propsOf(child(s, 'pPr'), child(s, 'rPr')),
    });
  }
  const defaultParagraph = [...defs.entries()].find(([, d]) => d.type === 'paragraph' && d.isDefault)?.[0] ?? null;

  const chain = (id: string | null | undefined, seen = new Set<string>()): StyleProps => {
    const def = id == null || seen.has(id) ? undefined : defs.get(id);
    if (!def || id == null) return {};
    seen.add(id);
    return mergeProps(chain(def.basedOn, seen), def.props);
  };
  const paragraphCache = new Map<string | null, StyleProps>();
  return {
    paragraph(styleId) {
      // Word applies the default paragraph style to paragraphs without (or with an unknown) style.
      const id = styleId !== null && defs.has(styleId) ? styleId : defaultParagraph;
      let props = paragraphCache.get(id);
      if (!props) paragraphCache.set(id, (props = mergeProps(base, chain(id))));
      return props;
    },
    character: (styleId) => chain(styleId),
  };
}

export const NO_STYLES: DocxStyles = { paragraph: () => ({}), character: () => ({}) };

function relationshipTarget(relsXml: string | undefined, typeSuffix: string): string | undefined {
  if (!relsXml) return undefined;
  const rel = descendants(scanXml(relsXml), 'Relationship').find((r) => r.attrs.get('Type')?.endsWith(typeSuffix));
  return rel?.attrs.get('Target');
}

/** Finds the styles part through the package relationships, as Word does, with the usual path as fallback. */
async function stylesPath(zip: JSZip): Promise<string> {
  const main = (relationshipTarget(await zip.file('_rels/.rels')?.async('string'), '/officeDocument') ?? 'word/document.xml').replace(/^\//, '');
  const dir = posix.dirname(main);
  const rels = await zip.file(posix.join(dir, '_rels', `${posix.basename(main)}.rels`))?.async('string');
  const target = relationshipTarget(rels, '/styles');
  if (!target) return posix.join(dir, 'styles.xml');
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(dir, target));
}

/**
 * Styles of a DOCX. Layout hints are optional, so an unreadable or missing styles part yields
 * no styles instead of an error (the body has been read by mammoth already).
 */
export async function readDocxStyles(bytes: Uint8Array): Promise<DocxStyles> {
  try {
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file(await stylesPath(zip))?.async('string');
    return xml ? parseStyles(xml) : NO_STYLES;
  } catch {
    return NO_STYLES;
  }
}
