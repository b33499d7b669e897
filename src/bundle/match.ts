/**
 * @module bundle/match
 * Which file of a bundle is the notice, and which 附件说明 entry each other file is. Small pure
 * rules over names and first lines: offices name attachment files `附件1 xxx报名表.doc`,
 * `附件2：xxx汇总表.xls`, `2.xxx统计表.xlsx`, and print `附件 1` over the form inside.
 */
import { fold, squeezeCjkSpaces } from '../structure/patterns.js';
import type { Structure } from '../structure/types.js';

const CN_DIGITS = '〇一二三四五六七八九';

/** 1–99 from ASCII, full-width or Chinese numerals (`十二`, `二十`). */
export function numberOf(s: string): number | null {
  const ascii = s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (/^\d{1,2}$/.test(ascii)) return Number(ascii);
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return null;
  if (!m[2]) return m[1] && !m[3] ? CN_DIGITS.indexOf(m[1]) : null;
  return (m[1] ? CN_DIGITS.indexOf(m[1]) : 1) * 10 + (m[3] ? CN_DIGITS.indexOf(m[3]) : 0);
}

const NUMERAL = '[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}';
/** `附件1`, `附件 2`, `附件二：`, `附表3` at the start of a file name or line. */
const LABEL = new RegExp(`^\\s*附\\s*(?:件|表)\\s*(${NUMERAL})(?![0-9０-９])`);
/** `2.xxx表`, `2、xxx`, `(2)xxx`: a list number opening a file name. */
const LEADING = /^\s*[（(]?([0-9０-９]{1,2})\s*[)）.．、_\-\s]\s*(?=\S)/;

/** A file name without its folder and extension. */
export const stemOf = (path: string): string => (path.split('/').at(-1) ?? path).replace(/\.[A-Za-z0-9]{1,5}$/, '');

/** The attachment number a file carries: in its name (`附件2 …`, `2.…`), else in its first lines (`附件 2`). */
export function attachmentNumber(path: string, firstLines: readonly string[]): number | null {
  const stem = stemOf(path);
  const byName = LABEL.exec(stem)?.[1] ?? LEADING.exec(stem)?.[1];
  if (byName) return numberOf(byName);
  for (const line of firstLines.slice(0, 3)) {
    const m = LABEL.exec(line);
    if (m?.[1]) return numberOf(m[1]);
  }
  return null;
}

/** The words of a title as compared: folded, no blanks, no 附件N / list number, no bracketed edition. */
export function titleKey(s: string): string {
  return squeezeCjkSpaces(fold(s))
    .replace(LABEL, '')
    .replace(LEADING, '')
    .replace(/^[\s：:、.．_\-]+/, '')
    .replace(/[\s《》“”"'·]/g, '');
}

/** Dice coefficient over character bigrams: 1 for the same title, ~0 for unrelated ones. */
export function titleLikeness(a: string, b: string): number {
  const grams = (s: string): Map<string, number> => {
    const m = new Map<string, number>();
    for (let i = 0; i + 1 < s.length; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const x = grams(titleKey(a));
  const y = grams(titleKey(b));
  let both = 0;
  let total = 0;
  for (const [g, n] of x) both += Math.min(n, y.get(g) ?? 0);
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  return total === 0 ? 0 : (2 * both) / total;
}

/** Titles this alike name the same attachment (a file name often adds or drops a year or a unit). */
export const SAME_TITLE = 0.6;

/**
 * How much a file looks like the notice of its bundle: its structure's notice parts (title, 主送,
 * 正文 sentences, 文号, 成文日期, 附件说明). A form alone scores low; so does a file its name
 * marks as an attachment.
 */
export function noticeScore(path: string, structure: Structure, isFormAlone: boolean): number {
  let score = 0;
  if (structure.title) score += 3;
  if (structure.recipients) score += 3;
  const sentences = structure.body.filter((b) => b.kind === 'paragraph' && /[。；]/.test(b.text)).length;
  score += Math.min(3, sentences);
  if (structure.docNumber) score += 2;
  if (structure.signedDate) score += 1;
  if (structure.attachmentNotes.length) score += 2;
  if (isFormAlone) score -= 6;
  if (LABEL.test(stemOf(path))) score -= 4;
  return score;
}
