/**
 * @module structure/tail
 * The end of the 主体 and what follows it: 附件说明, 发文机关署名, 成文日期, 附注, and the 附件
 * themselves (read in structure/attachments; the 版记 after them: structure/banji).
 */
import type { Block, Paragraph } from '../document.js';
import { findDates } from './dates.js';
import { DISCLOSURE_NOTE, FILE_EXTENSION, isPageChrome, squeezeCjkSpaces } from './patterns.js';
import type { AttachmentNote, Located } from './types.js';
import { isPara, part, whole } from './types.js';
import { DATE_CHAR, DISCLOSURE_TAIL, isClosingMaterial, isDateLine, isOrganLine, squeezeDate, withoutDisclosure } from './line-kinds.js';
import { continuesNote, embeddedNoticeAt, findAttachmentNotes, opensTitledAttachment } from './attachments.js';


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
