/**
 * @module extract/forms/layout
 * Reads how a printed form is laid out into fields, each with the cell or line it came from.
 * Two table shapes occur in notices:
 * - a grid: a header row of labels over numbered empty rows (推荐表) → repeating rows;
 * - label/value rows (备案表, 统计表): a label cell followed by an empty cell, where a label
 *   spanning several rows groups the rows beside it (经费投入 over 中央/省级/…) → a group.
 * Lines above the table (`单位名称：____`, a question followed by its options, `各区、各有关部门
 * （盖章）：`) are fields too; a 盖章/公章 anywhere in the form means it must be sealed.
 */
import type { Cell, Paragraph, Table } from '../../document.js';
import type { AttachmentPart } from '../../structure/types.js';
import { squeezeCjkSpaces } from '../../structure/patterns.js';
import { HINT, hasBoxes, looksLikeOptions, parseOptions } from './options.js';
import { isOpinionLabel, opinionAndSigner, opinionCell, SIGNS } from './signed.js';
import { besideLabel } from './beside.js';
import { isFilledValue, labelBeforeWritten } from './filled.js';
import { blankLabels, questionsIn, titleBlanks, withoutSectionNumber, withoutTitle } from './printed.js';

import { bracketTicks, cellOrigin, fieldFrom, isEmptyCell, lineOrigin, SEAL, signOnly, splitLabel, textOrigin, TICK, TOTAL, unitOf, type Column, type Field, type FieldOrigin, type FormLayout, type Group, type Item, type Rows } from './field.js';
import { headerItems, PIPE_ROW, rowLimit, sectionItems, type RowLimit } from './lines.js';
import { roomCell, roomLines } from './rooms.js';

export { opinionCell } from './signed.js';
export { isPlaceTemplate } from './printed.js';

/**
 * The role heading one member's row or column of a team roster (`队长`, `队员2`, `团队成员`,
 * `第一指导老师`): printed to tell the members apart, never a question.
 */
const ROSTER_ROLE = /^(?:(?:团队|参赛)?(?:队长|队员|组长|组员|成员)\s*\d{0,2}|第[一二三四五1-5]\s*(?:指导)?(?:老师|教师|作者))(?:[（(][^（）()]{0,10}[）)])?$/;
/** `团队信息`, `指导老师信息`: a heading naming a part of the form. */
const SECTION = /^[\u4e00-\u9fa5]{0,8}信息[：:]?$/;
/** `中 文`, `个 人 简 历`: one word printed with its characters set apart. */
const LETTER_SPACED = /^[\u4e00-\u9fa5](?:\s+[\u4e00-\u9fa5])+$/;
/** `辅导员意见：（是否同意派出） 签名： 年 月 日`: a cell that labels, signs and dates its own opinion. */
const ownOpinion = (text: string): boolean => {
  const o = /^[^\s：:]{2,20}[：:]/.test(text.trim()) ? opinionCell(text) : null;
  // (`推荐理由（…）： （盖章）` after `单位推荐` is what that label asks, its value)
  return !!o && isOpinionLabel(o.label) && /(?:意见|评语|评价|结论|批示)$/.test(o.label);
};
/** `由网络中心填写`, `由学院填报`: a cell that says who fills the blank in. */
const FILLED_BY = /^[（(]?(?:以下|此栏|本栏)?由[^，。；]{1,20}填[写报][）)]?$/;

const SERIAL = /^(?:序\s*号|编\s*号|No\.?)$/i;
/** the first cell of a printed sample row */
const SAMPLE_ROW = /^(?:示\s*范|示\s*例|样\s*例|范\s*例|例)\s*[:：]?$/;

/**
 * Grid: a header over rows that hold nothing but numbers and hints. The header may take two
 * rows: `参赛学生` spanning 姓名 / 年级 / 性别 beneath it, beside 序号 and 作品名称 spanning both
 * rows; the columns under a spanning cell become a nested object of each row.
 */
/** a row number as printed down a grid: 1, 2 … 30, and the `…` that stands for more */
const ROW_NUMBER = /^(?:\d{1,3}|[…⋯]+|\.{3,})$/;

/** A grid, and the rows under it that are not its rows (an approval line closing a list). */
interface GridParts {
  item: Item;
  rest: Cell[][];
}

/**
 * A grid row someone filled in (`朱子琦 | 研究生二年级 | 团队负责人 | 18201603482 | 7562…@qq.com`):
 * two or more cells written, at least two in five of them plainly values (names, numbers, e-mails).
 */
