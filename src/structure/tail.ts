/**
 * @module structure/tail
 * The end of the 主体 and what follows it: 附件说明, 发文机关署名, 成文日期, 附注, and the 附件
 * themselves (the 版记 after them: structure/banji).
 */
import type { Block, Paragraph } from '../document.js';
import { findDates, parseFullDate } from './dates.js';
import { organsOfLine } from './organs.js';
import {
  ATTACHMENT_LABEL,
  ATTACHMENT_NOTE,
  DISCLOSURE_NOTE,
  DOC_NUMBER_LINE,
  ENDS_WITH_DOC_KIND,
  FILE_EXTENSION,
  isPageChrome,
  squeezeCjkSpaces,
} from './patterns.js';
import type { AttachmentNote, AttachmentPart, Located } from './types.js';
import { isAttachmentLabel, isPara, part, whole } from './types.js';


/** A line that names organs only: a signature, a red head, a 印发机关. */
export function isOrganLine(text: string): boolean {
  const t = squeezeCjkSpaces(text).trim();
  return t.length >= 2 && t.length <= 80 && organsOfLine(t) !== null;
}

/** 成文日期 on its own line: a single full date and nothing else (a (此件主动公开) may follow it). */
export function isDateLine(text: string): boolean {
  const t = squeezeDate(withoutDisclosure(text)).trim();
  const d = findDates(t);
  return d.length === 1 && d[0]?.to === null && parseFullDate(t) !== null && (d[0]?.text.length ?? 0) >= t.length - 1;
}

/** PDF text puts blanks around digits and letter O's of a date (二 OO 七年, 2023 年 4 月); a date is read without them. */
const DATE_CHAR = '[0-9０-９〇○OoＯ零一二三四五六七八九十年月日]';
const squeezeDate = (t: string): string => t.replace(new RegExp(`(?<=${DATE_CHAR})\\s+(?=${DATE_CHAR})`, 'gu'), '');

const DISCLOSURE_TAIL = /[（(]\s*此件[^（）()]{1,8}[）)]\s*$/;
const withoutDisclosure = (t: string): string => t.replace(DISCLOSURE_TAIL, '');

export interface Closing {
  /** Where the 正文 ends (exclusive). */
  bodyEnd: number;
  attachmentNotes: AttachmentNote[];
  signature: Located[];
  signedDate: Located | null;
  notes: Located[];
  /** Where unlabeled attachment content starts after the signature, if any. */
  unlabeledStart: number | null;
}

