/**
 * @module structure/line-kinds
 * What a line at the end of a notice is, by its content alone: organs only (a signature), a date
 * only (the 成文日期), or closing material that may follow the date in a web copy (contacts, the
 * 附件 list, page chrome, 附注, 版记). structure/tail and structure/attachments both read them.
 */
import type { Block } from '../document.js';
import { findDates, parseFullDate } from './dates.js';
import { organsOfLine } from './organs.js';
import { DISCLOSURE_NOTE, FILE_EXTENSION, isPageChrome, squeezeCjkSpaces } from './patterns.js';
import { isPara } from './types.js';

/** A line that names organs only: a signature, a red head, a 印发机关. */
export function isOrganLine(text: string): boolean {
  const t = squeezeCjkSpaces(text).trim();
  return t.length >= 2 && t.length <= 80 && organsOfLine(t) !== null;
}

/** 成文日期 on its own line: a single full date and nothing else (a (此件主动公开) may follow it). */
export function isDateLine(text: string): boolean {
  const t = squeezeDate(withoutDisclosure(text)).trim();
  const d = findDates(t);
  return d.length === 1 && d[0]?.to === null && parseFullDate(t) !== null && (d[0]?.text.length ?? 0) >= t.length - 1;
}

/** PDF text puts blanks around digits and letter O's of a date (二 OO 七年, 2023 年 4 月); a date is read without them. */
export const DATE_CHAR = '[0-9０-９〇○OoＯ零一二三四五六七八九十年月日]';
export const squeezeDate = (t: string): string => t.replace(new RegExp(`(?<=${DATE_CHAR})\\s+(?=${DATE_CHAR})`, 'gu'), '');

export const DISCLOSURE_TAIL = /[（(]\s*此件[^（）()]{1,8}[）)]\s*$/;
export const withoutDisclosure = (t: string): string => t.replace(DISCLOSURE_TAIL, '');

/** Lines that may follow the 成文日期 of a web copy: contacts, the 附件 list, page chrome, 附注, 版记. */
const CONTACT_LINE = /^[（(]?\s*(?:联\s*系\s*人|联系方式|联系电话|电\s*话|手\s*机|座\s*机|传\s*真|邮\s*箱|电子邮箱|电子信箱|E-?mail|地\s*址|通讯地址|邮寄地址|邮\s*编|邮政编码|QQ)/i;
export const NUMBERED_ITEM = /^([0-9０-９]{1,2})\s*[.．、]\s*/;
export function isClosingMaterial(b: Block | undefined): boolean {
  if (!isPara(b)) return false;
  const t = squeezeCjkSpaces(b.text).trim();
  return (
    isPageChrome(t) || DISCLOSURE_NOTE.test(t) || CONTACT_LINE.test(t) || /^附\s*件/.test(t) || NUMBERED_ITEM.test(t) ||
    FILE_EXTENSION.test(t) || /^主\s*题\s*词/.test(t) || /印\s*发$/.test(t)
  );
}