function writtenRow(r: Cell[]): boolean {
  const filled = r.filter((c) => !isEmptyCell(c));
  return filled.length >= 2 && filled.filter((c) => isFilledValue(c.text)).length * 5 >= filled.length * 2;
}

function gridItem(t: Table, title: string, origin: FieldOrigin, limit: RowLimit | null, all: Cell[][] = t.rows): GridParts | null {
  const first = all[0];
  if (!first) return null;
  // Rows to fill hold nothing but a number, a hint, or the boxes of a choice (`□是 □否`) to tick.
  const fillable = (c: Cell): boolean => isEmptyCell(c) || ROW_NUMBER.test(c.text.trim()) || HINT.test(c.text.trim()) || hasBoxes(c.text) || isFilledValue(c.text) || FILLED_BY.test(c.text.trim());
  // A second header row holds labels only; a row span over fillable rows (a text copy's empty
  // first column read as a span) does not make one.
  const second = all[1];
  // A first row of wide cells only (`报名单位填写 | 组委会填写` over the labels, f005) heads the labels under each.
  const grouping = (second?.length ?? 0) >= 3 && first.every((c) => (second ?? []).filter((d) => d.col >= c.col && d.col < c.col + c.colSpan).length >= 2);
  const depth = (Math.max(...first.map((c) => c.rowSpan)) >= 2 || grouping) && second?.length && !second.some(fillable) ? 2 : 1;
  if (depth === 1 && first.length < 3) return null;
  // A ragged text copy laid out as a table pads its short rows with empty cells at the end.
  const top = first.slice(0, first.findLastIndex((c) => !isEmptyCell(c)) + 1);
  if (depth === 1 && second && (first.some(isEmptyCell) || isEmptyCell(second[0]))) {
    // the text copy's two header rows: the rows to fill start under the second one
    const spread = top.some(isEmptyCell) || !isEmptyCell(second[0]) ? groupsOverLabels(t, first, second) : droppedSpans(t, top, second);
    if (spread) return gridItem2(all, title, origin, limit, spread, fillable);
  }
  // A totals row (合计 / 总计) at the bottom is computed, not filled in row by row.
  // A printed sample row (`示范 | 国内重要刊物 | …`) shows how to fill in, it is not one to fill.
  const below = all.slice(depth).filter((r) => !TOTAL.test(r[0]?.text.trim() ?? '') && !SAMPLE_ROW.test(r[0]?.text.trim() ?? ''));
  // The grid's rows run while they are fillable; what follows them (`院党委副书记审批(签字):`)
  // is read as label/value rows, when enough rows came first to make a grid.
  const run = below.findIndex((r) => !r.every(fillable) && !writtenRow(r));
  const rows = run < 0 ? below : below.slice(0, run);
  if (run >= 0 && run < 3) return null;
  // An unlabelled header cell heads the row numbers (`  | 单位 | 姓名 …` over `1 |  | …`); any other empty header cell means no grid.
  const numbers = (c: Cell): boolean => rows.every((r) => r.filter((d) => d.col === c.col).every((d) => isEmptyCell(d) || ROW_NUMBER.test(d.text.trim())));
  const hintFor = (c: Cell): string => rows[0]?.find((d) => d.col === c.col && (HINT.test(d.text.trim()) || hasBoxes(d.text)))?.text ?? '';
  // A header names what to write: a first row holding what was written (`姓名 | 王思琪 | …`) is label/value rows.
  if (first.some((c) => (isEmptyCell(c) && !numbers(c)) || isFilledValue(c.text))) return null;
  // A header with no rows under it (an Excel 汇总表 to fill) prints labels only: a lone row of
  // blanks (`起止日期： |  | 年 |  | 月`) is not one.
  if (rows.length === 0 && first.some((c) => isEmptyCell(c) || signOnly(c.text) || /[：:]\s*$/.test(c.text))) return null;
  // A column printed in every row (f124 `项目序号 | 分值` beside `自评得分 | 他评得分`) says what
  // each row is about, when other columns are left blank in every row: nothing to write there.
  const at = (c: Cell): Cell[] => rows.map((r) => r.find((d) => d.col === c.col) ?? c);
  // (the last column of numbers may run out before the rows do)
  // (boxes or a hint printed in every row are still to tick or fill: `□是 □否` under 是否住宿)
  const printed = (c: Cell): boolean => rows.length >= 2 && c.colSpan === 1 && at(c).filter((d) => d !== c && !isEmptyCell(d) && !hasBoxes(d.text) && !HINT.test(d.text.trim())).length >= rows.length * 0.8;
  const someBlank = first.some((c) => c.colSpan === 1 && rows.length >= 2 && at(c).every((d) => d !== c && isEmptyCell(d)));
  const columns: Column[] = [];
  for (const c of first) {
    if (SERIAL.test(c.text.trim()) || isEmptyCell(c) || (someBlank && printed(c))) continue;
    if (depth === 2 && c.rowSpan === 1) {
      // A spanning label over the cells of the second header row.
      const under = (all[1] ?? []).filter((d) => d.col >= c.col && d.col < c.col + c.colSpan && !SERIAL.test(d.text.trim()) && !isEmptyCell(d));
      const group: Group = { title: squeezeCjkSpaces(c.text.replace(/\n/g, '')), fields: under.map((d) => fieldFrom(d.text, hintFor(d), cellOrigin(t, d))), origin: cellOrigin(t, c) };
      columns.push({ kind: 'group', group });
    } else columns.push({ kind: 'field', field: fieldFrom(c.text, hintFor(c), cellOrigin(t, c)) });
  }
  const item: Item = { kind: 'rows', rows: { title, description: limit?.text ?? null, columns, maxItems: limit?.n ?? Math.max(rows.length, 1), origin } };
  return { item, rest: run < 0 ? [] : below.slice(run) };
}

