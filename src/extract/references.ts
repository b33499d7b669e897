/**
 * @module extract/references
 * Other notices the text cites: `《title》（文号）`, a bare 文号, or a 《title》 that names a
 * document kind (意见, 通知 …). The notice's own 文号 and its own attachments are not references.
 */
import type { Reference } from '../record/schema.js';
import { DOC_NUMBER, ENDS_WITH_DOC_KIND, normalizeDocNumber, squeezeCjkSpaces } from '../structure/patterns.js';
import type { ExtractContext } from './context.js';
import { evidence } from './context.js';

const TITLE_THEN_NUMBER = /《([^《》]{2,120})》\s*[（(]\s*([\u4e00-\u9fa5]{1,15}?\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*(?:第\s*)?\d{1,5}\s*号)\s*[）)]/gu;
const TITLE_ONLY = /《([^《》]{2,120})》/gu;

const numberOf = (s: string): string | null => {
  const m = new RegExp(DOC_NUMBER.source, 'u').exec(s);
  return m?.[1] && m[2] && m[3] ? normalizeDocNumber(m[1], m[2], m[3]) : null;
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
    const prefix = m[1].replace(/^.*?(?:根据|按照|依据|参照|依照|贯彻|落实|见|的|和|及|与)/, '');
    push(null, normalizeDocNumber(prefix, m[2], m[3]), m.index + m[0].indexOf(prefix), m.index + m[0].length);
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
