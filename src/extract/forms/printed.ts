/**
 * @module extract/forms/printed
 * Small readings of what a form prints around its labels: section numbers before a label,
 * several blanks after labels in one line or cell, blanks inside the title, and the table row
 * that prints the title.
 */
import type { Cell, Span, Table } from '../../document.js';
import { BLANK, dateBlank } from './options.js';

const isEmptyCell = (c: Cell | undefined): boolean => c === undefined || c.text.trim() === '';
/** an empty blank: nothing, underscores, or a printed 年 月 日 */
export const isBlank = (v: string): boolean => v.replace(BLANK, '').replace(/[\s\u3000]/g, '') === '' || dateBlank(v) !== null;

/** `一、购置的必要性…`, `（二）预期成果`, `3. 预期成果`: the section's number is not part of its label. */
export const withoutSectionNumber = (label: string): string =>
  label.replace(/^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]|\d{1,2}\s*[、．]|\d{1,2}\.(?!\d))\s*(?=\S)/, '');

export interface BlankLabel {
  label: string;
  value: string;
  /** where the label starts in the text */
  at: number;
}

/**
 * `填报单位（盖章）：　　填报人：　　联系电话：`, a cell `申请人：      日期：`: one blank per
 * label, or null if any label has text after it (a sentence; a filled value, unless `blank` takes
 * it) or there is one label.
 */
export function blankLabels(text: string, blank: (value: string) => boolean = isBlank): BlankLabel[] | null {
  const labels = [...text.matchAll(/([^\s\u3000：:_＿，,。；;]{1,20}?(?:[（(][^（()）]{0,10}[）)])?)\s*[：:]/g)];
  if (labels.length < 2 || labels.some((m) => (m[1] ?? '').length < 2 && !/^[附注]$/.test(m[1] ?? ''))) return null;
  if (text.slice(0, labels[0]?.index ?? 0).trim() !== '') return null;
  const out: BlankLabel[] = [];
  for (const [i, m] of labels.entries()) {
    const valueEnd = labels[i + 1]?.index ?? text.length;
    const value = text.slice(m.index + m[0].length, valueEnd);
    // `具体评价意见：（对同意资助的项目，要着重指出…） 评议专家签字：`: a hint in brackets leaves the blank blank.
    if (!blank(value.replace(/^\s*[（(][^（）()]*[）)]/, ''))) return null;
    out.push({ label: m[1] ?? '', value, at: m.index });
  }
  return out;
}

/**
 * Blanks printed in a form's title, `统计表(   年度)`, `郑州轻工业学院     届毕业生…`, `2018年  月`:
 * one field each, named by the word after the blank (a year written as digits has no blank).
 */
export function titleBlanks(title: string): string[] {
  const found = new Map<number, string>();
  const word = (m: RegExpMatchArray, w: string | undefined): void => {
    if (w) found.set((m.index ?? 0) + m[0].length - w.length, w);
  };
  for (const m of title.matchAll(/(^|[^\d\s\u3000])(?:[\s\u3000]{2,}|[（(][\s\u3000]+|[_＿]{2,}|(?<=年)[\s\u3000]+)(学年|学期|年度|届|年|月)/gu)) word(m, m[2]);
  // A reader may squeeze the blank to one space: `郑州轻工业学院 届毕业生…`, `学年第 学期` (after
  // a word, not a letter-spaced title's single character), and `20 －20 学年`.
  for (const m of title.matchAll(/(?<=[^\s\d]{2})[ \u3000](学年|学期|年度|届)/gu)) word(m, m[1]);
  for (const m of title.matchAll(/20[\s\u3000]*[－—\-~][\s\u3000]*20[\s\u3000]+(学年)/gu)) word(m, m[1]);
  return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w);
}

/** A table's rows without the cell that prints the form's title (`资格评定表 |  |  | 评估意见：…`). */
export function withoutTitle(t: Table, title: Span | null): Cell[][] {
  if (!title) return t.rows;
  const inTitle = (c: Cell): boolean => c.start >= title.start && c.end <= title.end && c.text.trim() !== '';
  return t.rows
    .map((r) => (r.some(inTitle) ? r.filter((c) => !inTitle(c)) : r))
    .filter((r, k) => !(t.rows[k]?.some(inTitle) && r.every(isEmptyCell)));
}