/**
 * Two header rows as a text copy prints them, spans written as empty cells:
 * `报名单位填写 |  |  … | 组委会填写 |  …` over `序号 | 考号 | 姓名 …`. A label in the first row
 * heads the labels under it up to the next one; a label over an empty cell spans both rows.
 * Null unless every column has a label in one of the two rows.
 */
function groupsOverLabels(t: Table, first: Cell[], second: Cell[]): Column[] | null {
  // A text copy drops a row's trailing empty cells: compare by column.
  const at = (row: Cell[], col: number): Cell | undefined => row.find((c) => c.col === col);
  if (second.filter((c) => !isEmptyCell(c)).length < 3) return null;
  const width = Math.max(...first.map((c) => c.col + c.colSpan), ...second.map((c) => c.col + c.colSpan));
  const cols = Array.from({ length: width }, (_, i) => i);
  if (cols.some((i) => isEmptyCell(at(first, i)) && isEmptyCell(at(second, i)))) return null;
  const columns: Column[] = [];
  let group: Group | null = null;
  for (const i of cols) {
    const f = at(first, i);
    const s = at(second, i);
    if (f && !isEmptyCell(f) && (!s || isEmptyCell(s))) {
      group = null;
      if (!SERIAL.test(f.text.trim())) columns.push({ kind: 'field', field: fieldFrom(f.text, '', cellOrigin(t, f)) });
      continue;
    }
    if (f && !isEmptyCell(f)) {
      group = { title: squeezeCjkSpaces(f.text.replace(/\n/g, '')), fields: [], origin: cellOrigin(t, f) };
      columns.push({ kind: 'group', group });
    }
    if (!s || SERIAL.test(s.text.trim())) continue;
    const field = fieldFrom(s.text, '', cellOrigin(t, s));
    if (group) group.fields.push(field);
    else columns.push({ kind: 'field', field });
  }
  return columns;
}

/**
 * Two header rows of a text copy that dropped the spanned cells of the first: `县(区) | 卫生固定
 * 标语刷写及媒体播报情况(条) | 备 注 |` over `| 小计 | 墙体刷写 | … | 其它 | |`. The second row
 * reads as pieces, each empty cell one (under a label spanning both rows) and each run of labels
 * one (under the label that heads them); with as many pieces as labels above, they pair in order.
 */
export function droppedSpans(t: Table, first: Cell[], second: Cell[]): Column[] | null {
  const pieces: Cell[][] = [];
  for (const [i, c] of second.entries()) {
    if (isEmptyCell(c)) pieces.push([]);
    else if (i > 0 && !isEmptyCell(second[i - 1])) pieces[pieces.length - 1]?.push(c);
    else pieces.push([c]);
  }
  if (first.length < 3 || pieces.length !== first.length || !pieces.some((p) => p.length > 1)) return null;
  return first.map((f, i): Column => {
    const under = pieces[i] ?? [];
    if (under.length === 0) return { kind: 'field', field: fieldFrom(f.text, '', cellOrigin(t, f)) };
    const fields = under.map((d) => fieldFrom(d.text, '', cellOrigin(t, d)));
    return { kind: 'group', group: { title: squeezeCjkSpaces(f.text.replace(/\n/g, '')), fields, origin: cellOrigin(t, f) } };
  });
}

