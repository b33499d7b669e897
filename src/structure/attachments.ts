/**
 * @module structure/attachments
 * The 附件说明 list (numbered names, wherever it stands) and the 附件 themselves: where each
 * attachment starts, its label, number and title, and a forwarded notice printed after `附：`.
 */
import type { Block, Paragraph } from '../document.js';
import { ATTACHMENT_LABEL, ATTACHMENT_NOTE, DOC_NUMBER_LINE, ENDS_WITH_DOC_KIND, FILE_EXTENSION, squeezeCjkSpaces } from './patterns.js';
import type { AttachmentNote, AttachmentPart, Located } from './types.js';
import { isAttachmentLabel, isPara, part, whole } from './types.js';
import { isClosingMaterial, isDateLine, isOrganLine, NUMBERED_ITEM } from './line-kinds.js';

/**
 * `附：` then a notice's title and its 文号 or 主送机关: the forwarding notice prints the
 * forwarded one in full. Returns the index of the `附：` line.
 */
export function embeddedNoticeAt(blocks: Block[], from: number, to: number): number | null {
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
export function continuesNote(blocks: Block[], j: number): boolean {
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
export function opensTitledAttachment(blocks: Block[], i: number): boolean {
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
export function findAttachmentNotes(blocks: Block[], from: number, to: number): Array<{ index: number; items: AttachmentNote[] }> {
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
