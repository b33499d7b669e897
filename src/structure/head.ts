/**
 * @module structure/head
 * 版头 and the start of the 主体: 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人, 标题, 主送机关.
 */
import type { Block, Paragraph } from '../document.js';
import { organsOfLine } from './organs.js';
import {
  COPY_NUMBER,
  DOC_NUMBER_LINE,
  ENDS_WITH_DOC_KIND,
  OUTLINE_LEVELS,
  SECRECY,
  URGENCY,
  isPageChrome,
  squeezeCjkSpaces,
  stripMarkup,
} from './patterns.js';
import type { Structure } from './types.js';
import { isPara, part, whole } from './types.js';

export type Head = Pick<
  Structure,
  'copyNumber' | 'secrecy' | 'urgency' | 'issuerMark' | 'docNumber' | 'signer' | 'title' | 'recipients'
> & {
  /** Index of the first block after the head (where the 正文 starts). */
  bodyStart: number;
};

/** How far into the document a title may start: the 版头 is at most a dozen lines. */
const HEAD_WINDOW = 14;
const MAX_TITLE_LINES = 3;

const clean = (s: string): string => squeezeCjkSpaces(stripMarkup(s));

/**
 * A bracket after the 文种: kept when it belongs to the title (（第一轮）, （试行）), dropped when a
 * web page added a note to it (（截止时间:8月8日）).
 */
