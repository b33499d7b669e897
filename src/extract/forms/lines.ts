/**
 * @module extract/forms/lines
 * Fields printed on lines around a form's table rather than in it: `单位名称：____`, a question
 * with its options on the lines under it, the sealing unit (`各区、各有关部门（盖章）：`), several
 * blanks on one line, labels set apart by spaces, and the headed sections of a form with no table.
 */
import type { Paragraph } from '../../document.js';
import { squeezeCjkSpaces } from '../../structure/patterns.js';
import { BLANK, dateBlank, looksLikeOptions, parseOptions } from './options.js';
import { isOpinionLabel, opinionCell } from './signed.js';
import { spacedOptions } from './beside.js';
import { isFilledValue, labelBeforeWritten } from './filled.js';
import { blankLabels, isBlank, isPlaceTemplate, titleBlanks } from './printed.js';
import { fieldFrom, lineOrigin, SEAL, signOnly, splitLabel, textOrigin, tickLine, type Field, type FieldOrigin, type Item } from './field.js';

const SEAL_HINT = /[（(]\s*(?:盖\s*章|公\s*章|签\s*章)\s*[）)]/;
/** a line that is only a label and its colon */
/** `征文题目 | `: a label cell and an empty cell of a text copy's table row. */
export const PIPE_ROW = /^([^|]{1,40}?)[ \u3000]*\|[ \u3000]*$/;
const BARE_LABEL = /^[^：:\s]{2,20}[：:]\s*$/;
const SEAL_AT_END = /[（(]\s*(?:盖\s*章|公\s*章|签\s*章)\s*[）)]\s*$/;

/** The sealing unit (`各区、各有关部门（盖章）：`): a field for its name, to be sealed. */
function sealField(label: string, rest: string, origin: FieldOrigin): Field {
  const { title } = splitLabel(label);
  const hint = rest.replace(BLANK, '').replace(SEAL_HINT, '').trim();
  return { title, description: [hint, '须加盖公章'].filter(Boolean).join('；'), options: [], required: false, unit: null, origin };
}


/** `填报单位（盖章）：　　填报人：　　联系电话：` → one blank per label, or null if any label has text after it. */
function blankRow(p: Paragraph, above: boolean): Field[] | null {
  // Above the table, a copy someone filled in (`填表时间：2018年3月12日      受理时间：`) has the same blanks.
  const blank = (v: string): boolean => isBlank(v) || (above && isFilledValue(v.trim()));
  return (
    blankLabels(p.text, blank)?.map(({ label, value, at }) => {
      const origin = textOrigin(p.start + at, p.start + at + label.length);
      return SEAL.test(label) ? sealField(label, '', origin) : fieldFrom(label, value, origin);
    }) ?? null
  );
}

/**
 * Lines above a table: `单位名称：____`, a question whose options follow it, the sealing unit
 * `各区、各有关部门（盖章）：` or `推荐单位：…（公章）` (whose blank is the unit's name), and
 * several blanks on one line.
 */
