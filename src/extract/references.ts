/**
 * @module extract/references
 * Other notices the text cites: `《title》（文号）`, a bare 文号, or a 《title》 that names a
 * document kind (意见, 通知 …). The notice's own 文号 and its own attachments are not references.
 */
import type { Reference } from '../record/schema.js';
import { findOrgans } from '../structure/organs.js';
import { DOC_NUMBER, DOC_NUMBER_YEAR_FIRST, ENDS_WITH_DOC_KIND, docNumberOf, fold, normalizeDocNumber, squeezeCjkSpaces } from '../structure/patterns.js';
import type { ExtractContext } from './context.js';
import { evidence } from './context.js';

/** The pattern's source with its groups made non-capturing (brackets inside a character class left alone). */
function nonCapturing(re: RegExp): string {
  let out = '';
  let inClass = false;
  const src = re.source;
  for (let i = 0; i < src.length; i++) {
    const c = src.charAt(i);
    if (c === '\\') {
      out += c + src.charAt(++i);
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    out += c === '(' && !inClass && src.charAt(i + 1) !== '?' ? '(?:' : c;
  }
  return out;
}
const TITLE_THEN_NUMBER = new RegExp(`《([^《》]{2,120})》\\s*[（(]\\s*(${nonCapturing(DOC_NUMBER)}|${nonCapturing(DOC_NUMBER_YEAR_FIRST)})\\s*[）)]`, 'gu');
const TITLE_ONLY = /《([^《》]{2,120})》/gu;

const numberOf = (s: string): string | null => {
  const m = new RegExp(DOC_NUMBER.source, 'u').exec(s);
  return m?.[1] && m[2] && m[3] ? normalizeDocNumber(m[1], m[2], m[3], m[4]) : docNumberOf(s);
};

/** Words a 文号's 代字 never starts with: the verb or conjunction before the citation (traditional pages read folded). */
const LEAD_IN = /^.*?(?:根据|按照|依据|参照|依照|贯彻|落实|详见|见|的|和|及|与)/;
const withoutLeadIn = (prefix: string): string => {
  const m = LEAD_IN.exec(fold(prefix));
  const p = m ? prefix.slice(m[0].length) : prefix;
  // `市教育局渭教基〔2008〕117號`: the issuing organ's name printed before its 文号 (a 代字 such as
  // 工信厅联运行函 or 国科发 starts with a short name of three characters or fewer, kept).
  const organ = findOrgans(p)[0];
  return organ?.start === 0 && organ.end >= 4 && p.length - organ.end >= 2 ? p.slice(organ.end) : p;
};

export function extractReferences(ctx: ExtractContext, ownNumber: string | null): Reference[] {
  const { doc, structure } = ctx;
  const out: Reference[] = [];
  const seen = new Set<string>();
  const ownTitles = new Set(
    [...structure.attachments.map((a) => a.title?.text ?? ''), ...structure.attachmentNotes.map((n) => n.text)].map((t) => squeezeCjkSpaces(t)),
  );
  const push = (title: string | null, docNumber: string | null, start: number, end: number): void => {
    const key = docNumber ?? `《${title}》`;
    if (seen.has(key) || (docNumber && docNumber === ownNumber)) return;
    seen.add(key);
    if (title) seen.add(`《${title}》`);
    out.push({ title, docNumber, evidence: evidence(doc, start, end) });
  };
  const headEnd = structure.recipients?.end ?? structure.title?.end ?? 0;
  const text = doc.text;
  for (const m of text.matchAll(TITLE_THEN_NUMBER)) {
    if (m.index < headEnd) continue;
    push(squeezeCjkSpaces(m[1] ?? ''), numberOf(m[2] ?? ''), m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(new RegExp(DOC_NUMBER.source, 'gu'))) {
    if (m.index < headEnd || !m[1] || !m[2] || !m[3]) continue;
    const prefix = withoutLeadIn(m[1]);
    push(null, normalizeDocNumber(prefix, m[2], m[3], m[4]), m.index + m[0].indexOf(prefix), m.index + m[0].length);
  }
  // 湘茶学会2013【4】号: the year before the bracket, kept as printed.
  for (const m of text.matchAll(DOC_NUMBER_YEAR_FIRST)) {
    if (m.index < headEnd || !m[1] || !m[2] || !m[3]) continue;
    const prefix = withoutLeadIn(m[1]);
    if (!prefix) continue;
    push(null, `${prefix}${m[2]}〔${Number(m[3])}〕${m[4] === '號' ? '號' : '号'}`, m.index + m[0].indexOf(prefix), m.index + m[0].length);
  }
  // `（以下简称《意见》）` defines an alias of the title just cited; later uses of it are not new documents.
  const aliases = new Set([...text.matchAll(/简称\s*《([^《》]{1,30})》/gu)].map((m) => squeezeCjkSpaces(m[1] ?? '')));
  for (const m of text.matchAll(TITLE_ONLY)) {
    if (m.index < headEnd) continue;
    const title = squeezeCjkSpaces(m[1] ?? '');
    if (aliases.has(title) || !ENDS_WITH_DOC_KIND.test(title) || ownTitles.has(title)) continue;
    push(title, null, m.index, m.index + m[0].length);
  }
  return out;
}