/** Lines that may follow the 成文日期 of a web copy: contacts, the 附件 list, page chrome, 附注, 版记. */
const CONTACT_LINE = /^[（(]?\s*(?:联\s*系\s*人|联系方式|联系电话|电\s*话|手\s*机|座\s*机|传\s*真|邮\s*箱|电子邮箱|电子信箱|E-?mail|地\s*址|通讯地址|邮寄地址|邮\s*编|邮政编码|QQ)/i;
const NUMBERED_ITEM = /^([0-9０-９]{1,2})\s*[.．、]\s*/;
function isClosingMaterial(b: Block | undefined): boolean {
  if (!isPara(b)) return false;
  const t = squeezeCjkSpaces(b.text).trim();
  return (
    isPageChrome(t) || DISCLOSURE_NOTE.test(t) || CONTACT_LINE.test(t) || /^附\s*件/.test(t) || NUMBERED_ITEM.test(t) ||
    FILE_EXTENSION.test(t) || /^主\s*题\s*词/.test(t) || /印\s*发$/.test(t)
  );
}

/** `责任编辑:` on one line and `雷晓琦` on the next: the value of a page-chrome label printed under it. */
function chromeValue(blocks: Block[], j: number): boolean {
  const prev = blocks[j - 1];
  const b = blocks[j];
  if (!isPara(prev) || !isPara(b)) return false;
  const label = squeezeCjkSpaces(prev.text).trim();
  const t = b.text.trim();
  return isPageChrome(label) && /[：:]$/.test(label) && t.length <= 20 && !/[。，,；;：:]/.test(t);
}

/** Lines the closing may have after the date: contacts, lists, 附注, page chrome and its values. */
const closingAt = (blocks: Block[], j: number): boolean => isClosingMaterial(blocks[j]) || continuesNote(blocks, j) || chromeValue(blocks, j);

/**
 * Pieces of a closing line a page copy ran together: split at blanks, at runs of `?` where a
 * page lost its blanks, and after a file name (`…通知.pdf科研促进部2024年9月2日`).
 */
function closingPieces(b: Paragraph): Array<{ text: string; from: number }> {
  const out: Array<{ text: string; from: number }> = [];
  // Blanks inside a date (2022 年 5月 6 日) do not split it.
  const re = new RegExp(`(?<!${DATE_CHAR})[\\s\\u3000]+|[\\s\\u3000]+(?!${DATE_CHAR})|(?:\\s*\\?){2,}\\s*|(?<=${FILE_EXTENSION.source})`, 'giu');
  let at = 0;
  const push = (to: number): void => {
    const raw = b.text.slice(at, to);
    const lead = raw.length - raw.trimStart().length;
    if (raw.trim()) out.push({ text: raw.trim(), from: at + lead });
  };
  for (const m of b.text.matchAll(re)) {
    if (m.index === at && m[0] === '') continue;
    push(m.index);
    at = m.index + m[0].length;
  }
  push(b.text.length);
  return out;
}

interface DateAt {
  index: number;
  date: Located;
  /** The signature printed on the same line before the date. */
  organ: Located | null;
  note: Located | null;
}

/** `驻马店市科技局 二○一○年九月二十五日 联系人:…`: signature and date on one line of a page copy. */
function inlineClosing(b: Paragraph, index: number): DateAt | null {
  const pieces = closingPieces(b);
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k] as { text: string; from: number };
    let dateFrom = p.from;
    let dateText = withoutDisclosure(p.text).trim();
    let organFrom = -1;
    let organTo = -1;
    if (isDateLine(p.text)) {
      // A flattened page: `…2.…推荐表 二〇一〇年一月五日 附件1: …` — the date closes the 主体 before the forms.
      const next = pieces[k + 1];
      if (next && /^附\s*件\s*[0-9０-９]{0,2}\s*[：:]?$/.test(next.text) && k > 0) {
        const dateText0 = withoutDisclosure(p.text).trim();
        return { index, date: part(b, p.from, p.from + dateText0.length, squeezeDate(dateText0)), organ: null, note: null };
      }
      for (let j = k - 1; j >= 0 && isOrganLine((pieces[j] as { text: string }).text); j--) {
        const o = pieces[j] as { text: string; from: number };
        organFrom = o.from;
        if (organTo < 0) organTo = o.from + o.text.length;
      }
    } else {
      // `科研促进部2024年9月2日`: the organ and the date run together.
      const d = findDates(dateText).at(-1);
      if (!d || d.end < dateText.length - 1 || !isOrganLine(dateText.slice(0, d.start))) continue;
      organFrom = p.from;
      organTo = p.from + d.start;
      dateFrom = p.from + d.start;
      dateText = dateText.slice(d.start);
      if (!isDateLine(dateText)) continue;
    }
    if (organFrom < 0) continue;
    const full = withoutDisclosure(b.text.slice(dateFrom)).trim();
    const note = DISCLOSURE_TAIL.exec(p.text)?.[0].trim() ?? '';
    const noteAt = note ? b.text.indexOf(note, dateFrom) : -1;
    return {
      index,
      date: part(b, dateFrom, dateFrom + Math.min(dateText.length, full.length), squeezeDate(dateText)),
      organ: part(b, organFrom, organTo, b.text.slice(organFrom, organTo)),
      note: note ? part(b, noteAt, noteAt + note.length, note) : null,
    };
  }
  return null;
}

/**
 * A date printed in figures under a signature: 2015-11-5, 2015.10.16, 2015/10/16, and run
 * together (20211116, 2007912 when only one reading is a date). Returned as 2015年11月5日.
 */
