/**
 * @module structure/tail
 * The end of the 主体 and what follows it: 附件说明, 发文机关署名, 成文日期, 附注, the 附件
 * themselves, and the 版记 (抄送, 印发机关, 印发日期).
 */
import type { Block, Paragraph } from '../document.js';
import { findDates, parseFullDate } from './dates.js';
import { ATTACHMENT_LABEL, ATTACHMENT_NOTE, DISCLOSURE_NOTE, squeezeCjkSpaces } from './patterns.js';
import type { AttachmentPart, Located } from './types.js';
import { isAttachmentLabel, isPara, part, whole } from './types.js';


export interface Banji {
  start: number;
  cc: Located | null;
  printer: Located | null;
  printedDate: Located | null;
}

/** A line of the 版记: a paragraph, or a cell of the borderless table Word files use for it. */
interface BanjiLine {
  text: string;
  start: number;
  page: number | null;
  block: number;
}

function banjiLines(blocks: Block[], from: number): BanjiLine[] {
  const lines: BanjiLine[] = [];
  for (let i = blocks.length - 1; i >= from && i >= blocks.length - 6; i--) {
    const b = blocks[i] as Block;
    if (b.kind === 'paragraph') lines.push({ text: b.text, start: b.start, page: b.page, block: i });
    else {
      const cells = b.rows.flat().filter((c) => c.text.trim());
      // Only a small table whose last cell is the 印发 line is a 版记; a form is not.
      if (cells.length > 6 || !/印\s*发$/.test(cells[cells.length - 1]?.text ?? '')) break;
      for (const c of cells.reverse()) lines.push({ text: c.text, start: c.start, page: b.page, block: i });
    }
  }
  return lines;
}

const at = (l: BanjiLine, from: number, to: number, text: string): Located => ({ text, start: l.start + from, end: l.start + to, page: l.page });

/** 版记, read from the end: `XX办公厅 2024年3月29日印发`, the organ on the line before, 抄送. */
export function findBanji(blocks: Block[], from: number): Banji {
  const out: Banji = { start: blocks.length, cc: null, printer: null, printedDate: null };
  for (const l of banjiLines(blocks, from)) {
    const t = l.text;
    const date = findDates(t)[0];
    if (!out.printedDate && /印\s*发$/.test(t) && date) {
      out.printedDate = at(l, date.start, date.end, date.text);
      const org = t.slice(0, date.start).trim();
      if (org) out.printer = at(l, 0, org.length, org);
    } else if (/^抄\s*送\s*[：:]/.test(t)) {
      const colon = t.search(/[：:]/) + 1;
      const value = t.slice(colon).replace(/[。.]$/, '').trim();
      out.cc = at(l, t.indexOf(value, colon), t.indexOf(value, colon) + value.length, value);
    } else if (out.printedDate && !out.printer && isOrganLine(t)) {
      out.printer = at(l, 0, t.length, t);
    } else {
      break;
    }
    out.start = Math.min(out.start, l.block);
  }
  return out;
}

const ORGAN_END = /(?:部|委|局|厅|办|院|会|协|署|所|室|处|科|府|中心|政府|学校|大学|学院|公司|集团|委员会|办公室|办公厅)$/;

/** A line that names organs only: short, no sentence punctuation, ends like an organ. */
export function isOrganLine(text: string): boolean {
  const t = squeezeCjkSpaces(text).trim();
  return t.length >= 2 && t.length <= 60 && !/[，。：:；！？、]/.test(t) && ORGAN_END.test(t) && findDates(t).length === 0;
}

/** 成文日期 on its own line: a single full date and nothing else. */
export function isDateLine(text: string): boolean {
  const t = text.trim();
  const d = findDates(t);
  return d.length === 1 && d[0]?.to === null && parseFullDate(t) !== null && (d[0]?.text.length ?? 0) >= t.length - 1;
}

export interface Closing {
  /** Where the 正文 ends (exclusive). */
  bodyEnd: number;
  attachmentNotes: Located[];
  signature: Located[];
  signedDate: Located | null;
  notes: Located[];
  /** Where unlabeled attachment content starts after the signature, if any. */
  unlabeledStart: number | null;
}

