/**
 * @module extract/forms/field
 * One field of a printed form, read from its label and the blank beside it: the title, a hint
 * in brackets as its description, options, a unit, whether it is required, signed or to tick, and
 * the cell or line it came from. The layout (layout.ts) decides which cells and lines are labels.
 */
import type { Cell, Paragraph, Span, Table } from '../../document.js';
import { squeezeCjkSpaces } from '../../structure/patterns.js';
import { BLANK, dateBlank, HINT, hasBoxes, looksLikeOptions, parseOptions, slashOptions } from './options.js';
import { isOpinionLabel, opinionCell, signNote, SIGNS, signParts, type SignParts } from './signed.js';
import { labelBeforeWritten } from './filled.js';
import { labelAndBoxes, withoutSectionNumber } from './printed.js';

export interface FieldOrigin {
  /** the label's place in the text */
  span: Span;
  /** the label's table cell; null for a line above or below the table */
  table: Table | null;
  row: number | null;
  col: number | null;
}

export interface Field {
  title: string;
  description: string | null;
  options: string[];
  /** marked `*` / `※` / （必填） */
  required: boolean;
  /** unit printed on the group or column (`单位：万元`) */
  unit: string | null;
  /** one box to tick, printed with its word and no row label (`初中 □`, `（初中□、高中□）`) */
  tick?: boolean;
  /** an opinion cell: what it asks for besides the opinion (signed.ts) */
  signed?: SignParts;
  origin: FieldOrigin;
}

export interface Group {
  title: string;
  fields: Field[];
  origin: FieldOrigin;
}

/** A column of a grid, or a group of columns under a spanning header cell. */
export type Column = { kind: 'field'; field: Field } | { kind: 'group'; group: Group };

export interface Rows {
  title: string;
  /** the sentence that limits the rows (`推荐活动数量不超过 5 项`), if any */
  description: string | null;
  columns: Column[];
  maxItems: number;
  origin: FieldOrigin;
}

export type Item = { kind: 'field'; field: Field } | { kind: 'group'; group: Group } | { kind: 'rows'; rows: Rows };

export interface FormLayout {
  items: Item[];
  /** 盖章 / 公章 printed in the form */
  sealRequired: boolean;
}

export const isEmptyCell = (c: Cell | undefined): boolean => c === undefined || c.text.trim() === '';
const REQUIRED = /^[*＊※]|[*＊※]$|[（(]\s*必填\s*[）)]/;
export const SEAL = /盖\s*章|公\s*章|签\s*章/;
/** A totals row: 合计, or the whole it sums up first (市州合计, 全市总计). */
export const TOTAL = /^[\u4e00-\u9fa5]{0,4}?(?:合\s*计|总\s*计|小\s*计)$/;

export const cellOrigin = (t: Table, c: Cell): FieldOrigin => ({ span: { start: c.start, end: c.end }, table: t, row: c.row, col: c.col });
/** A place outside any table: a line, part of a line, or the form's title. */
export const textOrigin = (start: number, end: number): FieldOrigin => ({ span: { start, end }, table: null, row: null, col: null });
export const lineOrigin = (p: Paragraph): FieldOrigin => textOrigin(p.start, p.end);

/** `实物投入情况\n（如：捐赠图书…）` → title 实物投入情况, description 如：捐赠图书…; units stay in the title. */
export function splitLabel(raw: string): { title: string; description: string | null } {
  const joined = squeezeCjkSpaces(raw.replace(/\n/g, ' ')).replace(/\s+/g, ' ').trim();
  const m = /^(.*?)[ ]?[（(]([^（()）]*)[）)]$/.exec(joined);
  if (m?.[1] && m[2] !== undefined && !/单位[：:]/.test(m[2])) return { title: m[1].trim(), description: m[2].trim() || null };
  return { title: joined, description: null };
}

/** `活动经费投入数量（单位：万元）` → 万元. */
export function unitOf(label: string): string | null {
  return /单位\s*[：:]\s*([^）)\s]+)/.exec(label)?.[1] ?? null;
}

