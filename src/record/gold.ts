/**
 * @module record/gold
 * A (corrected, checked) record as a gold label in the shared `eval/GOLD_SCHEMA.md` format, so
 * every notice a staff member has checked on the page becomes evaluation data
 * (`tongzhi export --format gold`).
 */
import type { NoticeRecord } from './schema.js';

export interface GoldRecord {
  id: string;
  level: NoticeRecord['level'];
  title: string | null;
  doc_number: string | null;
  issuers: string[];
  signed_date: string | null;
  themes: string[];
  event_periods: Array<{ start: string; end: string }>;
  deadlines: Array<{ date: string; what: string }>;
  contacts: Array<{ name: string | null; phones: string[]; emails: string[] }>;
  emails: string[];
  phones: string[];
  references: Array<{ doc_number: string }>;
  attachments: Array<{ title: string | null; fields: string[] }>;
}

const unique = (xs: Iterable<string>): string[] => [...new Set(xs)];

export function goldOf(r: NoticeRecord): GoldRecord {
  return {
    id: r.id,
    level: r.level,
    // GOLD_SCHEMA: the title with whitespace removed
    title: r.title?.replace(/\s+/g, '') ?? null,
    doc_number: r.docNumber,
    issuers: r.issuers,
    signed_date: r.signedDate,
    themes: r.themes,
    event_periods: r.eventPeriods.map((p) => ({ start: p.start, end: p.end })),
    deadlines: r.deadlines.map((d) => ({ date: d.date, what: d.what })),
    // "each named contact person": an office without a name is no contact of the gold
    contacts: r.contacts.filter((c) => c.name !== null).map((c) => ({ name: c.name, phones: c.phones, emails: c.emails })),
    emails: unique([...r.contacts.flatMap((c) => c.emails), ...r.attachments.flatMap((a) => (a.submitTo?.email ? [a.submitTo.email] : []))]),
    phones: unique(r.contacts.flatMap((c) => [...c.phones, ...c.faxes])),
    references: r.references.flatMap((x) => (x.docNumber ? [{ doc_number: x.docNumber }] : [])),
    attachments: r.attachments.filter((a) => a.form !== null).map((a) => ({ title: a.title, fields: unique(a.fieldSources.map((f) => f.title)) })),
  };
}
