/**
 * @module extract/forms/options
 * Choice lists as printed in a form: `□是 □否`, several options per line separated by blanks,
 * and the "other, please specify" option that asks for its own text (`其他，请注明____`).
 */

/**
 * Tick boxes as printed: □☐ and their Wingdings forms as mammoth maps them (🞎 🞏 for Wingdings
 * A8/6F, 🗹 🗷 ☑ ☒ when ticked), and the circles of single choices (○ ⭘ ◯).
 */
const BOXES = '□☐■☑☒▢◻◼▣⬜🞎🞏🗹🗷○●◯⭘';
const BOX = new RegExp(`[${BOXES}]`, 'u');
const LINE_OR_BOX = new RegExp(`\\n|[${BOXES}]`, 'u');

/** Printed tick boxes: `□是 □否` in a cell. */
export const hasBoxes = (text: string): boolean => BOX.test(text);

export const BLANK = /_{3,}|＿{2,}|…{2,}/;
export const HINT = /^[（(].*[）)]$/s;

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
    .split(LINE_OR_BOX)
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
export function looksLikeOptions(text: string): boolean {
  if (BOX.test(text)) return true;
  if (HINT.test(text.trim())) return false;
  const items = text.split('\n').flatMap(splitOutsideBrackets);
  return items.length >= 2 && items.every((i) => [...i].length <= 40) && !/[。；]/.test(text);
}

export interface Choice {
  /** the option as a form shows it: blanks and the 请注明 prompt removed */
  value: string;
  /** for "other, please specify": what to ask for in the extra text field */
  specify: string | null;
}

const SPECIFY = /[，,]?\s*[（(]?\s*(请注明|请说明|请填写|注明|具体为)[^_＿…）)]*[_＿…]*\s*[）)]?$/;

/** `与本学会相关的其他组织或科技工作者，请注明____` → value without the blank, specify `请注明`. */
export function toChoice(option: string): Choice {
  const m = SPECIFY.exec(option);
  if (m?.[1] && m.index > 0) return { value: option.slice(0, m.index).trim(), specify: m[1] };
  const blank = BLANK.exec(option);
  // `其他______`: a trailing blank after the option asks for text too.
  if (blank && blank.index > 0 && option.slice(blank.index).replace(BLANK, '').trim() === '') {
    return { value: option.slice(0, blank.index).replace(/[：:，,]$/, '').trim(), specify: '请注明' };
  }
  return { value: option.trim(), specify: null };
}

/** `    年   月   日` (or `年 月`) printed where a date is to be written → `年月日` / `年月`. */
export function dateBlank(v: string): '年月日' | '年月' | null {
  const t = v.replace(/[\s\u3000_＿]/g, '');
  return t === '年月日' ? '年月日' : t === '年月' ? '年月' : null;
}

/**
 * A column head's hint that lists its answers, `刊物类别(国外刊物/国内重要刊物/中文专著/外文专著)`,
 * `是否固定人员(是/否)`: the options, when the label asks for a kind (类别, 级别, 是否 …) or the
 * list ends with 其他. Null for other slash lists (`联系方式（电话/手机/邮箱）` asks for one of them).
 */
export function slashOptions(label: string, hint: string): string[] | null {
  const items = hint.split(/[/／]/).map((x) => x.trim());
  if (items.length < 2 || items.length > 8 || items.some((x) => !x || [...x].length > 12 || /[，,。；;]/.test(x))) return null;
  return /类别|类型|级别|等级|是否|性质/.test(label) || /^其他/.test(items[items.length - 1] ?? '') ? items : null;
}