/** A word and its one box: `初中   □`, `□初中`. */
export const TICK = /^(?:[□☐]\s*([^\s□☐]{1,12})|([^\s□☐]{1,12})\s*[□☐])$/;
/** `（初中□、高中□）` on its own line: boxes to tick with no row label, each a field. */
export function tickLine(p: Paragraph): Field[] | null {
  const inner = p.text.trim().replace(/^[（(](.*)[）)]$/, '$1');
  const items = inner.split(/[、，,；;]|\s+/).map((x) => x.trim()).filter(Boolean);
  if (items.length < 2 || !items.every((x) => TICK.test(x))) return null;
  return items.map((x) => fieldFrom(x, '', lineOrigin(p)));
}


/** `[未通过][通过]`: words in square brackets, each a box to tick. */
export function bracketTicks(text: string): string[] | null {
  const t = text.trim();
  return /^(?:\[[^[\]\s]{1,8}\]\s*){2,}$/.test(t) ? [...t.matchAll(/\[([^[\]]+)\]/g)].map((m) => m[1] ?? '') : null;
}

export function fieldFrom(label: string, value: string, origin: FieldOrigin, unit: string | null = null): Field {
  const written = labelBeforeWritten(label);
  if (written) return fieldFrom(written, '', origin, unit);
  const required = REQUIRED.test(label.trim());
  // `_______________存档日期(YYYY/MM/DD)`: the blank printed before its label.
  const cleaned = withoutSectionNumber(label.trim().replace(/^(?:_{2,}|＿{2,})\s*(?=\S)/, '')).replace(/^[*＊※]\s*|\s*[*＊※]$/g, '').replace(/[（(]\s*必填\s*[）)]/, '');
  // `附：  □会议记要 □总结 □会议论文集`: the label and its options in one cell.
  const boxed = labelAndBoxes(cleaned);
  if (boxed) return { ...fieldFrom(boxed.label, '', origin, unit), options: parseOptions(boxed.options) };
  const opinion = opinionCell(cleaned);
  // `论文内容摘要（200字以内）：`: the colon after a label cell is not part of it.
  const split = splitLabel((opinion?.label ?? cleaned).replace(/\s*[：:]$/, ''));
  const title = split.title;
  const description = [split.description, opinion?.note].filter(Boolean).join('；') || null;
  const signs = opinion && isOpinionLabel(title) ? signParts(cleaned.slice(cleaned.indexOf(opinion.label) + opinion.label.length)) : null;
  const base: Field = { title, description, options: (split.description && slashOptions(title, split.description)) || [], required, unit: unit ?? unitOf(title), origin, ...(signs ? { signed: signs } : {}) };
  const ticked = TICK.exec(title);
  if (ticked) return { ...base, title: (ticked[1] ?? ticked[2] ?? '').trim(), tick: true };
  const v = value.trim();
  if (!v || (BLANK.test(v) && v.replace(BLANK, '').trim() === '')) return base;
  // `项目负责人签字： 年 月 日` in the value cell: signed and dated under the text written there.
  if (SIGNS.test(v) && !hasBoxes(v)) {
    const parts = isOpinionLabel(title) ? signParts(v) : null;
    return { ...base, description: [description, signNote(v)].filter(Boolean).join('；') || null, ...(parts ? { signed: parts } : {}) };
  }
  // `    年   月   日` printed in the blank: a date (or a month) to write in.
  const dated = dateBlank(v);
  if (dated) return { ...base, description: [description, dated].filter(Boolean).join('；') };
  if (HINT.test(v)) return { ...base, description: [description, v.slice(1, -1).trim()].filter(Boolean).join('；') };
  if (looksLikeOptions(v)) return { ...base, options: parseOptions(v) };
  return { ...base, description: [description, v].filter(Boolean).join('；') };
}

/** `（公章） 年 月 日`, `年 月 日`: where the cell before it is signed, sealed and dated, no label of its own. */
export const signOnly = (text: string): boolean => {
  const t = text.replace(/[（(]\s*(?:盖\s*章|公\s*章|签\s*章|签\s*名|签\s*字)\s*[）)]/g, '').trim();
  // `年 | 月 | 日至 | 年 | 月 | 日`: a date printed one part per cell.
  if (/^(?:[年月日]|日\s*至|至)$/.test(t)) return true;
  return t === '' ? SIGNS.test(text) : dateBlank(t) !== null;
};