export function numericDate(text: string): string | null {
  const t = text.trim();
  const sep = /^((?:19|20)\d{2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})$/.exec(t);
  const ok = (m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= 31;
  if (sep?.[1] && sep[2] && sep[3]) return ok(Number(sep[2]), Number(sep[3])) ? `${sep[1]}年${Number(sep[2])}月${Number(sep[3])}日` : null;
  const run = /^((?:19|20)\d{2})(\d{3,4})$/.exec(t);
  if (!run?.[1] || !run[2]) return null;
  const md = run[2];
  const readings = [1, 2]
    .map((k) => [Number(md.slice(0, k)), Number(md.slice(k))] as const)
    .filter(([m, d], i) => ok(m, d) && md.length - (i + 1) <= 2);
  if (readings.length !== 1) return null;
  const [m, d] = readings[0] as readonly [number, number];
  return `${run[1]}年${m}月${d}日`;
}

function dateAt(b: Paragraph, index: number, prev?: Block): DateAt | null {
  // Figures only under the organs' names: elsewhere a bare number may be anything.
  const numeric = isPara(prev) && isOrganLine(prev.text) ? numericDate(b.text) : null;
  if (numeric) {
    const lead = b.text.length - b.text.trimStart().length;
    return { index, date: part(b, lead, lead + b.text.trim().length, numeric), organ: null, note: null };
  }
  if (isDateLine(b.text)) {
    const lead = b.text.length - b.text.trimStart().length;
    const dateText = withoutDisclosure(b.text).trim();
    const note = b.text.trim().slice(dateText.length).trim();
    const noteAt = note ? b.text.lastIndexOf(note) : -1;
    // PDF text puts blanks around digits (二 0 一五年六月十五日); the value is read without them.
    return { index, date: part(b, lead, lead + dateText.length, squeezeDate(dateText)), organ: null, note: note ? part(b, noteAt, noteAt + note.length, note) : null };
  }
  return inlineClosing(b, index);
}

/** How far back from the end the closing is looked for. */
const CLOSING_WINDOW = 30;
const MAX_SIGNATURE_LINES = 5;

/** Reads backwards from `end` (the first attachment or the 版记) to find the closing. */
export function findClosing(blocks: Block[], bodyStart: number, end: number): Closing {
  const out: Closing = { bodyEnd: end, attachmentNotes: [], signature: [], signedDate: null, notes: [], unlabeledStart: null };

  let found: DateAt | null = null;
  for (let i = end - 1; i >= bodyStart && i >= end - CLOSING_WINDOW; i--) {
    const b = blocks[i];
    if (!isPara(b)) continue;
    const d = dateAt(b, i, blocks[i - 1]);
    if (d && (d.organ || !isDateLine(b.text) || isSignatureDate(blocks, i, end))) {
      found = d;
      break;
    }
  }
  let closeStart = end;
  if (found) {
    const dateIdx = found.index;
    out.signedDate = found.date;
    if (found.note) out.notes.push(found.note);
    closeStart = dateIdx;
    if (found.organ) out.signature.push(found.organ);
    else {
      for (let i = dateIdx - 1; i >= bodyStart && i >= dateIdx - MAX_SIGNATURE_LINES; i--) {
        const b = blocks[i];
        if (isPara(b) && i === dateIdx - 1 && !isOrganLine(b.text)) {
          // The last line of the 主体 ran into the signature (a flush-left page joined them);
          // the paragraph stays in the body, the organ is the signature.
          const at = trailingOrganAt(b.text);
          if (at !== null) out.signature.unshift(part(b, at, b.text.trimEnd().length, b.text.slice(at).trim()));
          break;
        }
        if (!isPara(b) || !isOrganLine(b.text)) break;
        const lead = b.text.length - b.text.trimStart().length;
        out.signature.unshift(part(b, lead, lead + b.text.trim().length, b.text.trim()));
        closeStart = i;
      }
    }
    // After the date: 附注, contacts, the 附件 list, page chrome; then attachments printed without a label.
    let j = dateIdx + 1;
    for (; j < end; j++) {
      const b = blocks[j];
      if (isPara(b) && DISCLOSURE_NOTE.test(b.text.trim())) out.notes.push(whole(b));
      else if (opensTitledAttachment(blocks, j)) break;
      else if (!closingAt(blocks, j)) break;
    }
    if (j < end) out.unlabeledStart = j;
  } else if (trailingDate(blocks[end - 1])) {
    out.signedDate = trailingDate(blocks[end - 1]);
  } else {
    const undated = undatedSignature(blocks, bodyStart, end);
    if (undated) {
      out.signature = undated.lines;
      closeStart = undated.index;
    }
  }
  // 附注 without a signature: (此件主动公开) lines at the end of the main part.
  for (let i = closeStart - 1; i >= bodyStart; i--) {
    const b = blocks[i];
    if (!isPara(b) || !DISCLOSURE_NOTE.test(b.text.trim())) break;
    out.notes.unshift(whole(b));
    closeStart = i;
  }
  const lists = findAttachmentNotes(blocks, bodyStart, end);
  out.attachmentNotes = lists.flatMap((l) => l.items);
  const first = lists[0];
  if (first && first.index < closeStart) {
    closeStart = first.index;
    // 附注 may stand between the 附件说明 and the signature.
    for (let i = first.index + 1; i < end; i++) {
      const b = blocks[i];
      if (isPara(b) && DISCLOSURE_NOTE.test(b.text.trim()) && !out.notes.some((n) => n.start === b.start)) out.notes.push(whole(b));
    }
  }
  // A forwarded notice printed in full (附：关于…的通知, its 文号 …): its signature and date are its own.
  const embedded = embeddedNoticeAt(blocks, bodyStart, end);
  if (embedded !== null && found && found.index > embedded) {
    out.signature = [];
    out.signedDate = null;
  }
  out.bodyEnd = closeStart;
  return out;
}

/**
 * `…县爱卫办将建议所在单位给予相应处理。二〇一一年五月十七日`: a page that ran the whole notice into
 * one line ends with its date right after the last sentence.
 */
export function trailingDate(b: Block | undefined): Located | null {
  if (!isPara(b)) return null;
  const t = b.text.trimEnd();
  const m = /[。！!]\s*([^。！!\s]{6,16})$/.exec(t);
  if (!m?.[1] || !isDateLine(m[1])) return null;
  const at = t.length - m[1].length;
  return part(b, at, t.length, squeezeDate(m[1]));
}

/**
 * `…請與科學技術處聯系;聯系人:王懷英 電話: 89739013。` / `科學技術處` at the end: a signature
 * with no date under it. It closes the text (only contacts, lists, 附注 or page chrome may
 * follow) and stands under a finished sentence, so a heading or a list of units is none.
 */
export function undatedSignature(blocks: Block[], bodyStart: number, end: number): { index: number; lines: Located[] } | null {
  let i = end - 1;
  while (i > bodyStart && i >= end - CLOSING_WINDOW && closingAt(blocks, i)) i--;
  const lines: Located[] = [];
  for (; i > bodyStart && lines.length < MAX_SIGNATURE_LINES; i--) {
    const b = blocks[i];
    if (!isPara(b) || !isOrganLine(b.text)) break;
    const lead = b.text.length - b.text.trimStart().length;
    lines.unshift(part(b, lead, lead + b.text.trim().length, b.text.trim()));
  }
  const above = blocks[i];
  if (lines.length === 0 || !isPara(above) || !/(?:[。！!]|特此通知)\s*$/.test(above.text)) return null;
  return { index: i + 1, lines };
}

/**
 * `…再点击“教务信息”进入正方系统。成都工业学院教务处`, `…试点示范项目的通知东莞市经济和信息化局`:
 * where an organ's name closes a line after a sentence or a document's name, its offset.
 */
export function trailingOrganAt(text: string): number | null {
  const t = text.trimEnd();
  for (const m of t.matchAll(/(?:[。；！？]|(?:通知|通报|公告|意见|方案|办法|细则|报名表|申请表)(?![\u4e00-\u9fa5]{0,2}[）)》”]))/gu)) {
    const at = m.index + m[0].length;
    const rest = t.slice(at);
    if (rest.length >= 4 && rest.length <= 30 && isOrganLine(rest)) return at;
  }
  return null;
}

