/**
 * @module extract/forms
 * Attached forms → JSON Schema (draft 2020-12): one property per printed field label, in
 * reading order, with the label as `title`. Two table shapes occur in notices:
 * - a grid: a header row of labels over numbered empty rows (推荐表) → an array of row objects;
 * - label/value rows (备案表, 统计表): a label cell followed by an empty cell, where a label
 *   spanning several rows groups the rows beside it (经费投入 over 中央/省级/…) → nested object.
 * Blanks above the table (`单位名称：____`, a question followed by its options) are fields too.
 */
import type { Cell, Paragraph, Table } from '../document.js';
import type { AttachmentPart } from '../structure/types.js';
import { squeezeCjkSpaces } from '../structure/patterns.js';

export type JsonSchema = Record<string, unknown>;

interface Field {
  title: string;
  description: string | null;
  options: string[];
}

interface Group {
  title: string;
  fields: Field[];
}

type Item = { kind: 'field'; field: Field } | { kind: 'group'; group: Group } | { kind: 'rows'; title: string; columns: Field[]; maxItems: number };

const BLANK = /_{3,}|＿{2,}|…{2,}/;
const HINT = /^[（(].*[）)]$/s;
const isEmptyCell = (c: Cell | undefined): boolean => c === undefined || c.text.trim() === '';

/** `实物投入情况\n（如：捐赠图书…）` → title 实物投入情况, description 如：捐赠图书…; units stay in the title. */
export function splitLabel(raw: string): { title: string; description: string | null } {
  const joined = squeezeCjkSpaces(raw.replace(/\n/g, ' ')).replace(/\s+/g, ' ').trim();
  const m = /^(.*?)[ ]?[（(]([^（()）]*)[）)]$/.exec(joined);
  if (m?.[1] && m[2] !== undefined && !/单位[：:]/.test(m[2])) return { title: m[1].trim(), description: m[2].trim() || null };
  return { title: joined, description: null };
}

