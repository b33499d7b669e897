/**
 * @module extract
 * Runs every extractor over (Doc, Structure) and returns the record's fields with evidence.
 * Nothing here throws on "not found": a missing field is null or [] plus an issue.
 */
import type { Doc } from '../document.js';
import type { Issue, NoticeRecord } from '../record/schema.js';
import { DISCLOSURE_NOTE, docNumberOf } from '../structure/patterns.js';
import type { Structure } from '../structure/types.js';
import { extractContacts } from './contacts.js';
import type { ExtractContext } from './context.js';
import { evidenceOf } from './context.js';
import { findDates, parseFullDate } from '../structure/dates.js';
import { extractDeadlines } from './deadlines.js';
import { extractAttachments, formAlone } from './forms/index.js';
import { extractIssuers } from './issuers.js';
import { extractKeywords } from './keywords.js';
import { inferLevel } from './level.js';
import { extractEvents, extractPeriods } from './periods.js';
import { extractReferences } from './references.js';
import { extractThemes } from './themes.js';

/** What the extractors find in one file; `bundle` and `notice` are set by whoever combines files (bundles, links). */
export type ExtractedFields = Omit<NoticeRecord, 'schemaVersion' | 'id' | 'source' | 'status' | 'text' | 'bundle' | 'notice'>;

export interface ExtractOptions {
  /** Keywords need the jieba dictionary; callers that don't need them skip its load. */
  keywords: boolean;
}

/** Issues about parts only a notice has. */
const NOTICE_PARTS = new Set(['title_not_found', 'doc_number_not_found', 'signed_date_not_found', 'no_reference_year']);

const ownDocNumber = (s: Structure): string | null => (s.docNumber ? docNumberOf(s.docNumber.text) : null);

/** The year (and month) that dates without a year belong to: the notice's own, never today's. */
function reference(s: Structure, signed: string | null, printed: string | null, docNumber: string | null, doc: Doc, bodyText: string): { year: number | null; month: number | null } {
  const own = signed ?? printed;
  if (own) return { year: Number(own.slice(0, 4)), month: Number(own.slice(5, 7)) };
  const byNumber = /〔(\d{4})〕/.exec(docNumber ?? '')?.[1];
  if (byNumber) return { year: Number(byNumber), month: null };
  // `2002年1月1日以后出生` is an eligibility rule, not the notice's time.
  const first = findDates(bodyText).find((d) => d.from.year !== null && !/^[^，。；,;]{0,10}?出生/.test(bodyText.slice(d.end, d.end + 24)));
  if (first?.from.year) return { year: first.from.year, month: null };
  // The latest year of a notice it cites (`根据…(鄂人社函〔2022〕25號)精神`): a notice answers recent ones.
  const cited = [...bodyText.matchAll(/[〔[]\s*((?:19|20)\d{2})\s*[〕\]]/g)].map((m) => Number(m[1]));
  if (cited.length > 0) return { year: Math.max(...cited), month: null };
  const inTitle = /((?:19|20)\d{2})\s*年/.exec(s.title?.text ?? '')?.[1];
  const anyYear = inTitle ?? /((?:19|20)\d{2})\s*年/.exec(doc.text)?.[1];
  if (anyYear) return { year: Number(anyYear), month: null };
  // Only a web page's own date is left (`信息时间:2007-09-11`).
  const numeric = findDates(doc.text).find((d) => d.from.year !== null)?.from.year;
  return { year: numeric ?? null, month: null };
}

function disclosureOf(s: Structure): 'public' | 'not_public' | null {
  if (s.secrecy) return 'not_public';
  for (const n of s.notes) {
    const m = DISCLOSURE_NOTE.exec(n.text.trim());
    if (m?.[1]) return /不/.test(m[1]) || m[1] === '依申请公开' ? 'not_public' : 'public';
  }
  return null;
}

