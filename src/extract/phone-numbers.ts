/**
 * @module extract/phone-numbers
 * How phones, faxes and e-mail addresses are printed in Chinese notices, and finding them in a
 * run of text with their offsets (contacts.ts groups them with names).
 */
export const EMAIL_RE = /[A-Za-z0-9][A-Za-z0-9._%+-]* ?[@＠] ?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
export const cleanEmail = (e: string): string => foldWidth(e).replace(/\s+/g, '');
const MOBILE = '1[3-9]\\d{9}';
const AREA = '(?:\\(\\s*0\\d{2,3}\\s*\\)\\s*|0\\d{2,3}\\s*[-—–]\\s*)';
const EXT = '(?:\\s*[-转]\\s*\\d{1,5})?';
/** After an area code any 7–8 digits; alone, a local number never starts with 0 or 1. */
const WITH_AREA = `${AREA}\\d{7,8}${EXT}`;
const LOCAL = `[2-9]\\d{6,7}${EXT}`;
/** A count or an amount is not a phone: `1500000元`, `2000000人次`. */
const NOT_COUNT = '(?!\\d|\\s*[元万亿个人件项份次条])';
/** An area code printed with no separator (`07136223515`, `01059198628`): only inside a labelled value. */
const AREA_GLUED = '0[1-9]\\d{8,10}';
/** A number may run into an e-mail label (`86691842e_mailjyszy@czedu.gov.cn`), not into other letters. */
const NOT_INTO_WORD = '(?!\\s?(?![Ee][-_]?mail)[A-Za-z@])';
/** Inside a labelled value any 7–8 digit number is a phone; elsewhere it needs an area code or be a mobile. */
export const PHONE_IN_VALUE = new RegExp(`(?<![\\w@.-])(?:${MOBILE}|${WITH_AREA}|${AREA_GLUED}|${LOCAL})${NOT_COUNT}${NOT_INTO_WORD}`, 'g');
const PHONE_ANYWHERE = new RegExp(`(?<![\\d-])(?:${MOBILE}|${WITH_AREA})(?![\\d])`, 'g');
/** The next number of a list (`0931-8817160、8721211`): any phone once the list has begun with a sure one. */
const PHONE_NEXT = new RegExp(`\\s*(?:[、,，;；/]|或)\\s*(${MOBILE}|${WITH_AREA}|${LOCAL})${NOT_COUNT}`, 'y');
/** Zhejiang and other provinces print the 政府/集团 short dialling number next to the full one. */
export const SHORT_NUMBER = /(?<=短号\s*[:：]?\s*)\d{3,6}(?!\d)/g;
/**
 * A campus or in-house short number: the whole of a phone value (`联系电话:82388`) or bracketed after
 * the full number (`86680256(778256)`). Five or six digits: three or four in brackets are extensions.
 */
export const SHORT_ALONE = /^\s*(\d{5,6})\s*$/;
export const SHORT_BRACKETED = /(?<=\d\s*[(（])\d{5,6}(?=[)）])/g;

export interface Span {
  text: string;
  start: number;
  end: number;
}


/** Full-width ASCII (`０３７１－６５`, `＠`, `（`) to half-width, one UTF-16 unit for one, so offsets hold. */
export const foldWidth = (s: string): string =>
  s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** `(010) 68574158` → `010-68574158`; a bare number after `010-…、` takes that area code. */
export function normalizePhone(raw: string, areaCode: string | null): string {
  // Read the area code before blanks go: `010 58881428` is 010 + 58881428, not 0105 + 8881428.
  const n = raw.normalize('NFKC').trim();
  // `01059198628`: printed without a separator, where the area code ends is not ours to guess.
  if (/^0\d{9,11}$/.test(n)) return n;
  const m = /^[(（]?\s*(0\d{2,3})\s*[)）]?\s*[-－—–\s]?\s*(\d{7,8}.*)$/.exec(n);
  if (m?.[1] && m[2]) return `${m[1]}-${m[2].replace(/\s+/g, '')}`;
  const t = n.replace(/\s+/g, '');
  if (/^1[3-9]\d{9}$/.test(t) || t.length < 7 || !areaCode) return t;
  return `${areaCode}-${t}`;
}


export function findAll(re: RegExp, text: string, at: number): Span[] {
  return [...foldWidth(text).matchAll(re)].map((m) => ({ text: m[0], start: at + m.index, end: at + m.index + m[0].length }));
}

/** An e-mail label glued to the address (`86691842e_mailjyszy@czedu.gov.cn`) is not part of it. */
const GLUED_EMAIL_LABEL = /^[^@]*?[Ee][-_]?mail[:：]?(?=[A-Za-z0-9][^@]*@)/;
export const findEmails = (text: string, at: number): Span[] =>
  findAll(EMAIL_RE, text, at).map((e) => {
    const cut = GLUED_EMAIL_LABEL.exec(e.text)?.[0].length ?? 0;
    return { text: cleanEmail(e.text.slice(cut)), start: e.start + cut, end: e.end };
  });

/** Phones of free text: sure ones (mobile, area code) and the local numbers listed after them. */
export function findPhonesAnywhere(text: string, at: number): Span[] {
  const folded = foldWidth(text);
  const out: Span[] = [];
  for (const m of folded.matchAll(PHONE_ANYWHERE)) {
    out.push({ text: m[0], start: at + m.index, end: at + m.index + m[0].length });
    PHONE_NEXT.lastIndex = m.index + m[0].length;
    for (let n = PHONE_NEXT.exec(folded); n?.[1]; n = PHONE_NEXT.exec(folded)) {
      const s = n.index + n[0].length - n[1].length;
      out.push({ text: n[1], start: at + s, end: at + s + n[1].length });
    }
  }
  return out;
}


/** Phones compare on their last 8 digits (the area code is optional), mobiles whole. */
export const digitsKey = (p: string): string => {
  const d = p.replace(/\D/g, '');
  return d.length === 11 && d.startsWith('1') ? d : d.slice(-8);
};