const TRAILING_BRACKET = /[（(【\[]([^（）()【】\[\]]{1,24})[)）】\]]$/;
function titleEnd(joined: string): { ok: boolean; keep: string } {
  let t = joined;
  const b = TRAILING_BRACKET.exec(t);
  if (b?.[1] !== undefined) {
    const before = t.slice(0, b.index);
    if (/[：:]|\d{1,2}\s*月\s*\d{1,2}\s*日|截止|发布/.test(b[1])) t = before;
    if (!ENDS_WITH_DOC_KIND.test(stripQuotes(before))) return { ok: false, keep: t };
    return { ok: true, keep: t };
  }
  // `转发《关于…的通知》`: a cited title closes a title only when the notice forwards it.
  if (/》$/.test(t) && !/^(?:关于)?转发/.test(t)) return { ok: false, keep: t };
  return { ok: ENDS_WITH_DOC_KIND.test(stripQuotes(t)), keep: t };
}
const stripQuotes = (t: string): string => t.replace(/[”"」』》]+$/, '');

/** A line that ends the head: the 主送机关, or the first sentence of the body. */
const endsHead = (b: Block): boolean => isPara(b) && (isRecipients(b.text) || /[。]/.test(b.text));

/**
 * 标题: 1–3 consecutive lines ending with a 文种 (a bracket such as （第一轮） may follow), with 关于
 * or set apart by layout, before the 主送机关 and the first sentence. A line that starts with 关于
 * starts the title: what stands above it is a page heading or the red head.
 */
export function findTitle(blocks: Block[]): { from: number; to: number; text: string } | null {
  const limit = Math.min(blocks.length, HEAD_WINDOW);
  for (let i = 0; i < limit; i++) {
    const head = blocks[i];
    if (!head || endsHead(head)) return null;
    let joined = '';
    for (let k = 0; k < MAX_TITLE_LINES && i + k < blocks.length; k++) {
      const b = blocks[i + k];
      if (!isPara(b) || !titleLine(b.text)) break;
      const line = clean(b.text);
      if (k > 0 && /^(?:关于|转发)/.test(line)) break;
      joined += line;
      if (joined.length > 120) break;
      const first = blocks[i] as Paragraph;
      const setApart = first.layout?.align === 'center' || first.layout?.bold === true;
      const end = titleEnd(joined);
      // The first line of the notice itself (after page chrome, the 文号, the red head) is its title.
      const firstLine = blocks.slice(0, i).every((x) => isPara(x) && (isPageChrome(x.text) || docNumberIn(x.text) !== null || organsOfLine(x.text) !== null));
      if (end.ok && (joined.includes('关于') || /^转发/.test(joined) || setApart || firstLine)) {
        return { from: i, to: i + k, text: end.keep };
      }
    }
  }
  return null;
}

function titleLine(text: string): boolean {
  const t = clean(text);
  if (t.length === 0 || /[。；;！!？?：:]$/.test(t) || t.includes('。') || DOC_NUMBER_LINE.test(t) || isPageChrome(t)) return false;
  // Numbered items, labelled lines (联系电话：…, 附件：…) and attachment lists are not titles.
  if (OUTLINE_LEVELS.some(({ re }) => re.test(t)) || /^附\s*件/.test(t)) return false;
  return !/^[^，。《“”（(]{1,8}[：:]/.test(t);
}

/** `(科协普发综字[2007]57号)`: a 文号 printed in brackets under the title. */
function docNumberIn(text: string): { from: number; to: number } | null {
  const t = clean(text);
  if (DOC_NUMBER_LINE.test(t)) return { from: 0, to: text.length };
  const m = /^\s*[（(]\s*(.+?)\s*[)）]\s*$/.exec(text);
  if (m?.[1] && DOC_NUMBER_LINE.test(clean(m[1]))) {
    const from = text.indexOf(m[1]);
    return { from, to: from + m[1].length };
  }
  return null;
}

export function findHead(blocks: Block[]): Head {
  const head: Head = {
    copyNumber: null,
    secrecy: null,
    urgency: null,
    issuerMark: [],
    docNumber: null,
    signer: null,
    title: null,
    recipients: null,
    bodyStart: 0,
  };
  const title = findTitle(blocks);
  let next = 0;
  if (title) {
    for (let i = 0; i < title.from; i++) readHeadBlock(blocks[i], head);
    const lines = blocks.slice(title.from, title.to + 1) as Paragraph[];
    const first = lines[0] as Paragraph;
    const last = lines[lines.length - 1] as Paragraph;
    head.title = { text: title.text, start: first.start, end: last.end, page: first.page };
    next = title.to + 1;
  }
  // Under the title (or at the top without one): the 文号, page chrome, the red head of a page
  // copy and the title printed again, in any order, up to the 主送机关.
  for (; next < blocks.length && next < HEAD_WINDOW + (title ? title.to : 0); next++) {
    const b = blocks[next];
    if (!b) break;
    if (isPara(b) && (isPageChrome(b.text) || (head.title && head.title.text.endsWith(clean(b.text)) && clean(b.text).length >= 6))) continue;
    if (!title && b.kind === 'table') break;
    if (!readHeadBlock(b, head)) break;
  }
  const r = blocks[next];
  if (isPara(r) && isRecipients(r.text)) {
    head.recipients = part(r, 0, r.text.replace(/[：:]\s*$/, '').length, r.text.replace(/[：:]\s*$/, ''));
    next++;
  }
  head.bodyStart = next;
  return head;
}

/** 主送机关: one line of organs ending with a colon, no sentence in it. */
export function isRecipients(text: string): boolean {
  return (
    /[：:]\s*$/.test(text) &&
    !text.includes('。') &&
    text.length <= 400 &&
    !/^(?:附件|联系|电话|地址|邮箱|说明|注|为|根据|按照|依据|经|现将|特)/.test(text) &&
    !/如下\s*[：:]\s*$/.test(text)
  );
}

/** Reads one 版头 element into `head`; false when the block is none of them. */
function readHeadBlock(b: Block | undefined, head: Head): boolean {
  if (!b) return false;
  if (b.kind === 'table') {
    // Red heads laid out as a borderless table: organ names in cells, 文件 beside them.
    const cells = b.rows.flat().map((c) => ({ c, name: clean(c.text).replace(/文件$/, '') })).filter((x) => x.name);
    if (cells.length === 0 || !cells.every((x) => organsOfLine(x.name) !== null)) return false;
    for (const { c, name } of cells) head.issuerMark.push({ text: name, start: c.start, end: c.end, page: b.page });
    return true;
  }
  const t = clean(b.text);
  const docAt = docNumberIn(b.text);
  if (docAt) {
    head.docNumber = part(b, docAt.from, docAt.to, b.text.slice(docAt.from, docAt.to));
    const signer = /签\s*发\s*人\s*[：:]\s*(\S.*)$/.exec(b.text);
    if (signer?.[1]) {
      const at = b.text.indexOf(signer[1]);
      head.signer = part(b, at, at + signer[1].length, signer[1].trim());
    }
    return true;
  }
  if (COPY_NUMBER.test(t)) head.copyNumber = whole(b);
  else if (SECRECY.test(t)) head.secrecy = whole(b);
  else if (URGENCY.test(t)) head.urgency = whole(b);
  else if (t.length <= 60 && organsOfLine(b.text) !== null) {
    // 发文机关标志: organ names only; a 主送 line, page chrome or a heading is none.
    head.issuerMark.push({ text: t.replace(/文件$/, ''), start: b.start, end: b.end, page: b.page });
  } else return false;
  return true;
}