export function headerItems(paras: Paragraph[], above = true): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < paras.length; i++) {
    const p = paras[i] as Paragraph;
    const ticks = tickLine(p);
    if (ticks) {
      items.push(...ticks.map((field): Item => ({ kind: 'field', field })));
      continue;
    }
    const several = blankRow(p, above);
    if (several) {
      items.push(...several.map((field): Item => ({ kind: 'field', field })));
      continue;
    }
    // `20   －20   学年第   学期` on its own line: the blanks in it, as in a title.
    // (a date's blank alone, `年  月  日`, dates what is above it)
    const inLine = above && p.text.trim().length <= 30 && !/[：:。]/.test(p.text) && dateBlank(p.text) === null ? titleBlanks(p.text) : [];
    if (inLine.length) {
      items.push(...inLine.map((w): Item => ({ kind: 'field', field: fieldFrom(w, '', lineOrigin(p)) })));
      continue;
    }
    const spaced = spacedLabels(p.text);
    if (spaced) {
      items.push(...spaced.map((w): Item => ({ kind: 'field', field: fieldFrom(w, '', lineOrigin(p)) })));
      continue;
    }
    // `学术委员会评审意见 主任签字 年   月   日`: an opinion, its signer and date, no colon.
    const signed = /^[^\s：:]{2,20}\s/.test(p.text.trim()) && !/[：:]/.test(p.text) ? opinionCell(p.text) : null;
    if (signed && isOpinionLabel(signed.label)) {
      items.push({ kind: 'field', field: fieldFrom(p.text, '', lineOrigin(p)) });
      continue;
    }
    const m = /^([^：:]{2,40})[：:](.*)$/.exec(p.text);
    if (!m?.[1]) continue;
    const label = m[1].trim();
    const rest = (m[2] ?? '').trim();
    // `实验室学术委员会审核意见： （签章） 年  月  日`: an opinion to write, sign and date.
    if (isOpinionLabel(label) && signOnly(rest)) {
      items.push({ kind: 'field', field: fieldFrom(p.text, '', lineOrigin(p)) });
    } else if (SEAL.test(label) || SEAL_AT_END.test(rest)) {
      items.push({ kind: 'field', field: sealField(label, rest, lineOrigin(p)) });
    } else if (/^(?:届|级|学年|学期|年度)$/.test(rest) && /^[\s\u3000]/.test(m[2] ?? '')) {
      // `学生姓名：        届`: the name, and the year group written before 届.
      items.push({ kind: 'field', field: fieldFrom(label, '', lineOrigin(p)) }, { kind: 'field', field: fieldFrom(rest, '', lineOrigin(p)) });
    } else if (rest && chosen(rest)) {
      // `综合评价：    A.优    B.良    C.中    D.差    请选择(   )`: a question and its choices.
      items.push({ kind: 'field', field: { ...fieldFrom(label, '', lineOrigin(p)), options: chosen(rest) ?? [] } });
    } else if (rest && (isBlank(rest) || isPlaceTemplate(rest) || (above && labelBeforeWritten(p.text)))) {
      items.push({ kind: 'field', field: fieldFrom(label, rest, lineOrigin(p)) });
    } else if (!rest) {
      const opts: string[] = [];
      // `联系人: 联系电话:` under `填报单位名称:` is more blanks, not its options.
      const isOption = (t: string): boolean => looksLikeOptions(t) && !blankLabels(t) && !/^[^：:\s]{2,12}[：:]/.test(t.trim());
      while (i + 1 < paras.length && isOption((paras[i + 1] as Paragraph).text)) opts.push((paras[++i] as Paragraph).text);
      if (opts.length) items.push({ kind: 'field', field: { ...fieldFrom(label, '', lineOrigin(p)), options: parseOptions(opts.join('\n')) } });
      // `填报人：` alone, right before the table or another such blank (a PDF splits
      // `填报单位：　　填报人：　　联系电话：` into lines at the wide gaps).
      else if (label.length <= 12 && (i + 1 === paras.length || BARE_LABEL.test((paras[i + 1] as Paragraph).text) || blankLabels((paras[i + 1] as Paragraph).text) || datedBlank((paras[i + 1] as Paragraph).text) || BARE_LABEL.test((paras[i - 1] as Paragraph | undefined)?.text ?? ''))) items.push({ kind: 'field', field: fieldFrom(label, '', lineOrigin(p)) });
    }
  }
  return items;
}

/** The choices after a question's colon, with the `请选择(   )` to write the letter in, if any. */
const chosen = (rest: string): string[] | null => spacedOptions(rest.replace(/请选择\s*[（(]\s*[）)]\s*$/, '').trim());

/** `姓名             学号               院系                 专业`: labels set apart by blanks, with no colons. */
export function spacedLabels(text: string): string[] | null {
  // A reader may have squeezed the blanks to one: three or more words of two to six characters.
  const words = text.trim().split(/[ \u3000]+/);
  return words.length >= 3 && words.every((w) => /^[\u4e00-\u9fa5]{2,6}$/.test(w)) ? words : null;
}

/** `日期：     年   月   日`: a label whose blank is a date. */
const datedBlank = (text: string): boolean => {
  const m = /^[^：:]{2,12}[：:](.*)$/.exec(text.trim());
  return !!m && dateBlank(m[1] ?? '') !== null;
};

/**
 * A form with no table (a 结题报告 of headed sections): numbered headings with nothing under
 * them (the next line another heading, a blank or an opinion, never a sentence) but room to write (`二、任务完成情况`, `四、哪些内容未按研究计划完成及其原因`) are its
 * fields; the heading just before `二、` whose `一、` was lost is one too.
 */
export function sectionItems(paras: Paragraph[]): Item[] {
  const isHeading = (t: string): boolean => t.length <= 40 && !/[。：:；;，,]/.test(t.replace(/[（(][^（）()]*[）)]/g, ''));
  const numbered = (t: string): boolean => /^[一二三四五六七八九十]{1,3}\s*、/.test(t.trim());
  const items: Item[] = [];
  for (const [k, p] of paras.entries()) {
    const t = p.text.trim();
    const next = paras[k + 1]?.text.trim() ?? '';
    // A section of a document has its text under it; a form's section has room to write.
    const prose = next.length > 40 || /[。；;]/.test(next);
    if (!isHeading(t) || prose || !(numbered(t) || (/^二\s*、/.test(next) && isHeading(next)))) continue;
    items.push({ kind: 'field', field: fieldFrom(t, '', lineOrigin(p)) });
  }
  return items.length >= 2 ? items : [];
}

export interface RowLimit {
  n: number;
  text: string;
}

/** `2. 各地方各相关部门推荐活动数量不超过 5 项。` caps the rows of a grid. */
export function rowLimit(paras: Paragraph[]): RowLimit | null {
  for (const p of paras) {
    const m = /不超过\s*(\d{1,3})\s*[项个条份]/.exec(p.text);
    if (m?.[1]) return { n: Number(m[1]), text: squeezeCjkSpaces(p.text).replace(/^(?:说明[：:])?\s*\d+[.．、]\s*/, '').trim() };
  }
  return null;
}
