/**
 * @module structure/head
 * 版头 and the start of the 主体: 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人, 标题, 主送机关.
 */
import type { Block, Paragraph } from '../document.js';
import {
  COPY_NUMBER,
  DOC_NUMBER_LINE,
  ENDS_WITH_DOC_KIND,
  SECRECY,
  URGENCY,
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

/** 标题: 1–3 consecutive lines ending with a 文种, with 关于 or set apart by layout. */
export function findTitle(blocks: Block[]): { from: number; to: number } | null {
  const limit = Math.min(blocks.length, HEAD_WINDOW);
  for (let i = 0; i < limit; i++) {
    let joined = '';
    for (let k = 0; k < MAX_TITLE_LINES && i + k < blocks.length; k++) {
      const b = blocks[i + k];
      if (!isPara(b) || !titleLine(b.text)) break;
      joined += clean(b.text);
      if (joined.length > 120) break;
      const first = blocks[i] as Paragraph;
      const setApart = first.layout?.align === 'center' || first.layout?.bold === true;
      if (ENDS_WITH_DOC_KIND.test(joined.replace(/[”"」』》]+$/, '')) && (joined.includes('关于') || setApart || i + k === 0)) {
        return { from: i, to: i + k };
      }
    }
  }
  return null;
}

function titleLine(text: string): boolean {
  const t = clean(text);
  return t.length > 0 && !/[。；;！!？?：:]$/.test(t) && !t.includes('。') && !DOC_NUMBER_LINE.test(t);
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
  const headEnd = title ? title.from : firstProse(blocks);

  for (let i = 0; i < headEnd; i++) readHeadBlock(blocks[i], head);

  let next = headEnd;
  if (title) {
    const lines = blocks.slice(title.from, title.to + 1) as Paragraph[];
    const first = lines[0] as Paragraph;
    const last = lines[lines.length - 1] as Paragraph;
    head.title = { text: lines.map((l) => clean(l.text)).join(''), start: first.start, end: last.end, page: first.page };
    next = title.to + 1;
  }
  // Web copies print the 发文字号 under the title.
  while (next < blocks.length) {
    const b = blocks[next];
    if (!isPara(b) || !DOC_NUMBER_LINE.test(clean(b.text)) || !readHeadBlock(b, head)) break;
    next++;
  }
  const r = blocks[next];
  if (isPara(r) && isRecipients(r.text)) {
    head.recipients = part(r, 0, r.text.replace(/[：:]\s*$/, '').length, r.text.replace(/[：:]\s*$/, ''));
    next++;
  }
  head.bodyStart = next;
  return head;
}

/** Without a title, the head ends where the first sentence starts. */
function firstProse(blocks: Block[]): number {
  const i = blocks.findIndex((b) => b.kind === 'paragraph' && /[。；，]/.test(b.text));
  return i < 0 ? 0 : Math.min(i, HEAD_WINDOW);
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
    for (const row of b.rows) {
      for (const c of row) {
        const name = clean(c.text).replace(/文件$/, '');
        if (name && name !== '文件') head.issuerMark.push({ text: name, start: c.start, end: c.end, page: b.page });
      }
    }
    return true;
  }
  const t = clean(b.text);
  const docNo = DOC_NUMBER_LINE.exec(t);
  if (docNo) {
    head.docNumber = whole(b);
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
  else if (t.length <= 60 && !/[，。：；]/.test(t)) {
    const name = t.replace(/文件$/, '');
    if (name) head.issuerMark.push({ text: name, start: b.start, end: b.end, page: b.page });
  } else return false;
  return true;
}
