/**
 * @module readers/html
 * Saved web pages (.html, .htm) and MHTML archives (.mht) of notices, often in GBK.
 *
 * Encoding: BOM, then the page's own declaration (meta charset / http-equiv, or the MHT part's
 * charset), then detection (chardet); GBK and GB2312 are decoded as GB18030, their superset.
 * Page chrome is dropped before the text is laid out: scripts, styles, navigation, headers and
 * footers outside the article, share bars, breadcrumbs, and elements whose class or id says so.
 * The page's 发布时间 and 来源 (TRS-style meta tags, else the info line under the title) are
 * kept as source metadata and the info line leaves the text, since its date is not the notice's.
 * Data tables become tables; tables used for page layout are walked through.
 */
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { Layout, RawBlock, RawCell, ReadResult } from '../document.js';
import { IngestError } from '../errors.js';

type $ = cheerio.CheerioAPI;

export async function readHtml(bytes: Uint8Array, file: string): Promise<ReadResult> {
  const page = isMht(bytes) ? mhtHtml(bytes, file) : { bytes, charset: null };
  const { text: html, encoding } = decodeHtml(page.bytes, page.charset);
  const $ = cheerio.load(html);
  const meta = pageMeta($);
  dropChrome($);
  const blocks = htmlBlocks($);
  if (!blocks.some((b) => (b.kind === 'paragraph' ? b.text.trim() : b.rows.some((r) => r.some((c) => c.text.trim()))))) {
    throw new IngestError('empty_file', file, 'read', 'the web page holds no text once scripts, styles and navigation are left out');
  }
  return { blocks, pages: null, encoding, ...(Object.keys(meta).length ? { source: meta } : {}) };
}

// ── encoding ────────────────────────────────────────────────────────────────────────────────

const CHARSET_ALIASES: Record<string, string> = { gbk: 'gb18030', gb2312: 'gb18030', 'x-gbk': 'gb18030', 'gb_2312-80': 'gb18030', 'iso-8859-1': 'windows-1252', 'us-ascii': 'utf-8', ascii: 'utf-8' };
const canonical = (cs: string): string => CHARSET_ALIASES[cs.toLowerCase()] ?? cs.toLowerCase();

export function decodeHtml(bytes: Uint8Array, declared: string | null): { text: string; encoding: string } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let encoding: string | null = null;
  let body = buf;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) [encoding, body] = ['utf-8', buf.subarray(3)];
  else if (buf[0] === 0xff && buf[1] === 0xfe) [encoding, body] = ['utf-16le', buf.subarray(2)];
  else if (buf[0] === 0xfe && buf[1] === 0xff) [encoding, body] = ['utf-16be', buf.subarray(2)];
  encoding ??= declared ? canonical(declared) : null;
  if (!encoding) {
    const head = buf.subarray(0, 8192).toString('latin1');
    const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
    if (m?.[1]) encoding = canonical(m[1]);
  }
  if (!encoding || !iconv.encodingExists(encoding)) {
    const guessed = chardet.detect(buf);
    encoding = guessed ? canonical(guessed) : 'utf-8';
    if (!iconv.encodingExists(encoding)) encoding = 'utf-8';
  }
  return { text: iconv.decode(body, encoding), encoding };
}

// ── MHTML ───────────────────────────────────────────────────────────────────────────────────

function isMht(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  return /content-type:\s*multipart\/related/i.test(head) && !/^\s*</.test(head);
}

/** The first text/html part of an MHTML file, decoded from its transfer encoding. */
function mhtHtml(bytes: Uint8Array, file: string): { bytes: Uint8Array; charset: string | null } {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const boundary = /boundary\s*=\s*"?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) throw new IngestError('corrupt_file', file, 'read', 'the MHTML file has no MIME boundary');
  for (const part of raw.split(`--${boundary}`).slice(1)) {
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) continue;
    const headers = part.slice(0, split.index);
    if (!/content-type:\s*text\/html/i.test(headers)) continue;
    const content = part.slice(split.index + split[0].length);
    const charset = /charset\s*=\s*"?([\w-]+)/i.exec(headers)?.[1] ?? null;
    const cte = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
    let out: Buffer;
    if (cte === 'base64') out = Buffer.from(content.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    else if (cte === 'quoted-printable') out = Buffer.from(content.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    else out = Buffer.from(content, 'latin1');
    return { bytes: new Uint8Array(out), charset };
  }
  throw new IngestError('corrupt_file', file, 'read', 'the MHTML file has no text/html part');
}

// ── page metadata and chrome ────────────────────────────────────────────────────────────────

const INFO_DATE = /(?:发布|发文|印发|成文)?(?:时间|日期)\s*[：:]\s*(\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)/;
const INFO_ORIGIN = /来\s*源\s*[：:]\s*([^\s|｜　]{2,40})/;
/** An info line starts with one of its labels (`资金来源：` in the body text does not). */
const INFO_LINE = /^[\s\u3000]*(?:发布(?:时间|日期)|来\s*源|浏览次数|点击数|字号|作者|信息来源)\s*[：:]/;

function pageMeta($: $): { published?: string; origin?: string } {
  const metaOf = (...names: string[]): string | undefined => {
    for (const n of names) {
      const v = $(`meta[name="${n}"]`).attr('content')?.trim();
      if (v) return v;
    }
    return undefined;
  };
  let published = metaOf('PubDate', 'pubdate', 'publishdate', 'firstpublishedtime');
  let origin = metaOf('ContentSource', 'source');
  // The info line under the title: the smallest element that says 发布时间 / 来源.
  $('body *').each((_, el) => {
    const e = $(el);
    if (e.is('td, th, table, tr')) return;
    if (e.children().filter((__, c) => INFO_LINE.test($(c).text())).length > 0) return;
    const text = e.text();
    if (text.length > 200 || !INFO_LINE.test(text)) return;
    published ??= INFO_DATE.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
    origin ??= INFO_ORIGIN.exec(text)?.[1];
    e.attr('data-tongzhi-info', '1');
  });
  return { ...(published ? { published } : {}), ...(origin ? { origin } : {}) };
}

const CHROME_WORD = /(?:^|[-_\s])(?:nav|navbar|navigation|menu|menus|footer|foot|share|sharebar|bdshare|breadcrumb|breadcrumbs|crumb|crumbs|position|location|sidebar|topbar|toolbar|copyright|print|related|relevant)(?:$|[-_\s\d])/i;

/** Weaker signs (a top bar, the site's logo or search): chrome only when short and headless. */
const CHROME_WEAK = /(?:^|[-_\s])(?:header|head|top|logo|search|banner|login|skip)(?:$|[-_\s\d])/i;

function dropChrome($: $): void {
  // The <title> repeats the notice's title with the site's name (`…的通知_通知公告_某某网`).
  $('head').remove();
  $('script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, select, input, textarea, link, meta').remove();
  $('nav, aside').remove();
  // <header>/<footer> of the page, not those of the article itself.
  $('header, footer').each((_, el) => {
    if ($(el).closest('article, main').length === 0) $(el).remove();
  });
  $('[class], [id]').each((_, el) => {
    const e = $(el);
    const names = `${e.attr('class') ?? ''} ${e.attr('id') ?? ''}`;
    if (CHROME_WORD.test(names)) e.remove();
    else if (CHROME_WEAK.test(names) && e.find('h1, h2, h3, table').length === 0 && e.text().trim().length < 100) e.remove();
  });
  $('[data-tongzhi-info]').remove();
  $('[style]').each((_, el) => {
    if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test($(el).attr('style') ?? '')) $(el).remove();
  });
}

