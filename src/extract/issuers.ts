/**
 * @module extract/issuers
 * 发文机关: the organs before 关于 in the title (short names as printed), else the 署名, else the
 * 发文机关标志 of the red head, else the 印发机关 of the 版记. A title prefix ending in `等三部门`
 * defers to the red head, which lists them all. Every candidate must read as organ names
 * (structure/organs): a 主送 line, page chrome or a list item never becomes an issuer.
 */
import type { Doc } from '../document.js';
import type { Issue } from '../record/schema.js';
import { isDepartmentName, isOrganName, organsOfLine } from '../structure/organs.js';
import { fold, stripMarkup } from '../structure/patterns.js';
import type { Located, Structure } from '../structure/types.js';

export interface Issuers {
  names: string[];
  from: Located[];
  /** Set when the names were inferred (signature only, 印发机关) rather than read in the title. */
  issue: Issue | null;
}

const MANY_ORGANS = /等\s*[一二三四五六七八九十\d]+\s*(?:个)?(?:部门|单位)$/;

/**
 * Organs of the signature lines. A parent organ over its departments signs for each of them:
 * `新闻出版总署 / 人事教育司 / 科技发展司` → 新闻出版总署人事教育司, 新闻出版总署科技发展司.
 */
export function signatureOrgans(lines: readonly string[]): string[] {
  const organs = lines.map((l) => organsOfLine(l) ?? []);
  const [head, ...rest] = organs;
  if (head?.length === 1 && rest.length > 0 && !isDepartmentName(head[0] ?? '') && rest.every((r) => r.length > 0 && r.every(isDepartmentName))) {
    return rest.flat().map((d) => `${head[0]}${d}`);
  }
  return organs.flat();
}

/**
 * `湖北省肿瘤医院2023年度公开招聘合同制人员公告`, `普陀四村第一居委会居民封闭期间告知书`: a title
 * without 关于 that opens with an organ's name (the longest such opening, four characters or more).
 */
export function leadingOrgan(title: string): string | null {
  const t = title.trim();
  for (let k = Math.min(t.length - 2, 30); k >= 4; k--) {
    const name = t.slice(0, k);
    if (isOrganName(name) && organsOfLine(name)?.length === 1) return name;
  }
  return null;
}

export function extractIssuers(doc: Doc, s: Structure): Issuers {
  let prefix = '';
  if (s.title) {
    const raw = stripMarkup(doc.text.slice(s.title.start, s.title.end).replace(/\n/g, ''));
    const at = fold(raw).indexOf('关于');
    prefix = at > 0 ? raw.slice(0, at).trim() : '';
    // `清遠市財政局轉發省農業農村廳 省財政廳關于…`: the organs before 转发 forward the others' notice.
    const forwards = fold(prefix).indexOf('转发');
    if (forwards > 0) prefix = prefix.slice(0, forwards).trim();
    const organs = prefix && !MANY_ORGANS.test(prefix) ? organsOfLine(prefix) : null;
    if (organs) return { names: organs, from: [s.title], issue: null };
  }
  const mark = s.issuerMark.flatMap((m) => organsOfLine(m.text) ?? []);
  const signed = signatureOrgans(s.signature.map((l) => l.text));
  // `…等三部门关于`: the red head names them all; the signature may be cut short by the seal.
  if (MANY_ORGANS.test(prefix) && mark.length > 0) return { names: mark, from: s.issuerMark, issue: null };
  if (signed.length > 0) {
    const confirmed =
      (mark.length > 0 && signed.some((o) => mark.some((m) => o.startsWith(m) || m.startsWith(o)))) || signed.every((o) => s.title?.text.includes(o) === true);
    const issue: Issue | null = confirmed
      ? null
      : { code: 'issuers_from_signature', path: ['issuers'], message: `issuers taken from the signature only (${signed.join('、')}); the title names none` };
    return { names: signed, from: s.signature, issue };
  }
  if (mark.length > 0) return { names: mark, from: s.issuerMark, issue: null };
  const lead = s.title ? leadingOrgan(s.title.text) : null;
  if (lead && s.title) {
    const from = { ...s.title, end: s.title.start + lead.length, text: lead };
    return { names: [lead], from: [from], issue: { code: 'issuers_from_title', path: ['issuers'], message: `no signature or red head; the title opens with ${lead}` } };
  }
  // Last, what stands outside the 主体: the 印发机关 of the 版记, then the page's 发布机构.
  for (const [at, code, what] of [
    [s.printer, 'issuers_from_printer', '印发机关'],
    [s.pageMeta.issuer, 'issuers_from_page', "page's 发布机构"],
  ] as const) {
    const names = at ? organsOfLine(at.text) : null;
    if (names && at) {
      return { names, from: [at], issue: { code, path: ['issuers'], message: `no title prefix, red head or signature names the issuer; taken from the ${what} ${names.join('、')}` } };
    }
  }
  return { names: [], from: [], issue: null };
}