/** A grid under two text-copy header rows (see groupsOverLabels). */
function gridItem2(all: Cell[][], title: string, origin: FieldOrigin, limit: RowLimit | null, columns: Column[], fillable: (c: Cell) => boolean): GridParts | null {
  const below = all.slice(2).filter((r) => !TOTAL.test(r[0]?.text.trim() ?? ''));
  const run = below.findIndex((r) => !r.every(fillable) && !writtenRow(r));
  const rows = run < 0 ? below : below.slice(0, run);
  // Only a totals row under the header (`市州合计`): a 统计表 whose rows are the filer's to add.
  if (rows.length === 0 && below.length === all.length - 2) return null;
  const item: Item = { kind: 'rows', rows: { title, description: limit?.text ?? null, columns, maxItems: limit?.n ?? Math.max(rows.length, 1), origin } };
  return { item, rest: run < 0 ? [] : below.slice(run) };
}

const lastField = (items: Item[]): Field | undefined => {
  const it = items[items.length - 1];
  return it?.kind === 'field' ? it.field : undefined;
};


/** Label/value rows; a label with a row span beside other labels opens a group. */
/**
 * A text copy writes a vertical merge as empty cells in the rows it covers: a first-column label
 * over rows whose first cell is empty spans them (`姓名 | 中 文 | 汉语拼音` over an empty row,
 * `英语成绩 | | CET-4 | | TOEFL/IELTS` over ` | | CET-6 | | 其 他`). Returns how many rows it spans
 * (1 when the table has real spans, as .docx tables do).
 */
function textRowSpan(rows: Cell[][], k: number, textCopy: boolean): number {
  if (!textCopy) return 1;
  let n = 1;
  while (k + n < rows.length && isEmptyCell(rows[k + n]?.[0])) n++;
  return n;
}