// ── layout into blocks ──────────────────────────────────────────────────────────────────────

const BLOCK = new Set(['p', 'div', 'section', 'article', 'main', 'header', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'center', 'table', 'tr', 'tbody', 'thead', 'tfoot', 'body', 'html', 'hr', 'address', 'figure', 'figcaption', 'caption']);
const MAX_CELL_TEXT = 400;

function alignOf($: $, el: Element): Layout['align'] | undefined {
  const e = $(el);
  const v = (/text-align\s*:\s*(\w+)/i.exec(e.attr('style') ?? '')?.[1] ?? e.attr('align') ?? (el.tagName === 'center' ? 'center' : '')).toLowerCase();
  return v === 'center' || v === 'right' || v === 'left' || v === 'justify' ? v : undefined;
}

function htmlBlocks($: $): RawBlock[] {
  const blocks: RawBlock[] = [];
  let line = '';
  let align: Layout['align'] | undefined;
  const flush = (): void => {
    if (line.trim()) blocks.push({ kind: 'paragraph', text: line, page: null, ...(align ? { layout: { align } } : {}) });
    line = '';
  };
  const walk = (node: AnyNode, inherited: Layout['align'] | undefined): void => {
    if (node.type === 'text') {
      if (!line.trim()) align = inherited;
      line += (node as unknown as { data: string }).data.replace(/[\r\n\t]+/g, ' ');
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const el = node as Element;
    const tag = node.type === 'tag' ? el.tagName.toLowerCase() : 'root';
    if (tag === 'br') {
      flush();
      return;
    }
    const own = node.type === 'tag' ? (alignOf($, el) ?? inherited) : inherited;
    if (tag === 'table' && isDataTable($, el)) {
      flush();
      const rows = tableRows($, el);
      if (rows.length) blocks.push({ kind: 'table', rows, page: null });
      return;
    }
    const isBlock = BLOCK.has(tag) || tag === 'td' || tag === 'th';
    if (isBlock) flush();
    for (const c of el.children ?? []) walk(c, own);
    if (isBlock) flush();
  };
  walk($.root()[0] as AnyNode, undefined);
  flush();
  return blocks;
}

/** Layout tables hold other tables or long running text; data tables (forms) do not. */
function isDataTable($: $, table: Element): boolean {
  const t = $(table);
  if (t.find('table').length > 0) return false;
  const cells = t.find('td, th').toArray();
  if (cells.length === 0) return false;
  return cells.every((c) => $(c).text().trim().length <= MAX_CELL_TEXT);
}

function tableRows($: $, table: Element): RawCell[][] {
  const span = (el: Element, name: string): number => Math.min(Math.max(Number.parseInt($(el).attr(name) ?? '1', 10) || 1, 1), 1000);
  return $(table)
    .find('tr')
    .toArray()
    .map((tr) =>
      $(tr)
        .children('td, th')
        .toArray()
        .map((td): RawCell => ({ text: cellText($, td), rowSpan: span(td, 'rowspan'), colSpan: span(td, 'colspan') })),
    )
    .filter((r) => r.length > 0);
}

/** Cell text with its paragraphs and line breaks as `\n`. */
function cellText($: $, td: Element): string {
  const parts: string[] = [''];
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      parts[parts.length - 1] += (node as unknown as { data: string }).data.replace(/[\r\n\t]+/g, ' ');
      return;
    }
    if (node.type !== 'tag') return;
    const el = node as Element;
    const tag = el.tagName.toLowerCase();
    if (tag === 'br') {
      parts.push('');
      return;
    }
    const block = BLOCK.has(tag);
    if (block) parts.push('');
    for (const c of el.children) walk(c);
    if (block) parts.push('');
  };
  for (const c of td.children) walk(c);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0).join('\n');
}