/** Splits on blanks that are not inside brackets: `会员所在单位 （理事单位会员 普通单位会员）` is one option. */
function splitOutsideBrackets(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of line) {
    if ('（(['.includes(ch)) depth++;
    if ('）)]'.includes(ch)) depth = Math.max(0, depth - 1);
    if (/[\s\u3000]/.test(ch) && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  // `会员所在单位 （理事单位会员 …）`: a bracket after a blank qualifies the item before it.
  return out.reduce<string[]>((acc, t) => {
    if (/^[（(]/.test(t) && acc.length) acc[acc.length - 1] += t;
    else acc.push(t);
    return acc;
  }, []);
}

/** Options printed as `科普教育基地 分支机构 …` or `□是 □否`, one or more per line. */
export function parseOptions(text: string): string[] {
  return text
    .split(/\n|[□☐■☑]/)
    .flatMap(splitOutsideBrackets)
    .reduce<string[]>((acc, s) => {
      // `…科技工作者，` + `请注明____` on the next line is one "other, please specify" option.
      if (/^[（(]?请注明/.test(s) && acc.length && /[，,]$/.test(acc[acc.length - 1] ?? '')) acc[acc.length - 1] += s;
      else acc.push(s);
      return acc;
    }, [])
    .map((s) => s.replace(/[，,；;。]$/, '').trim())
    .filter((s) => s.length > 0 && !/^[（(]?$/.test(s));
}

/** Several short items on a line, or ticked boxes, or several lines that are not one hint. */
const looksLikeOptions = (text: string): boolean => {
  if (/[□☐■☑]/.test(text)) return true;
  if (HINT.test(text.trim())) return false;
  const items = text.split('\n').flatMap(splitOutsideBrackets);
  return items.length >= 2 && items.every((i) => [...i].length <= 40) && !/[。；]/.test(text);
};

function fieldFrom(label: string, value: string): Field {
  const { title, description } = splitLabel(label);
  const v = value.trim();
  if (!v || BLANK.test(v) && v.replace(BLANK, '').trim() === '') return { title, description, options: [] };
  if (HINT.test(v)) return { title, description: [description, v.slice(1, -1).trim()].filter(Boolean).join('；'), options: [] };
  if (looksLikeOptions(v)) return { title, description, options: parseOptions(v) };
  return { title, description: [description, v].filter(Boolean).join('；'), options: [] };
}

/** Grid: a full header row over rows that hold nothing but numbers and hints. */
function gridItem(t: Table, title: string, maxHint: number | null): Item | null {
  const [header, ...rows] = t.rows;
  if (!header || header.length < 3 || header.some(isEmptyCell)) return null;
  const dataOnly = rows.every((r) => r.every((c) => isEmptyCell(c) || /^\d{1,3}$/.test(c.text.trim()) || HINT.test(c.text.trim())));
  if (!dataOnly) return null;
  const columns = header
    .filter((c) => !/^(?:序\s*号|编\s*号|No\.?)$/i.test(c.text.trim()))
    .map((c) => {
      const hintCell = rows[0]?.find((d) => d.col === c.col && HINT.test(d.text.trim()));
      return fieldFrom(c.text, hintCell?.text ?? '');
    });
  return { kind: 'rows', title, columns, maxItems: maxHint ?? Math.max(rows.length, 1) };
}

/** Label/value rows; a label with a row span beside other labels opens a group. */
function labelValueItems(t: Table): Item[] {
  const items: Item[] = [];
  let group: { group: Group; untilRow: number } | null = null;
  for (const row of t.rows) {
    const r = row[0]?.row ?? 0;
    if (group && r > group.untilRow) group = null;
    for (let i = 0; i < row.length; i++) {
      const c = row[i] as Cell;
      const n = row[i + 1];
      if (isEmptyCell(c)) continue;
      if (c.rowSpan > 1 && n && !isEmptyCell(n) && !HINT.test(n.text.trim()) && !looksLikeOptions(n.text)) {
        group = { group: { title: squeezeCjkSpaces(c.text.replace(/\n/g, '')), fields: [] }, untilRow: r + c.rowSpan - 1 };
        items.push({ kind: 'group', group: group.group });
        continue;
      }
      // A lone cell across the whole width is a section heading, not a field.
      if (row.length === 1 && c.colSpan >= t.columns) break;
      const value = n ?? null;
      const field = fieldFrom(c.text, value?.text ?? '');
      if (group) group.group.fields.push(field);
      else items.push({ kind: 'field', field });
      i++; // the value cell
    }
  }
  return items;
}

/** Header lines above a table: `单位名称：____`, and a question whose options follow it. */
function headerItems(paras: Paragraph[]): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < paras.length; i++) {
    const t = (paras[i] as Paragraph).text;
    if (/盖\s*章|公\s*章/.test(t) && !BLANK.test(t)) continue;
    const m = /^([^：:]{2,40})[：:](.*)$/.exec(t);
    if (!m?.[1]) continue;
    const rest = (m[2] ?? '').trim();
    if (BLANK.test(rest) && rest.replace(BLANK, '').trim() === '') {
      items.push({ kind: 'field', field: { title: m[1].trim(), description: null, options: [] } });
    } else if (!rest) {
      const opts: string[] = [];
      while (i + 1 < paras.length && looksLikeOptions((paras[i + 1] as Paragraph).text)) opts.push((paras[++i] as Paragraph).text);
      if (opts.length) items.push({ kind: 'field', field: { title: m[1].trim(), description: null, options: parseOptions(opts.join('\n')) } });
    }
  }
  return items;
}

/** `推荐活动数量不超过 5 项` caps the rows of a grid. */
function rowLimit(paras: Paragraph[]): number | null {
  for (const p of paras) {
    const m = /不超过\s*(\d{1,3})\s*[项个条份]/.exec(p.text);
    if (m?.[1]) return Number(m[1]);
  }
  return null;
}

export function formItems(part: AttachmentPart, title: string): Item[] {
  const firstTable = part.blocks.findIndex((b) => b.kind === 'table');
  const before = part.blocks.slice(0, firstTable < 0 ? part.blocks.length : firstTable).filter((b): b is Paragraph => b.kind === 'paragraph');
  const after = part.blocks.filter((b): b is Paragraph => b.kind === 'paragraph');
  const items = headerItems(before);
  for (const b of part.blocks) {
    if (b.kind !== 'table') continue;
    const grid = gridItem(b, title, rowLimit(after));
    if (grid) items.push(grid);
    else items.push(...labelValueItems(b));
  }
  return items;
}

// ---------- JSON Schema ----------

const INTEGER = /人数|次数|数量|个数|件数|项数|人次|场次|名额/;
const MONEY = /经费|金额|资金|费用|万元|元）|投入/;

export function fieldSchema(f: Field): JsonSchema {
  const base: JsonSchema = { title: f.title };
  if (f.description) base['description'] = f.description;
  if (f.options.length > 1) {
    const multi = /(?:可多选|多选)/.test(f.title + (f.description ?? ''));
    return multi
      ? { ...base, type: 'array', items: { type: 'string', enum: f.options }, uniqueItems: true }
      : { ...base, type: 'string', enum: f.options };
  }
  const label = f.title + (f.description ?? '');
  if (INTEGER.test(f.title) && !MONEY.test(label)) return { ...base, type: 'integer', minimum: 0 };
  if (MONEY.test(label) && /万元|元|经费|金额/.test(label)) return { ...base, type: 'number', minimum: 0 };
  if (/邮箱|E-?mail/i.test(f.title)) return { ...base, type: 'string', format: 'email' };
  return { ...base, type: 'string' };
}

export function formSchema(title: string, items: Item[]): JsonSchema | null {
  if (items.length === 0) return null;
  const properties: Record<string, JsonSchema> = {};
  let n = 0;
  const key = (prefix: string): string => `${prefix}${++n}`;
  for (const it of items) {
    if (it.kind === 'field') properties[key('field_')] = fieldSchema(it.field);
    else if (it.kind === 'group') {
      const groupKey = key('group_');
      const inner: Record<string, JsonSchema> = {};
      for (const f of it.group.fields) inner[key('field_')] = fieldSchema(f);
      properties[groupKey] = { title: it.group.title, type: 'object', properties: inner };
    } else {
      const rowsKey = key('rows_');
      const inner: Record<string, JsonSchema> = {};
      for (const f of it.columns) inner[key('field_')] = fieldSchema(f);
      properties[rowsKey] = { title: it.title, type: 'array', items: { type: 'object', properties: inner }, maxItems: it.maxItems };
    }
  }
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title, type: 'object', properties };
}