/** `采购执行部门核准采购方式： □公开招标 □邀请招标`: a label, its colon, then boxes to tick. */
export function labelAndBoxes(text: string): { label: string; options: string } | null {
  const m = /^([^□☐：:\n]{1,30}?)\s*[：:]\s*([□☐][\s\S]*)$/.exec(text.trim());
  return m?.[1] && m[2] ? { label: m[1].trim(), options: m[2] } : null;
}

/**
 * `填报单位: 市(州)卫生局`, `县（市、区）教育局`: a kind of organ whose place is left out, the
 * level with its alternatives printed where the name goes: the blank is the place's name.
 */
export const isPlaceTemplate = (value: string): boolean => /^[省市县区州乡镇](?:[（(][^（）()]{1,8}[）)])[\u4e00-\u9fa5]{0,12}$/.test(value.trim());

export interface Question {
  label: string;
  /** the printed answers to tick, empty for a blank to write in */
  options: string;
  at: number;
}

/** `文献综述质量：  好 □；  较好 □；  中 □；  差 □`: a question, its colon, its boxes. */
const BOXED_QUESTION = /(?<=^|[\s；;。，,）)])(?:\d{1,2}\s*[.．、]\s*)?([^\s：:；;。，,□☐（）()][^：:；;。□☐]{1,40}?)\s*[：:]\s*((?:[^：:□☐。；;]{0,12}?\s*[□☐]\s*[；;，,、]?\s*)+)/gu;
/** `完成工作量情况： 50%以上（  ）  50%左右（  ）  30%以上（  ）`: a question whose choices each have brackets to tick */
const PAREN_QUESTION = /(?<=^|[\s；;。，,）)])([^\s：:；;。，,□☐（）()\d][^\s：:；;。，,□☐（）()]{1,20})\s*[：:]\s*((?:[^\s：:（）()][^：:（）()]{0,11}?\s*[（(]\s*[）)]\s*){2,})/gu;
/** `预计完成时间：     年   月   日`: a question whose blank is a date */
const DATE_QUESTION = /(?<=^|[\s；;。，,）)”"])([^\s：:；;。，,□☐（）()\d][^\s：:；;。，,□☐（）()]{1,20})\s*[：:]\s*年\s*月\s*日/gu;
/** `每周平均工作时间            ；`, `每周与指导教师见面      次。`: a blank inside a sentence, closed by ； or 。 */
const BLANK_QUESTION = /(?<=^|[\s；;。，,）)])(?:\d{1,2}\s*[.．、]\s*)?([^\s：:；;。，,□☐（）()\d][^\s：:；;。，,□☐]{1,20})[ \u3000]+(?:次|个|天|小时|人)?(?=[；;。])/gu;

/**
 * A cell that asks several questions (a 质量检查表's `1.文献查阅、调研工作情况： 文献查阅与资料综述
 * 情况：好 □；较好 □ … 文献综述质量：好 □ …`): each question with its boxes, each blank closed by
 * ； or 。. Null for fewer than two: a cell of one question is read as a label and its options.
 */
export function questionsIn(text: string): Question[] | null {
  const t = text.replace(/\n/g, ' ');
  const out: Question[] = [];
  for (const m of t.matchAll(BOXED_QUESTION)) if (m[1] && m[2]) out.push({ label: m[1].trim(), options: m[2], at: m.index });
  for (const m of t.matchAll(BLANK_QUESTION)) if (m[1]) out.push({ label: m[1].trim(), options: '', at: m.index });
  // `完成工作量情况： 50%以上（  ）  50%左右（  ）`: each choice before its brackets to tick.
  for (const m of t.matchAll(PAREN_QUESTION)) if (m[1] && m[2]) out.push({ label: m[1].trim(), options: m[2].replace(/[（(]\s*[）)]/g, ' ').replace(/\s+/g, ' ').trim(), at: m.index });
  // `预计完成时间：     年   月   日 之前`: a date to write.
  for (const m of t.matchAll(DATE_QUESTION)) if (m[1]) out.push({ label: m[1].trim(), options: '', at: m.index });
  out.sort((a, b) => a.at - b.at);
  return out.length >= 2 ? out : null;
}
