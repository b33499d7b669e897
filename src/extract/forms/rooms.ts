/**
 * @module extract/forms/rooms
 * Headed rooms to write in: a form prints `一、项目的进展情况` or `个人简历` as a heading over
 * space left blank, in a cell across the table (the room inside it) or on a line between and
 * after its tables. Such a heading is a field; a heading over label/value rows or over a table
 * is not (the rows and the table are what it heads).
 */
import type { Block, Cell, Paragraph } from '../../document.js';
import { hasBoxes, HINT } from './options.js';
import { isFilledValue } from './filled.js';
import { withoutSectionNumber } from './printed.js';
import { squeezeCjkSpaces } from '../../structure/patterns.js';
import { isOpinionLabel, opinionCell, SIGNS } from './signed.js';

/** Words that instruct rather than name: who fills a part in, what must be so. */
const INSTRUCTION = /由.{0,20}填[写报]|必须|不得|^请|^注/;
const isEmpty = (c: Cell | undefined): boolean => c === undefined || c.text.trim() === '';
/** `一、`, `（二）`, `3.`: a numbered section. */
const NUMBERED = /^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)])/;

/** `字数：800字之内`, `（不超过1000字）`: how much to write in the room above. */
export const WORD_COUNT = /^(?:字\s*数\s*[：:]\s*\d+\s*字[之以]?[内下]|[（(][^（）()]*\d+\s*字[^（）()]*[）)])/;

/**
 * The words of a room's heading (`五、主要费用预算明细（列出元器件购置…）`, `个人简历`): short once
 * its number and bracketed hints are set aside, no sentence, no label and colon, nothing to sign,
 * tick or fill in.
 */
export function roomHeading(text: string): boolean {
  const spaced = withoutSectionNumber(text.replace(/\s+/g, ' ').trim()).replace(/[（(][^（）()]*[）)]/g, '').trim();
  const t = withoutSectionNumber(squeezeCjkSpaces(text.replace(/\s+/g, ' ').trim()));
  const bare = squeezeCjkSpaces(spaced);
  if (bare.length < 2 || bare.length > 40 || /[。；;：:]/.test(bare) || SIGNS.test(bare) || hasBoxes(t) || HINT.test(t) || isFilledValue(t)) return false;
  // Words apart (`如同意，建议资助 万元`, `经费使用情况 已用经费 元`) print a blank between them;
  // `以下由所属市中数会填写`, `论文的作者中必须含有项目组成员` tell the filer something.
  // (a letter-spaced label, `个 人 简 历`, sets single characters apart).
  return !/[\u4e00-\u9fa5]{2}\s+[\u4e00-\u9fa5]/.test(spaced) && !INSTRUCTION.test(bare);
}

/** The one written cell of a row, when there is one. */
const loneCell = (row: readonly Cell[]): Cell | null => {
  const filled = row.filter((c) => !isEmpty(c));
  return filled.length === 1 ? (filled[0] ?? null) : null;
};

/**
 * A cell across the table that heads the room inside it (f111 `一、自制仪器设备的目的及必要性`
 * over `二、…`, f006 `个人简历` over the 意见 cell): the row holds it alone, and the row after it
 * (if any) holds at most one cell too, so the heading heads no label/value rows.
 */
export function roomCell(rows: readonly (readonly Cell[])[], k: number): boolean {
  const row = rows[k] ?? [];
  const c = loneCell(row);
  if (!c || c !== row.find((d) => !isEmpty(d) || d.col === 0) || !roomHeading(c.text)) return false;
  const next = rows[k + 1];
  if (!next) return true;
  const under = next.filter((d) => !isEmpty(d));
  // …and that row is no blank of the section (`经费使用情况 已用经费      元` under `三、经费使用情况说明`).
  return under.length === 0 || (under.length === 1 && !/[\s\u3000](?:万?元|人|个|项|次|天)\s*$/.test(under[0]?.text ?? ''));
}

/**
 * Numbered headings on lines after a form's first table (f133 `一、题目` over `二、内容和要求…`,
 * f111 `七、项目组专家评审意见 专家组组长： 成员： 年 月 日`): a field each when nothing but the
 * next heading (or the end) follows it, or when it asks for an opinion. A heading over a table
 * (`三、起止日期及进度安排`) or over text heads that. Returns the paragraphs taken, in order.
 */
export function roomLines(blocks: readonly Block[]): Paragraph[] {
  const first = blocks.findIndex((b) => b.kind === 'table');
  if (first < 0) return [];
  const out: Paragraph[] = [];
  for (let i = first + 1; i < blocks.length; i++) {
    const b = blocks[i];
    if (b?.kind !== 'paragraph' || !NUMBERED.test(b.text)) continue;
    const t = withoutSectionNumber(b.text.replace(/\s+/g, ' ').trim());
    const next = blocks[i + 1];
    // (`字数：800字之内` under it sizes the room)
    const beforeNext = !next || (next.kind === 'paragraph' && (NUMBERED.test(next.text) || WORD_COUNT.test(next.text.trim())));
    const opinion = opinionCell(t);
    const asks = (opinion !== null && isOpinionLabel(opinion.label)) || (/^[^\s：:]{2,30}[：:]?$/.test(t) && isOpinionLabel(t));
    if ((roomHeading(b.text) && beforeNext) || asks) out.push(b);
  }
  return out;
}