/** Reads backwards from `end` (the first attachment label or the 版记) to find the closing. */
export function findClosing(blocks: Block[], bodyStart: number, end: number): Closing {
  const out: Closing = { bodyEnd: end, attachmentNotes: [], signature: [], signedDate: null, notes: [], unlabeledStart: null };

  let dateIdx = -1;
  for (let i = end - 1; i >= bodyStart; i--) {
    const b = blocks[i];
    if (isPara(b) && isDateLine(b.text) && isSignatureDate(blocks, i)) {
      dateIdx = i;
      break;
    }
  }
  let closeStart = end;
  if (dateIdx >= 0) {
    const d = blocks[dateIdx] as Paragraph;
    out.signedDate = whole(d);
    closeStart = dateIdx;
    for (let i = dateIdx - 1; i >= bodyStart && i >= dateIdx - 4; i--) {
      const b = blocks[i];
      if (!isPara(b) || !isOrganLine(b.text)) break;
      out.signature.unshift(whole(b));
      closeStart = i;
    }
    // After the date: 附注 lines, then attachments printed without a label.
    let j = dateIdx + 1;
    for (; j < end; j++) {
      const b = blocks[j];
      if (!isPara(b) || !DISCLOSURE_NOTE.test(b.text.trim())) break;
      out.notes.push(whole(b));
    }
    if (j < end) out.unlabeledStart = j;
  }
  // 附注 without a signature: (此件主动公开) lines at the end of the main part.
  for (let i = closeStart - 1; i >= bodyStart; i--) {
    const b = blocks[i];
    if (!isPara(b) || !DISCLOSURE_NOTE.test(b.text.trim())) break;
    out.notes.unshift(whole(b));
    closeStart = i;
  }
  const noteAt = findAttachmentNote(blocks, bodyStart, closeStart);
  if (noteAt) {
    out.attachmentNotes = noteAt.items;
    closeStart = Math.min(closeStart, noteAt.index);
    // 附注 may stand between the 附件说明 and the signature.
    for (let i = noteAt.index + noteAt.items.length; i < end; i++) {
      const b = blocks[i];
      if (isPara(b) && DISCLOSURE_NOTE.test(b.text.trim()) && !out.notes.some((n) => n.start === b.start)) out.notes.push(whole(b));
    }
  }
  out.bodyEnd = closeStart;
  return out;
}

/** The signing date sits under the organs' names, or alone at the right, or closes the 主体. */
function isSignatureDate(blocks: Block[], i: number): boolean {
  const b = blocks[i] as Paragraph;
  const prev = blocks[i - 1];
  if (b.layout?.align === 'right') return true;
  if (isPara(prev) && isOrganLine(prev.text)) return true;
  const next = blocks[i + 1];
  return next === undefined || (isPara(next) && (DISCLOSURE_NOTE.test(next.text.trim()) || isAttachmentLabel(next.text)));
}

/** 附件说明: `附件：1. XXX` and the numbered lines that follow it. */
function findAttachmentNote(blocks: Block[], from: number, to: number): { index: number; items: Located[] } | null {
  for (let i = from; i < to; i++) {
    const b = blocks[i];
    if (!isPara(b)) continue;
    const m = ATTACHMENT_NOTE.exec(b.text);
    if (!m?.[1]) continue;
    const items: Located[] = [];
    const first = m[1];
    const at = b.text.length - first.length;
    items.push(noteItem(b, at));
    for (let j = i + 1; j < to; j++) {
      const n = blocks[j];
      if (!isPara(n) || !/^\d{1,2}\s*[.．、]\s*\S/.test(n.text)) break;
      items.push(noteItem(n, 0));
    }
    return { index: i, items };
  }
  return null;
}

/** One listed attachment without its number: `1. 2024年…推荐表` → `2024年…推荐表`. */
function noteItem(b: Paragraph, at: number): Located {
  const rest = b.text.slice(at);
  const num = /^\d{1,2}\s*[.．、]\s*/.exec(rest)?.[0].length ?? 0;
  const text = rest.slice(num).replace(/[。；;，,]$/, '');
  return part(b, at + num, at + num + text.length, text);
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
  for (let i = from; i < to; i++) {
    const b = blocks[i];
    if (isPara(b) && isAttachmentLabel(b.text)) starts.push(i);
  }
  return starts.map((s, k) => {
    const stop = starts[k + 1] ?? to;
    const first = blocks[s] as Paragraph;
    const labeled = isAttachmentLabel(first.text);
    let i = labeled ? s + 1 : s;
    // A separately bound attachment may repeat the 文号 before its title; skip short non-titles.
    let title: Located | null = null;
    for (; i < stop && i < s + 3; i++) {
      const b = blocks[i];
      if (isPara(b) && b.text.length <= 80 && !/[。：:]$/.test(b.text) && !b.text.includes('。')) {
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

export const firstAttachmentLabel = (blocks: Block[], from: number, to: number): number => {
  for (let i = from; i < to; i++) {
    const b = blocks[i];
    if (isPara(b) && isAttachmentLabel(b.text)) return i;
  }
  return to;
};