/** The signing date sits under the organs' names, or alone at the right, or closes the 主体. */
function isSignatureDate(blocks: Block[], i: number, end: number): boolean {
  const b = blocks[i] as Paragraph;
  const prev = blocks[i - 1];
  if (b.layout?.align === 'right') return true;
  if (isPara(prev) && (isOrganLine(prev.text) || trailingOrganAt(prev.text) !== null)) return true;
  // Only contacts, the 附件 list, 附注 or page chrome follow it.
  for (let j = i + 1; j < end && j <= i + 12; j++) {
    if (!closingAt(blocks, j)) return false;
  }
  return end - i <= 13;
}

/**
 * `附：` then a notice's title and its 文号 or 主送机关: the forwarding notice prints the
 * forwarded one in full. Returns the index of the `附：` line.
 */
function embeddedNoticeAt(blocks: Block[], from: number, to: number): number | null {
  for (let i = from; i < to - 2; i++) {
    const b = blocks[i];
    if (!isPara(b) || !/^附\s*(?:件)?\s*[：:]?$/.test(squeezeCjkSpaces(b.text).trim())) continue;
    const title = blocks[i + 1];
    if (!isPara(title) || !ENDS_WITH_DOC_KIND.test(squeezeCjkSpaces(title.text).trim().replace(/[》”]+$/, '')) || !/关于/.test(title.text)) continue;
    const after = blocks[i + 2];
    if (isPara(after) && (DOC_NUMBER_LINE.test(squeezeCjkSpaces(after.text).trim()) || /[：:]\s*$/.test(after.text))) return i;
  }
  return null;
}