function labelValueItems(t: Table, rows: Cell[][] = t.rows): Item[] {
  const items: Item[] = [];
  let group: { group: Group; untilRow: number; labelsOnly: boolean } | null = null;
  const textCopy = t.rows.every((r) => r.every((c) => c.rowSpan === 1 && c.colSpan === 1));
  let ticked: { field: Field; col: number } | null = null;
  for (const [k, row] of rows.entries()) {
    const r = row[0]?.row ?? 0;
    if (group && r > group.untilRow) group = null;
    // A sheet's key of the words its columns take ends what is filled in; a notes heading is no field.
    if (legendHead(row)) break;
    const only = row.filter((c) => !isEmptyCell(c));
    if (only.length === 1 && NOTES_HEAD.test(squeezeCjkSpaces(only[0]?.text.trim() ?? ''))) continue;
    // `优秀 | 合格 | 不合格` down the rows under `中期检查最终结果（请打√）`: its choices.
    const word = only.length === 1 && only[0]?.col === ticked?.col ? squeezeCjkSpaces(only[0]?.text.trim() ?? '') : '';
    if (ticked && /^[^\s：:，。]{1,8}$/.test(word)) {
      ticked.field.options.push(word);
      continue;
    }
    ticked = null;
    // A label over rows it spans, with labels beside it: a group of those labels, whose values
    // are written beside or under them (中 文 and 汉语拼音 under 姓名; 手机 under 联系方式).
    const span = textRowSpan(rows, k, textCopy);
    const head = row[0];
    // …but a label whose own wide blank follows it, over a row left empty (a taller row in a
    // text copy: `营业执照注册号 |  |  |  |  |  | 企业性质 |` over ` |  | …`), heads nothing.
    const heads = row.slice(1, 3).some((c) => !isEmptyCell(c)) || rows.slice(k + 1, k + span).some((r) => r.some((c) => !isEmptyCell(c)));
    if (span > 1 && heads && head && !isEmptyCell(head) && !opinionCell(head.text) && row.slice(1).some((c) => !isEmptyCell(c) && !signOnly(c.text) && !hasBoxes(c.text) && !HINT.test(c.text.trim()) && !isFilledValue(c.text))) {
      const title = squeezeCjkSpaces(head.text.replace(/\n/g, ''));
      group = { group: { title, fields: [], origin: cellOrigin(t, head) }, untilRow: r + span - 1, labelsOnly: true };
      items.push({ kind: 'group', group: group.group });
    }
    for (let i = group?.labelsOnly && group.group.origin.row === r ? 1 : 0; i < row.length; i++) {
      const c = row[i] as Cell;
      const n = row[i + 1];
      // What someone wrote in (`王思琪` after `姓名 |  |`, a team member's e-mail) is a value, not a label.
      if (isEmptyCell(c) || signOnly(c.text) || (isFilledValue(c.text) && !labelBeforeWritten(c.text)) || ROSTER_ROLE.test(squeezeCjkSpaces(c.text.trim())) || /^序\s*号$/.test(c.text.trim())) continue;
      // `团队成员信息 |  |  | …`: a heading over the rows of one part of the form, nothing to fill.
      // Beside other cells (`变更成员信息 |  | 新加成员信息`, `队员信息 | 团队队长 | 团队成员`) it
      // heads those, still nothing to fill; a heading spanning rows opens their group below.
      if (SECTION.test(squeezeCjkSpaces(c.text.trim())) && c.rowSpan === 1) {
        if (row.every((d) => d === c || isEmptyCell(d))) break;
        continue;
      }
      // `由网络中心填写` in a value cell: who fills it in, a note, not a label; so are a note
      // (`注：*为必填项`, `注意：以上带星号内容为必填项…`) and a sentence (`对以上填列内容…负责。`).
      if (FILLED_BY.test(c.text.trim()) || NOTE_CELL.test(c.text.trim()) || (/。$/.test(c.text.trim()) && !/[：:]/.test(c.text))) continue;
      const ticks = bracketTicks(c.text);
      if (ticks) {
        items.push(...ticks.map((w): Item => ({ kind: 'field', field: { ...fieldFrom(w, '', cellOrigin(t, c)), tick: true } })));
        continue;
      }
      // A signer, a hint, boxes, a unit or options a cell or more after its label belong to it.
      if (besideLabel(c, group ? group.group.fields[group.group.fields.length - 1] : lastField(items))) continue;
      // (`中 文` beside `姓名` is a letter-spaced label, not two options)
      // (a value written beside it, `入党时间 | 1998.02`, makes it a label and its value)
      if (c.rowSpan > 1 && n && !isEmptyCell(n) && !HINT.test(n.text.trim()) && !isFilledValue(n.text) && (LETTER_SPACED.test(n.text.trim()) || !looksLikeOptions(n.text))) {
        const title = squeezeCjkSpaces(c.text.replace(/\n/g, ''));
        // `联系方式 | 手机 | 家庭联系方式` over a row left empty under them: labels, written under.
        const below = rows[k + 1];
        // (a cell spanning rows beside them, the photo, is left aside)
        const labels = row.slice(i + 1).filter((d) => !isEmptyCell(d) && d.rowSpan === 1);
        const under = !!below && labels.length > 0 && labels.every((d) => isEmptyCell(below.find((x) => x.col === d.col) ?? { ...d, text: 'x' }));
        group = { group: { title, fields: [], origin: cellOrigin(t, c) }, untilRow: r + c.rowSpan - 1, labelsOnly: under };
        items.push({ kind: 'group', group: group.group });
        continue;
      }
      // A lone cell across the whole width is a section heading, not a field, unless it asks
      // for something: a label and its colon (`关键词：`), or a signature and date (an opinion cell).
      // …but a heading with the room to write inside its cell, over no label/value rows, is one.
      if (!group && roomCell(rows, k)) {
        items.push({ kind: 'field', field: fieldFrom(c.text, '', cellOrigin(t, c)) });
        break;
      }
      if (row.length === 1 && c.colSpan >= t.columns && !/[：:]/.test(c.text) && !opinionCell(c.text)) break;
      // `申请人：      日期：` in one cell: a field per label.
      // …but not the seal line of an opinion cell (`推荐意见： 单位（公章）： 年 月 日`).
      // …nor an opinion and who signs it (`班级辅导员意见： 签字： 年 月 日`).
      const labels = SEAL.test(c.text) ? null : blankLabels(c.text);
      const several = labels && !opinionAndSigner(labels.map((l) => l.label)) ? labels : null;
      if (several) {
        const fields = several.map(({ label, value }) => fieldFrom(label, value, cellOrigin(t, c)));
        if (group) group.group.fields.push(...fields);
        else items.push(...fields.map((field): Item => ({ kind: 'field', field })));
        if (isEmptyCell(n)) i++;
        continue;
      }
      // A value cell that asks several questions of its own: the label heads them as a group.
      const asked = n && !group ? questionsIn(n.text) : null;
      if (asked) {
        const fields = asked.map((q) => ({ ...fieldFrom(q.label, '', cellOrigin(t, n as Cell)), options: q.options ? parseOptions(q.options) : [] }));
        items.push({ kind: 'group', group: { title: squeezeCjkSpaces(c.text.replace(/\n/g, '')), fields, origin: cellOrigin(t, c) } });
        i++;
        continue;
      }
      const field = fieldFrom(c.text, n?.text ?? '', cellOrigin(t, c), group ? unitOf(group.group.title) : null);
      if (group?.labelsOnly) {
        group.group.fields.push(fieldFrom(c.text, '', cellOrigin(t, c)));
        continue;
      }
      if (group) group.group.fields.push(field);
      else items.push({ kind: 'field', field });
      if (/请?打\s*[“"]?[√✓]|请选择/.test(c.text)) ticked = { field, col: c.col };
      // the value cell — unless the cell is a box to tick and the next one another (`初中 □ | 高中 □`)
      // …nor a cell that is an opinion of its own (`申请人签名：… | 辅导员意见：（是否同意派出） 签名： 年 月 日`).
      // …nor the next label and its colon after a label with its own (`份数： | 日期：`, `填报单位:二院 | 填表日期：…`).
      // …nor after an opinion that signs and dates itself (`学院对项目进展审核意见：… 年 月 日 | 中期检查最终结果`).
      if (!(field.tick && n && TICK.test(n.text.trim())) && !(n && ownOpinion(n.text)) && !(n && !isEmptyCell(n) && ownOpinion(c.text) && /年\s*月\s*日\s*$/.test(c.text.trim())) && !(n && /[：:]/.test(c.text) && /^[^：:\s（(]{2,12}\s*[：:]/.test(n.text.trim()))) i++;
    }
  }
  return items;
}


/** A row that prints one heading and nothing to fill: `计划进程完成情况记录 |  |  | …`, a one-cell row. */
function headingOf(row: Cell[]): Cell | null {
  const filled = row.filter((c) => !isEmptyCell(c));
  const only = filled[0];
  if (filled.length !== 1 || !only || only !== row.find((c) => !isEmptyCell(c) || c.col === 0)) return null;
  const t = only.text.trim().replace(/[：:]$/, '');
  return t.length <= 30 && !/[：:。；;]/.test(t) && !SIGNS.test(t) && !hasBoxes(t) && !HINT.test(t) ? only : null;
}

/**
 * Label/value rows, with the grids printed inside them under a heading row (f129: `计划进程完成
 * 情况记录` over `日 期 | 工作内容 | 完成情况` over empty rows): each such grid is an array
 * titled by its heading; the rows after it are read on.
 */
function rowsWithGrids(t: Table, rows: Cell[][], title: string): Item[] {
  const items: Item[] = [];
  let from = 0;
  for (let k = 0; k + 2 < rows.length; k++) {
    const row = rows[k] ?? [];
    const head = headingOf(row);
    const labels = (rows[k + 1] ?? []).filter((c) => !isEmptyCell(c));
    // …or a full row of labels under the rows above it (f156: `姓名： | 2018年 月` over
    // `日期 | 开始时间 | 作业量 …` over empty rows): the form's grid, under its title.
    // (labels of one row each, over an empty row: a label spanning rows heads a group instead)
    const header = !head && k > 0 && row.length >= 3 && row.every((c) => c.rowSpan === 1 && !isEmptyCell(c) && !isFilledValue(c.text) && !/[：:]\s*$/.test(c.text)) && (rows[k + 1] ?? []).every((c) => isEmptyCell(c));
    const grid = head && labels.length >= 2
      ? gridItem(t, squeezeCjkSpaces(head.text.replace(/\n/g, '')).replace(/[：:]$/, ''), cellOrigin(t, head), null, rows.slice(k + 1))
      : header && row[0] ? gridItem(t, title, cellOrigin(t, row[0]), null, rows.slice(k)) : null;
    if (!grid) continue;
    items.push(...labelValueItems(t, rows.slice(from, k)), grid.item);
    const next = rows.length - grid.rest.length;
    from = next;
    k = next - 1;
  }
  items.push(...labelValueItems(t, rows.slice(from)));
  return items;
}

/** The header of the column that names each row of a 统计表 (`名 称`, `项目`, `指标`). */
const NAME_COLUMN = /^(?:名称|项目|项目名称|指标|指标名称|内容|类别|区分|类型|科目|评分|评分内容|评价项目|评价指标|考核项目|考核内容|检查项目)$/;
const UNIT_COLUMN = /^(?:计量)?单位$/;
const NOTE_COLUMN = /^(?:备注|说明)$/;

/**
 * A 统计表 whose rows are printed and whose one value column is blank: `区分 | 名 称 | 单位 |
 * 数量 | 备 注` over `科普活动 | 科普报告会 | 场 |  | ` (h013). Each row is one field, named by its
 * name cell, the unit printed beside it its description. A text copy leaves out the cells a
 * span covers at the start of a row, so rows are read against the header from the right.
 */
export function matrixItems(t: Table, rows: Cell[][]): Item[] | null {
  const header = rows[0];
  if (!header || header.length < 3 || header.some((c) => isEmptyCell(c) || isFilledValue(c.text))) return null;
  const heads = header.map((c) => squeezeCjkSpaces(c.text.replace(/\s+/g, '')).replace(/[（(][^（）()]*[）)]$/, ''));
  // `区分 | 名 称`: the kind groups the rows, the last naming column names each.
  const nameCol = heads.findLastIndex((h) => NAME_COLUMN.test(h));
  if (nameCol < 0) return null;
  // A row whose name a span covers (a text copy's empty cell, a DOCX row short of cells) goes on
  // the row above: a rubric's further grades under one item.
  // A DOCX/sheet row has its cells' grid columns; a text copy's row is read against the header from the right.
  const textCopy = t.rows.every((r) => r.every((c) => c.rowSpan === 1 && c.colSpan === 1));
  const aligned = rows.slice(1).map((r) => {
    if (!textCopy) {
      const at = (i: number): Cell | undefined => r.find((c) => c.col <= i && i < c.col + c.colSpan);
      return { r, at, named: at(nameCol)?.col === nameCol };
    }
    const offset = header.length - r.length;
    return { r, at: (i: number): Cell | undefined => (offset < 0 ? undefined : r[i - offset]), named: offset >= 0 && offset <= nameCol };
  });
  if (textCopy && aligned.some((a) => a.r.length > header.length)) return null;
  const total = (a: (typeof aligned)[number]): boolean => TOTAL.test(squeezeCjkSpaces(a.r[0]?.text.trim() ?? ''));
  const items = aligned.filter((a) => !total(a) && a.named && !isEmptyCell(a.at(nameCol)));
  if (items.length < 2) return null;
  // What is printed (a unit, a score, a grade's wording) fills its column somewhere; the one
  // column left blank in every row is what the form asks for.
  const blank = (i: number): boolean => aligned.every((a) => isEmptyCell(a.at(i)));
  const valueCols = heads.map((_, i) => i).filter((i) => i > nameCol && !NOTE_COLUMN.test(heads[i] ?? '') && blank(i));
  if (valueCols.length !== 1) return null;
  const unitCol = heads.findIndex((h) => UNIT_COLUMN.test(h));
  const fields: Field[] = [];
  for (const a of aligned) {
    // `合计 |  |  |  | `: the total to write in.
    const name = total(a) ? a.r[0] : a.named ? a.at(nameCol) : undefined;
    if (!name || isEmptyCell(name)) continue;
    const unit = unitCol > nameCol ? (a.at(unitCol)?.text.trim() ?? '') : '';
    const { title, description } = splitLabel(name.text);
    fields.push({ title: squeezeCjkSpaces(withoutSectionNumber(title)), description, options: [], required: false, unit: unit || null, origin: cellOrigin(t, name) });
  }
  return fields.map((field): Item => ({ kind: 'field', field }));
}

/**
 * A key printed beside a form (f016: `论文作者身份含有以下几种类型 | 论文档次含以下几种` over
 * `项目负责人 | SCI` …): the words a column may hold, listed under headings that say so. Nothing
 * in it is filled in.
 */
export const isLegend = (t: Table): boolean => legendHead(t.rows[0] ?? []);

/** The heading row of such a key, in a table of its own or under a sheet's grid and notes. */
function legendHead(row: readonly Cell[]): boolean {
  const head = row.filter((c) => !isEmptyCell(c));
  return head.length > 0 && head.every((c) => /(?:含有?|包括|分为|有)(?:以下|如下)/.test(c.text));
}

/** `注：*为必填项`: a note printed in a cell. */
const NOTE_CELL = /^(?:注意?|说明|填表说明)\s*[：:]\s*\S/;
/** `注意：`, `填表说明：` alone in a row: the notes under it tell how to fill in. */
const NOTES_HEAD = /^(?:注意(?:事项)?|填表说明|说明|注)\s*[：:]?$/;

export function formLayout(part: AttachmentPart, title: string): FormLayout {
  const firstTable = part.blocks.findIndex((b) => b.kind === 'table');
  const paras = part.blocks.filter((b): b is Paragraph => b.kind === 'paragraph');
  const before = part.blocks.slice(0, firstTable < 0 ? part.blocks.length : firstTable).filter((b): b is Paragraph => b.kind === 'paragraph');
  const titleOrigin = part.title ? textOrigin(part.title.start, part.title.end) : textOrigin(part.blocks[0]?.start ?? 0, part.blocks[0]?.end ?? 0);
  const items: Item[] = [...titleBlanks(part.title?.text ?? title).map((w): Item => ({ kind: 'field', field: fieldFrom(w, '', titleOrigin) })), ...headerItems(before)];
  // A 结题报告's headed sections, before its table of opinions or with no table at all.
  const sections = sectionItems(before);
  if (firstTable < 0 || sections.length >= 3) {
    // Sections in the printed order: each after the blanks and opinions printed before it.
    const at = (it: Item): number => (it.kind === 'field' ? it.field.origin.span.start : 0);
    items.push(...sections);
    items.sort((a, b) => at(a) - at(b));
  }
  // Headed rooms on lines between and after the tables (`一、题目`), in their printed place.
  const rooms = new Set(roomLines(part.blocks));
  for (const b of part.blocks) {
    if (b.kind === 'paragraph' && rooms.has(b)) items.push({ kind: 'field', field: fieldFrom(b.text, '', lineOrigin(b)) });
    if (b.kind !== 'table' || isLegend(b)) continue;
    const rows = withoutTitle(b, part.title);
    // What the title row holds besides the title (`评估意见：…` beside it) is read as label/value cells.
    const titleRow = rows.length < b.rows.length ? [] : rows[0] && b.rows[0] && rows[0].length < b.rows[0].length ? [rows[0]] : [];
    const body = titleRow.length ? rows.slice(1) : rows;
    items.push(...labelValueItems(b, titleRow));
    const matrix = matrixItems(b, body);
    if (matrix) {
      items.push(...matrix);
      continue;
    }
    const grid = gridItem(b, title, { ...titleOrigin, table: b }, rowLimit(paras), body);
    if (grid) items.push(grid.item, ...rowsWithGrids(b, grid.rest, title));
    else items.push(...rowsWithGrids(b, body, title));
  }
  // Blanks under the table (`填表人：　　审核人：　　填报日期：　年　月　日`) belong to the form too.
  const lastTable = part.blocks.map((b) => b.kind).lastIndexOf('table');
  if (lastTable >= 0) {
    const lines = part.blocks.slice(lastTable + 1).filter((b): b is Paragraph => b.kind === 'paragraph' && !rooms.has(b));
    // What follows `说明：` or `注：` alone on its line tells how to fill in and send the form.
    const notes = lines.findIndex((p) => NOTES_HEAD.test(squeezeCjkSpaces(p.text.trim())));
    const after = notes < 0 ? lines : lines.slice(0, notes);
    // A text copy's rows with fewer cells than the table's (`所在地址及邮编 | `, the value cell
    // empty) read as paragraphs after it: each is a label with its blank, in the table's order.
    const run = after.findIndex((p) => !PIPE_ROW.test(p.text));
    const rows = after.slice(0, run < 0 ? after.length : run);
    items.push(...rows.map((p): Item => ({ kind: 'field', field: fieldFrom(PIPE_ROW.exec(p.text)?.[1]?.trim() ?? '', '', lineOrigin(p)) })));
    // A line under the table with something written after its label is the notice's (`咨询电话：6891…`).
    items.push(...headerItems(after.slice(rows.length), false).filter((it) => it.kind === 'field' && it.field.options.length === 0));
  }
  const sealRequired = part.blocks.some((b) => (b.kind === 'paragraph' ? SEAL.test(b.text) : b.rows.some((r) => r.some((c) => SEAL.test(c.text)))));
  return { items, sealRequired };
}
