/**
 * @module structure/head
 * 版头 and the start of the 主体: 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人, 标题, 主送机关.
 */
import type { Block, Paragraph, Table } from '../document.js';
import { findDates, parseFullDate } from './dates.js';
import { organsOfLine } from './organs.js';
import { numericDate } from './tail.js';
import {
  COPY_NUMBER,
  DOC_KINDS,
  DOC_NUMBER,
  ENDS_WITH_DOC_KIND,
  docNumberOf,
  fold,
  isMetadataLabel,
  isMetadataLine,
  OUTLINE_LEVELS,
  SECRECY,
  URGENCY,
  isPageChrome,
  squeezeCjkSpaces,
  stripMarkup,
} from './patterns.js';
import type { Located, Structure } from './types.js';
import { isPara, part, whole } from './types.js';

export type Head = Pick<
  Structure,
  'copyNumber' | 'secrecy' | 'urgency' | 'issuerMark' | 'docNumber' | 'signer' | 'title' | 'recipients' | 'pageMeta'
> & {
  /** Index of the first block after the head (where the 正文 starts). */
  bodyStart: number;
};

/** How far into the document a title may start: the 版头 is at most a dozen lines. */
const HEAD_WINDOW = 14;
const MAX_TITLE_LINES = 3;

/** A title line without markup, blanks inside Chinese, and the `|` of a page copied from a table. */
const clean = (s: string): string => squeezeCjkSpaces(stripMarkup(s).replace(/^\|\s*|\s*\|$/g, ''));

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
    // Notes a page adds: a deadline, a publication date, a law site's 全文废止 / 已失效.
    if (/[：:]|\d{1,2}\s*月\s*\d{1,2}\s*日|截止|发布|废止|失效|有效/.test(b[1])) t = before;
    if (!ENDS_WITH_DOC_KIND.test(fold(stripQuotes(before)))) return { ok: false, keep: t };
    return { ok: true, keep: t };
  }
  // `转发《关于…的通知》`: a cited title closes a title only when the notice forwards it.
  if (/》$/.test(t) && !/^[^《]{0,30}转发[^《]{0,12}《/.test(fold(t))) return { ok: false, keep: t };
  return { ok: ENDS_WITH_DOC_KIND.test(fold(stripQuotes(t))), keep: t };
}
const stripQuotes = (t: string): string => t.replace(/[”"」』》]+$/, '');

/** A line that ends the head: the 主送机关, or the first sentence of the body. */
const endsHead = (b: Block): boolean => isPara(b) && !isPageChrome(b.text) && (isRecipients(b.text) || /[。]/.test(b.text));

interface TitleAt {
  from: number;
  to: number;
  text: string;
  /** Characters of the first line before the title (a 文号, a label) and of the last line after it. */
  lead: number;
  tail: number;
  /** A 文号 printed on the title's line. */
  number: { block: number; from: number; to: number } | null;
}

const INLINE_NUMBER_BEFORE = new RegExp(`^\\s*(${DOC_NUMBER.source})[\\s\\u3000]+(?=\\S)`, 'u');
const INLINE_NUMBER_AFTER = new RegExp(`[\\s\\u3000]+(${DOC_NUMBER.source})\\s*$`, 'u');
/** `发文标题: …` of a law site's metadata. */
const TITLE_LABEL = /^\s*(?:发文|文件|公文)?(?:标题|名称)\s*[：:]\s*/;
/** Text a page puts before the title on its line: an advertiser and its link. */
const LEADING_LINK = /^[^\n]{0,30}?https?:\/\/[\x21-\x7e]+?\/(?=[\u4e00-\u9fa5])/;

/**
 * The part of a line that may be (part of) a title: without a 文号 printed before or after it
 * with blanks between (`鲁国税发[2004]34号 山东省…的通知`), a `标题:` label or a leading link.
 */
function titlePart(text: string): { text: string; lead: number; tail: number; number: { from: number; to: number } | null; labelled: boolean } {
  let lead = 0;
  let tail = 0;
  let number: { from: number; to: number } | null = null;
  let labelled = false;
  const label = TITLE_LABEL.exec(text);
  if (label) {
    lead = label[0].length;
    labelled = true;
  }
  const link = LEADING_LINK.exec(text.slice(lead));
  if (link) lead += link[0].length;
  const before = INLINE_NUMBER_BEFORE.exec(text.slice(lead));
  if (before?.[1]) {
    number = { from: lead + before[0].indexOf(before[1]), to: lead + before[0].indexOf(before[1]) + before[1].length };
    lead += before[0].length;
  }
  const after = INLINE_NUMBER_AFTER.exec(text.slice(lead));
  if (after?.[1] && !number) {
    const at = lead + after.index + after[0].indexOf(after[1]);
    number = { from: at, to: at + after[1].length };
    tail = text.length - (lead + after.index);
  }
  return { text: text.slice(lead, text.length - tail), lead, tail, number, labelled };
}

/** Lines a title may stand under: page chrome, the disclosure metadata, a 文号, the red head. */
const aboveTitle = (x: Block | undefined): boolean =>
  isPara(x) && (isPageChrome(x.text) || isMetadataLine(x.text) || docNumberIn(x.text) !== null || organsOfLine(x.text.replace(/^\|\s*|\s*\|$/g, '')) !== null);

/**
 * 标题: 1–3 consecutive lines ending with a 文种 (a bracket such as （第一轮） may follow), with 关于
 * or set apart by layout, before the 主送机关 and the first sentence. A line that starts with 关于
 * starts the title: what stands above it is a page heading or the red head. A page heading
 * over page chrome and the notice's own title (`举办技术培训班的通知` … `关于举办…培训班的通知`)
 * gives way to that title.
 */
export function findTitle(blocks: Block[]): TitleAt | null {
  const found = ownTitle(blocks);
  return found ? withOrganLine(blocks, found) : headingTitle(blocks);
}

/**
 * A title printed without a 文种 (`2018上期麻山中学政治知识竞赛`, `…居民封闭期间告知书`): the first
 * line of the page (after page chrome and metadata) when it reads as a heading, a short phrase
 * with no sentence or label in it, and the text starts under it.
 */
/** What a notice's heading without a 文种 names: a kind of notice or the activity it announces. */
const HEADING_NAMES = /告知书|倡议书|启事|简章|须知|公示|公告|通告|通知|竞赛|比赛|大赛|活动|会议|论坛|讲座|培训|招聘|招生|征文|征集|征稿|评选|评比|申报|报名|展览|展演|演出|考试|答辩|安排|计划/;

export function headingTitle(blocks: Block[]): TitleAt | null {
  let i = 0;
  while (i < HEAD_WINDOW && isPara(blocks[i]) && (isPageChrome((blocks[i] as Paragraph).text) || isMetadataLine((blocks[i] as Paragraph).text))) i++;
  const b = blocks[i];
  const next = blocks[i + 1];
  if (!isPara(b) || !isPara(next)) return null;
  const t = clean(b.text);
  if (t.length < 6 || t.length > 40 || !titleLine(b.text) || /[，,、；;]/.test(t) || organsOfLine(t) !== null || !HEADING_NAMES.test(fold(t))) return null;
  if (findDates(t).some((d) => d.text.length >= t.length - 2)) return null;
  const n = next.text.trim();
  if (!(/[：:。]$/.test(n) || (n.length > 40 && /[。，,]/.test(n)))) return null;
  const lead = b.text.length - b.text.trimStart().length;
  return { from: i, to: i, text: t, lead, tail: b.text.length - lead - b.text.trim().length, number: null };
}

/**
 * `陕市监发〔2022〕108 号` / `陕西省市场监督管理局` / `关于报送…的通知`: an organ's name on its own line
 * between the 文号 and a title that starts with 关于 is the title's first line. The red head
 * (发文机关标志) stands above the 文号, never under it.
 */
export function withOrganLine(blocks: Block[], t: TitleAt): TitleAt {
  const organ = blocks[t.from - 1];
  const number = blocks[t.from - 2];
  if (t.lead > 0 || !isPara(organ) || !isPara(number) || !/^关于/.test(fold(t.text))) return t;
  const name = clean(organ.text);
  if (/文件$/.test(name) || name.length > 40 || organsOfLine(name) === null || docNumberIn(number.text) === null) return t;
  return { ...t, from: t.from - 1, text: name + t.text, lead: organ.text.length - organ.text.trimStart().length };
}

function ownTitle(blocks: Block[]): TitleAt | null {
  const first = titleFrom(blocks, 0);
  if (!first) return null;
  let j = first.to + 1;
  while (j < blocks.length && j < HEAD_WINDOW + first.to && (aboveTitle(blocks[j]) || isRepeat(blocks[j], first.text))) j++;
  const own = titleFrom(blocks, j, j + 1);
  if (!own || own.from !== j || !related(first.text, own.text)) return first;
  // `安康市教育局转发…` over the red head's `转发…`: the heading names the organ the title leaves to the red head.
  const organ = first.text.endsWith(own.text) ? first.text.slice(0, first.text.length - own.text.length) : '';
  return organ && organsOfLine(organ) !== null ? first : own;
}

const isRepeat = (b: Block | undefined, title: string): boolean => isPara(b) && clean(b.text) === title;

/** Two titles of one notice share a run of words: `举办技术培训班的通知` and `关于举办…技术培训班的通知`. */
function related(a: string, b: string): boolean {
  const x = fold(a);
  const y = fold(b);
  if (x.includes(y) || y.includes(x)) return true;
  const run = 5;
  for (let i = 0; i + run <= x.length; i++) if (y.includes(x.slice(i, i + run))) return true;
  return false;
}

function titleFrom(blocks: Block[], start: number, stop = HEAD_WINDOW): TitleAt | null {
  const limit = Math.min(blocks.length, stop);
  for (let i = start; i < limit; i++) {
    const head = blocks[i];
    if (!head || endsHead(head)) return null;
    let joined = '';
    let lead = 0;
    let tail = 0;
    let number: TitleAt['number'] = null;
    let labelled = false;
    for (let k = 0; k < MAX_TITLE_LINES && i + k < blocks.length; k++) {
      const b = blocks[i + k];
      if (!isPara(b)) break;
      const p = titlePart(b.text);
      if (!titleLine(p.text) || (k > 0 && (p.lead > 0 || labelled))) break;
      const line = clean(p.text);
      if (k > 0 && /^(?:关于|转发)/.test(fold(line))) break;
      if (k === 0) {
        lead = p.lead;
        labelled = p.labelled;
      }
      tail = p.tail;
      if (p.number) number = { block: i + k, ...p.number };
      joined += line;
      if (joined.length > 120) break;
      const firstBlock = blocks[i] as Paragraph;
      const setApart = firstBlock.layout?.align === 'center' || firstBlock.layout?.bold === true;
      const end = titleEnd(joined);
      // The first line of the notice itself (after page chrome, the 文号, the red head) is its title.
      const firstLine = blocks.slice(start, i).every(aboveTitle);
      const f = fold(joined);
      if (end.ok && (f.includes('关于') || /^转发/.test(f) || setApart || firstLine || labelled || number !== null)) {
        return { from: i, to: i + k, text: end.keep, lead, tail, number };
      }
    }
  }
  return null;
}

function titleLine(text: string): boolean {
  const t = clean(text);
  if (t.length === 0 || /[。；;！!？?：:]$/.test(t) || t.includes('。') || docNumberIn(t) !== null || isPageChrome(t) || isMetadataLine(t)) return false;
  // A red head (`北京市朝阳区卫生局文件`) stands above the title, never in it.
  if (/文\s*件$/.test(t) && organsOfLine(t) !== null) return false;
  // Numbered items, labelled lines (联系电话：…, 附件：…) and attachment lists are not titles.
  if (OUTLINE_LEVELS.some(({ re }) => re.test(t)) || /^附\s*件/.test(t)) return false;
  return !/^[^，。《“”（(]{1,8}[：:]/.test(t);
}

/** `文号: 桐水〔2021〕27号`, `【发布文号】…`, `| 文号 | 丽商务〔2025〕17号 |`: the 文号 in a page's disclosure metadata. */
const LABELLED_NUMBER = new RegExp(`(?:^|[\\s|【\\[])(?:发文|发布|文件|公文)?(?:文号|字号|编号)\\s*[：:】\\]|]?\\s*(${DOC_NUMBER.source})`, 'u');
/** `鲁国税发[2004]34号        2004-03-12`: a 文号 with the page's date beside it. */
const NUMBER_THEN_DATE = new RegExp(`^\\s*(${DOC_NUMBER.source})[\\s\\u3000]+(?:19|20)\\d{2}(?:-\\d{1,2}-\\d{1,2}|年\\d{1,2}月\\d{1,2}日)\\s*$`, 'u');

/** The 文号 of a line: the whole line, in brackets under the title (`(科协普发综字[2007]57号)`), labelled, or beside the page's date. */
function docNumberIn(text: string): { from: number; to: number } | null {
  const t = clean(text);
  if (docNumberOf(t) !== null) {
    const lead = text.length - text.trimStart().length;
    return { from: lead, to: text.trimEnd().length };
  }
  const m = /^\s*[（(]\s*(.+?)\s*[)）]\s*$/.exec(text);
  if (m?.[1] && docNumberOf(clean(m[1])) !== null) {
    const from = text.indexOf(m[1]);
    return { from, to: from + m[1].length };
  }
  const l = LABELLED_NUMBER.exec(text) ?? NUMBER_THEN_DATE.exec(text);
  if (l?.[1]) {
    const from = l.index + l[0].lastIndexOf(l[1]);
    return { from, to: from + l[1].length };
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
    pageMeta: { signedDate: null, issuer: null },
    bodyStart: 0,
  };
  const title = findTitle(blocks);
  const run = title ? null : runTogetherHead(blocks);
  if (run) {
    head.title = run.title;
    head.recipients = run.recipients;
    head.bodyStart = run.index;
    head.pageMeta = pageMetaOf(blocks.slice(0, run.index));
    return head;
  }
  let next = 0;
  if (title) {
    for (let i = 0; i < title.from; i++) readHeadBlock(blocks[i], head);
    const lines = blocks.slice(title.from, title.to + 1) as Paragraph[];
    const first = lines[0] as Paragraph;
    const last = lines[lines.length - 1] as Paragraph;
    head.title = { text: title.text, start: first.start + title.lead, end: last.end - title.tail, page: first.page };
    const n = title.number;
    const at = n ? blocks[n.block] : undefined;
    if (n && isPara(at)) head.docNumber = part(at, n.from, n.to, at.text.slice(n.from, n.to));
    next = title.to + 1;
  }
  // Under the title (or at the top without one): the 文号, page chrome, the red head of a page
  // copy and the title printed again, in any order, up to the 主送机关.
  for (; next < blocks.length && next < HEAD_WINDOW + (title ? title.to : 0); next++) {
    const b = blocks[next];
    if (!b) break;
    if (isPara(b) && (isPageChrome(b.text) || (head.title && head.title.text.endsWith(clean(b.text)) && clean(b.text).length >= 6))) continue;
    if (b.kind === 'table' && metadataTable(b, head)) continue;
    if (!title && b.kind === 'table') break;
    // Disclosure metadata: `文号` on one line and its value on the next, or `label: value` pairs.
    const value = blocks[next + 1];
    if (isPara(b) && isMetadataLabel(b.text) && isPara(value)) {
      const n = /[号编]/.test(b.text) ? docNumberIn(value.text) : null;
      if (n && !head.docNumber) head.docNumber = part(value, n.from, n.to, value.text.slice(n.from, n.to));
      next++;
      continue;
    }
    if (isPara(b) && isMetadataLine(b.text) && !docNumberIn(b.text)) continue;
    if (!readHeadBlock(b, head)) break;
  }
  const r = blocks[next];
  if (isPara(r) && isRecipients(r.text)) {
    head.recipients = part(r, 0, r.text.replace(/[：:]\s*$/, '').length, r.text.replace(/[：:]\s*$/, ''));
    next++;
  }
  head.bodyStart = next;
  head.pageMeta = pageMetaOf(blocks.slice(0, next));
  return head;
}

/** Labels of the page metadata whose value is the notice's own 成文日期 or issuing organ (not 发布日期, the page's). */
const META_DATE = /^(?:成文日期|成文时间)$/;
const META_ISSUER = /^(?:发布机构|发文机关|发文单位|发布单位|发文部门)$/;
const META_PAIR = /(成文日期|成文时间|发布机构|发文机关|发文单位|发布单位|发文部门)\s*[：:|]\s*([^\s|：:]+(?:\s\d{1,2}:\d{2}(?::\d{2})?)?)/gu;

/** A metadata value read as a located date or organ, or null when it is neither. */
function metaValue(label: string, at: Located): { date?: Located; issuer?: Located } | null {
  const v = at.text.trim();
  if (META_DATE.test(label)) {
    const d = numericDate(v.replace(/\s.*$/, '')) ?? (parseFullDate(v) !== null ? v : null);
    return d ? { date: { ...at, text: d } } : null;
  }
  if (META_ISSUER.test(label) && organsOfLine(v) !== null) return { issuer: { ...at, text: v } };
  return null;
}

/**
 * `成文日期 | 2025-02-25`, `发布机构: 市水利局`, or the label on one line and its value on the next:
 * the page metadata in the head's blocks, as a table or as lines.
 */
export function pageMetaOf(head: readonly Block[]): Head['pageMeta'] {
  const out: Head['pageMeta'] = { signedDate: null, issuer: null };
  const take = (v: { date?: Located; issuer?: Located } | null): void => {
    if (v?.date) out.signedDate ??= v.date;
    if (v?.issuer) out.issuer ??= v.issuer;
  };
  head.forEach((b, k) => {
    if (b.kind === 'table') {
      const cells = b.rows.flat();
      cells.forEach((c, i) => {
        const value = cells[i + 1];
        if (value) take(metaValue(c.text.trim(), { text: value.text, start: value.start, end: value.end, page: b.page }));
      });
      return;
    }
    const label = b.text.trim().replace(/[：:]$/, '');
    const next = head[k + 1];
    if ((META_DATE.test(label) || META_ISSUER.test(label)) && isPara(next)) take(metaValue(label, whole(next)));
    for (const m of b.text.matchAll(META_PAIR)) {
      const v = m[2] ?? '';
      const at = m.index + m[0].length - v.length;
      take(metaValue(m[1] ?? '', part(b, at, at + v.length, v)));
    }
  });
  return out;
}

const RUN_TITLE = new RegExp(`^((?:关于)[^。：:，,；;]{4,80}?(?:${DOC_KINDS}))([^。：:，,；;]{2,40})[：:]`, 'u');

/**
 * `关于举办除“四害”知识培训班的通知县直各部门:为进一步,…`: a page that ran the notice into one line;
 * its title runs straight into the 主送机关 and that into the text. The title is the 关于 phrase
 * up to a 文种 that the recipients (各…, 有关…, or organ names) and their colon follow.
 */
export function runTogetherHead(blocks: Block[]): { index: number; title: Located; recipients: Located } | null {
  let i = 0;
  while (i < HEAD_WINDOW && isPara(blocks[i]) && isPageChrome((blocks[i] as Paragraph).text)) i++;
  const b = blocks[i];
  if (!isPara(b)) return null;
  const lead = b.text.length - b.text.trimStart().length;
  const m = RUN_TITLE.exec(fold(b.text.slice(lead)));
  const [, title = '', to = ''] = m ?? [];
  if (!m || !(/^(?:有关|全体)|各/.test(to) || organsOfLine(to) !== null)) return null;
  const at = lead + title.length;
  return { index: i, title: part(b, lead, at, b.text.slice(lead, at)), recipients: part(b, at, at + to.length, b.text.slice(at, at + to.length)) };
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

/** A table of disclosure metadata (索引号 | … | 文号 | 丽商务〔2025〕17号): its 文号 is the notice's. */
function metadataTable(t: Table, head: Head): boolean {
  const cells = t.rows.flat();
  if (!cells.some((c) => isMetadataLabel(c.text))) return false;
  cells.forEach((c, k) => {
    const value = cells[k + 1];
    if (head.docNumber || !value || !/^(?:发文|发布|文件)?(?:文号|字号|编号)$/.test(c.text.trim()) || docNumberOf(value.text) === null) return;
    head.docNumber = { text: value.text.trim(), start: value.start, end: value.end, page: t.page };
  });
  return true;
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
  if (docAt && head.docNumber) return true;
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