/** The end of a listed attachment's name: a kind of document or form, a bracket, a file extension. */
const NAME_END = /(?:表|书|通知|方案|指南|名单|办法|细则|目录|说明|须知|回执|意见|报告|规则|决定|函|要点|计划|[)）》”"])$/;

/** A list line that continues the name on the line before: `1.Xx…代表队成` / `员信息汇总表`. */
function continuesNote(blocks: Block[], j: number): boolean {
  const prev = blocks[j - 1];
  const b = blocks[j];
  if (!isPara(prev) || !isPara(b)) return false;
  const p = squeezeCjkSpaces(prev.text).trim();
  const t = squeezeCjkSpaces(b.text).trim();
  if (!(/^附\s*件/.test(p) || NUMBERED_ITEM.test(p)) || NAME_END.test(p) || FILE_EXTENSION.test(p)) return false;
  return t.length <= 40 && !/[。：:，]/.test(t) && !isOrganLine(t) && !isDateLine(t) && !NUMBERED_ITEM.test(t) && !isClosingMaterial(b);
}

/** `附件2：…` / `附件1 …` on one line: a label with an attachment's name after it. */
const LABEL_WITH_NAME = /^附\s*件\s*([0-9０-９]{1,2})\s*(?:[：:]\s*|\s+)(\S.*)$/;

/** `附件：…统计表` / `附件2：…` on one line, the number optional: a label and one name. */
const LABEL_AND_NAME = /^附\s*件\s*([0-9０-９]{1,2})?\s*(?:[：:]\s*|\s+)(\S.*)$/;

/**
 * `附件:甘肃省…统计表` after the date, then the form's own lines (`填报单位: …`, its table):
 * the label and title of a printed attachment, not a line of the 附件说明.
 */
function opensTitledAttachment(blocks: Block[], i: number): boolean {
  const b = blocks[i];
  const next = blocks[i + 1];
  if (!isPara(b) || !next) return false;
  const m = LABEL_AND_NAME.exec(squeezeCjkSpaces(b.text).trim());
  if (!m?.[2] || NUMBERED_ITEM.test(m[2]) || FILE_EXTENSION.test(m[2])) return false;
  return next.kind === 'table' || (!isClosingMaterial(next) && !continuesNote(blocks, i + 1));
}

/** Label and title of an attachment's first line when both are printed on it (`附件:…统计表`). */
function labelAndTitle(first: Paragraph): { label: Located; title: Located; number: number | null } | null {
  const m = LABEL_AND_NAME.exec(first.text.trim());
  if (!m?.[2]) return null;
  const name = m[2].trimEnd();
  const from = first.text.indexOf('附');
  const at = first.text.lastIndexOf(name);
  return {
    label: part(first, from, at, first.text.slice(from, at).trim()),
    title: part(first, at, at + name.length, name),
    number: m[1] ? toNumber(m[1]) : null,
  };
}

/** `填报单位: 市(州)卫生局`: a short label and its value, a line of a form, never its title. */
export const isLabelValueLine = (text: string): boolean => /^[^：:，。]{1,8}[：:]\s*\S/.test(squeezeCjkSpaces(text).trim());

/** A label-only line that opens the 附件说明 list (numbered names or file names follow), not an attachment. */
function isListLabel(blocks: Block[], i: number): boolean {
  const next = blocks[i + 1];
  if (!isPara(next)) return false;
  const t = squeezeCjkSpaces(next.text).trim();
  return NUMBERED_ITEM.test(t) || /^[0-9０-９]{1,2}\s*[.．、]?$/.test(t) || FILE_EXTENSION.test(t);
}

/** `附件1  2022年…报名表` over the form's table: an attachment's label and title on one line. */
function isLabelOverForm(blocks: Block[], i: number): boolean {
  const b = blocks[i];
  return isPara(b) && LABEL_WITH_NAME.test(squeezeCjkSpaces(b.text).trim()) && blocks[i + 1]?.kind === 'table';
}

const toNumber = (s: string): number => Number(s.normalize('NFKC'));

/** 附件说明: every list of attachment names (`附件：1. XXX` and the lines after it), wherever it stands. */
function findAttachmentNotes(blocks: Block[], from: number, to: number): Array<{ index: number; items: AttachmentNote[] }> {
  const lists: Array<{ index: number; items: AttachmentNote[] }> = [];
  for (let i = from; i < to; i++) {
    const b = blocks[i];
    if (!isPara(b) || isLabelOverForm(blocks, i)) continue;
    const text = b.text;
    const note = ATTACHMENT_NOTE.exec(text.trim());
    const named = LABEL_WITH_NAME.exec(squeezeCjkSpaces(text).trim());
    const listLabel = isAttachmentLabel(text) && isListLabel(blocks, i);
    if (!note?.[1] && !named && !listLabel) continue;
    const items: AttachmentNote[] = [];
    if (note?.[1]) items.push(noteItem(b, text.lastIndexOf(note[1]), null));
    else if (named?.[1] && named[2]) items.push(noteItem(b, text.lastIndexOf(named[2].slice(0, 4)), toNumber(named[1])));
    let j = i + 1;
    for (; j < to; j++) {
      const n = blocks[j];
      if (!isPara(n)) break;
      const t = squeezeCjkSpaces(n.text).trim();
      const again = LABEL_WITH_NAME.exec(t);
      const last = items[items.length - 1];
      if (/^[0-9０-９]{1,2}\s*[.．、]?$/.test(t) && isPara(blocks[j + 1])) {
        // `1.` alone, the file name on the next line.
        const f = blocks[j + 1] as Paragraph;
        items.push(noteItem(f, 0, toNumber(t.replace(/\D/g, ''))));
        j++;
      } else if (NUMBERED_ITEM.test(t)) items.push(noteItem(n, 0, null));
      else if (again?.[1] && again[2]) items.push(noteItem(n, n.text.lastIndexOf(again[2].slice(0, 4)), toNumber(again[1])));
      else if (FILE_EXTENSION.test(t) && !/[。，]/.test(t)) items.push(noteItem(n, 0, null));
      else if (last && continuesNote(blocks, j)) {
        const more = noteItem(n, 0, null);
        items[items.length - 1] = { ...last, text: last.text + more.text, end: more.end };
      } else break;
    }
    if (items.length > 1) items.forEach((it, k) => (it.number ??= k + 1));
    lists.push({ index: i, items: items.filter((x) => x.text) });
    i = j - 1;
  }
  return lists;
}

/** One listed attachment: `1. 2024年…推荐表` → `2024年…推荐表`; `2.《…表》.doc` → `…表`. */
function noteItem(b: Paragraph, at: number, number: number | null): AttachmentNote {
  const rest = b.text.slice(Math.max(0, at));
  const lead = rest.length - rest.trimStart().length;
  const num = NUMBERED_ITEM.exec(rest.trimStart());
  let from = Math.max(0, at) + lead + (num?.[0].length ?? 0);
  let text = b.text.slice(from);
  const ext = FILE_EXTENSION.exec(text);
  if (ext) text = text.slice(0, ext.index);
  text = text.replace(/[\s。；;，,]+$/, '');
  if (/^《[^《》]+》$/.test(text)) {
    text = text.slice(1, -1);
    from += 1;
  }
  return { ...part(b, from, from + text.length, text), number: number ?? (num?.[1] ? toNumber(num[1]) : null) };
}

const labelNumber = (s: string): number | null => {
  const m = ATTACHMENT_LABEL.exec(squeezeCjkSpaces(s).trim());
  const n = m?.[1];
  if (!n) return null;
  const ascii = n.normalize('NFKC');
  if (/^\d+$/.test(ascii)) return Number(ascii);
  return '一二三四五六七八九十'.indexOf(n) + 1 || null;
};

/**
 * Splits [from, to) into attachments: a label line starts one, its title is the first short
 * line after it. `unlabeledStart` opens one that was printed with its title only.
 */
export function findAttachments(blocks: Block[], unlabeledStart: number | null, from: number, to: number): AttachmentPart[] {
  const starts: number[] = [];
  if (unlabeledStart !== null && unlabeledStart < from) starts.push(unlabeledStart);
  for (let i = from; i < to; i++) if (isAttachmentStart(blocks, i)) starts.push(i);
  return starts.map((s, k) => {
    const stop = starts[k + 1] ?? to;
    const first = blocks[s] as Paragraph;
    // an attachment printed without a label may start at its table: no label text then
    const named = isPara(first) && (isLabelOverForm(blocks, s) || (s === unlabeledStart && opensTitledAttachment(blocks, s))) ? labelAndTitle(first) : null;
    if (named) return { ...named, blocks: blocks.slice(s + 1, stop) };
    const labeled = isPara(first) && isAttachmentLabel(first.text);
    let i = labeled ? s + 1 : s;
    // A separately bound attachment may repeat the 文号 before its title; skip short non-titles.
    let title: Located | null = null;
    for (; i < stop && i < s + 3; i++) {
      const b = blocks[i];
      if (isPara(b) && b.text.length <= 80 && !/[。：:]$/.test(b.text) && !b.text.includes('。') && !isLabelValueLine(b.text)) {
        title = whole(b);
        i++;
        break;
      }
      if (!isPara(b)) break;
    }
    const content = blocks.slice(title ? i : labeled ? s + 1 : s, stop);
    const label = labeled ? whole(first) : null;
    const number = labeled ? labelNumber(first.text) : numberFromNotes(content);
    return { label, number, title, blocks: content };
  });
}

/** `注：附件2提交截止日期…` under an unlabeled form tells its number. */
function numberFromNotes(blocks: Block[]): number | null {
  for (const b of blocks) {
    if (!isPara(b)) continue;
    const m = /^(?:注|说明)\s*[：:]\s*附件\s*(\d{1,2})/.exec(b.text);
    if (m?.[1]) return Number(m[1]);
  }
  return null;
}

/** An attachment starts at its label (附件 / 附件2：), not at the label of the 附件说明 list. */
function isAttachmentStart(blocks: Block[], i: number): boolean {
  const b = blocks[i];
  if (!isPara(b)) return false;
  return (isAttachmentLabel(b.text) && !isListLabel(blocks, i)) || isLabelOverForm(blocks, i);
}

export const firstAttachmentLabel = (blocks: Block[], from: number, to: number): number => {
  for (let i = from; i < to; i++) if (isAttachmentStart(blocks, i)) return i;
  return to;
};