export function extractFields(doc: Doc, structure: Structure, options: ExtractOptions): ExtractedFields {
  const issues: Issue[] = [];
  const printedSigned = structure.signedDate ? parseFullDate(structure.signedDate.text) : null;
  // A page copy without a date under the text: the 成文日期 of the page's disclosure metadata.
  const metaSigned = !printedSigned && structure.pageMeta.signedDate ? parseFullDate(structure.pageMeta.signedDate.text) : null;
  const signedDate = printedSigned ?? metaSigned;
  const printedDate = structure.printedDate ? parseFullDate(structure.printedDate.text) : null;
  const docNumber = ownDocNumber(structure);
  const bodyText = structure.body.map((b) => (b.kind === 'paragraph' ? b.text : '')).join('\n');
  const ref = reference(structure, signedDate, printedDate, docNumber, doc, bodyText);
  const ctx: ExtractContext = { doc, structure, referenceYear: ref.year, referenceMonth: ref.month, issues };

  const title = structure.title?.text ?? null;
  if (!title) issues.push({ code: 'title_not_found', path: ['title'], message: 'no line ending with a document kind (通知, 意见 …) near the top' });
  if (!docNumber) issues.push({ code: 'doc_number_not_found', path: ['docNumber'], message: 'no 发文字号 such as 国科发〔2024〕31号 in the head' });
  if (!signedDate) issues.push({ code: 'signed_date_not_found', path: ['signedDate'], message: 'no 成文日期 under the signature' });
  if (metaSigned) issues.push({ code: 'signed_date_from_page', path: ['signedDate'], message: `no 成文日期 under the text; taken from the page's metadata (${metaSigned})` });
  if (ref.year === null) issues.push({ code: 'no_reference_year', path: ['deadlines'], message: 'dates without a year could not be placed: the notice states no year' });

  const issuers = extractIssuers(doc, structure);
  if (issuers.issue) issues.push(issuers.issue);
  const recipients = structure.recipients
    ? structure.recipients.text.split(/[，,；;]/).map((x) => x.trim()).filter(Boolean)
    : [];
  const { level, region } = inferLevel({
    docNumber,
    issuers: issuers.names,
    recipients: structure.recipients?.text ?? null,
    title,
    text: doc.text,
  });
  const contacts = extractContacts(doc);
  const periods = extractPeriods(ctx);
  for (const m of periods.imprecise) {
    issues.push({ code: 'imprecise_period', path: ['eventPeriods'], message: `period "${m.text}" is only as precise as part of a month; not given as days` });
  }
  const deadlines = extractDeadlines(ctx, contacts);
  const bare = formAlone(ctx);
  const attachments = extractAttachments(ctx, deadlines, bare);
  // A form alone (an attachment file that arrived without its notice, with or without its
  // 附件N line) is a form record: forms and none of a notice's parts.
  const noNotice = !structure.title && !docNumber && !signedDate && !structure.recipients;
  const kind = (bare || noNotice) && attachments.some((a) => a.form) ? 'form' : 'notice';

  // A form has no 文号, 成文日期 or notice title to miss; its title is the form's printed one.
  const formTitle = kind === 'form' ? (attachments.find((a) => a.form)?.title ?? null) : null;
  const ownIssues = kind === 'form' ? issues.filter((i) => !NOTICE_PARTS.has(i.code)) : issues;
  return {
    kind,
    issues: ownIssues,
    title: title ?? formTitle,
    docNumber,
    issuers: issuers.names,
    recipients,
    level,
    region,
    signedDate,
    printedDate,
    disclosure: disclosureOf(structure),
    secrecy: structure.secrecy?.text ?? null,
    urgency: structure.urgency?.text ?? null,
    themes: extractThemes(ctx).map((t) => t.value),
    eventPeriods: periods.periods,
    events: extractEvents(ctx),
    deadlines,
    contacts,
    references: extractReferences(ctx, docNumber),
    attachments,
    outline: structure.outline.map((h) => ({ number: h.number, heading: h.heading, level: h.level, evidence: evidenceOf(doc, h.at) })),
    keywords: options.keywords ? extractKeywords(bodyText || doc.text) : [],
  };
}
