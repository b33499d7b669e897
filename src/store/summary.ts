/**
 * @module store/summary
 * What every driver derives from a record the same way: the summary kept for listings, the feed
 * order, the filter columns, and the pre-segmented tokens of each weighted field (sinks/tokenize.ts,
 * identical at index and query time).
 */
import { isPublished, markingOf, type Marking, type PublishPolicy } from './publication.js';
import type { NoticeRecord } from '../record/schema.js';
import { tokenize } from './tokenize.js';
import type { NoticeSummary } from './types.js';

/** Field weights of the full-text index: title ×6 > 文号 ×5 > themes ×3 > issuers ×2 > body ×1. */
export const BOOSTS = { title: 6, docNumber: 5, themes: 3, issuers: 2, body: 1 } as const;
export type Field = keyof typeof BOOSTS;
export const FIELDS = Object.keys(BOOSTS) as Field[];

export const isNoticeId = (id: string): boolean => /^[0-9a-f]{16}$/.test(id);

/**
 * The feed's date_published and the listing order: 成文日期 at 00:00 Beijing time, else the
 * 印发日期 (printed in the 版记 of notices whose 成文日期 is missing or unreadable), else the
 * ingest time.
 */
export function datePublished(s: Pick<NoticeSummary, 'signedDate' | 'printedDate' | 'publishedAt'>): string {
  const day = s.signedDate ?? s.printedDate;
  return day ? `${day}T00:00:00+08:00` : s.publishedAt;
}

const yearOf = (r: NoticeRecord): number | null => {
  const y = r.signedDate?.slice(0, 4) ?? /〔(\d{4})〕/.exec(r.docNumber ?? '')?.[1] ?? r.printedDate?.slice(0, 4);
  return y ? Number(y) : null;
};

export function summarize(r: NoticeRecord, publishedAt: string, modifiedAt: string): NoticeSummary {
  return {
    id: r.id,
    kind: r.kind ?? 'notice',
    title: r.title,
    docNumber: r.docNumber,
    issuers: r.issuers,
    level: r.level,
    region: r.region,
    signedDate: r.signedDate,
    printedDate: r.printedDate,
    year: yearOf(r),
    themes: r.themes,
    marking: markingOf(r).marking,
    fileName: r.source.fileName,
    format: r.source.format,
    bytes: r.source.bytes,
    publishedAt,
    modifiedAt,
    deadlines: r.deadlines.map((d) => ({ date: d.date, time: d.time, what: d.what, to: d.to, attachment: d.attachment })),
    eventPeriods: r.eventPeriods.map((p) => ({ start: p.start, end: p.end, text: p.text })),
    events: r.events.map((e) => ({ date: e.date, time: e.time, what: e.what, place: e.place })),
    forms: r.attachments.length,
  };
}

/** The columns a driver filters and orders on, derived from the summary. */
export interface FilterColumns {
  level: string | null;
  region: string | null;
  year: number | null;
  /** issuers joined by newlines (a substring filter never spans two) */
  issuers: string;
  marking: Marking;
  /** ms since the epoch of `datePublished`: the listing and feed order (newest first, then id) */
  sortAt: number;
  /** the latest deadline date: "has a deadline on or after D" is lastDeadline >= D */
  lastDeadline: string | null;
  /** has a deadline, an event or an event period (goes on the calendar) */
  dated: boolean;
}

export function filterColumns(s: NoticeSummary): FilterColumns {
  const last = s.deadlines.reduce<string | null>((m, d) => (m === null || d.date > m ? d.date : m), null);
  return {
    level: s.level,
    region: s.region,
    year: s.year,
    issuers: s.issuers.join('\n'),
    marking: s.marking,
    sortAt: Date.parse(datePublished(s)),
    lastDeadline: last,
    dated: s.deadlines.length + s.events.length + s.eventPeriods.length > 0,
  };
}

/** Each weighted field's tokens (with repeats: term frequency counts). */
export function fieldTokens(r: Pick<NoticeRecord, 'title' | 'docNumber' | 'themes' | 'issuers' | 'text'>): Record<Field, string[]> {
  return {
    title: tokenize(r.title ?? ''),
    docNumber: tokenize(r.docNumber ?? ''),
    themes: tokenize(r.themes.join(' ')),
    issuers: tokenize(r.issuers.join(' ')),
    body: tokenize(r.text),
  };
}

/** The markings a policy publishes, for a driver's `marking IN (…)` (null stands for unmarked). */
export function publishedMarkings(policy: PublishPolicy): Marking[] {
  const all: Marking[] = ['public', 'private', null];
  return all.filter((m) => isPublished(policy, m));
}

/** `filters.issuer` as a LIKE pattern (escape character `\`). */
export const likeContains = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Filter columns each with an index that also serves the listing order within them. */
export const ORDERED_FILTERS = ['level', 'region', 'year', 'marking'] as const;

/** The names and columns of the filter and order indexes. */
const FILTER_INDEXES = (table: string): Array<[string, string]> => [
  [`${table}_order`, '(sort_at DESC, id)'],
  ...ORDERED_FILTERS.map((c): [string, string] => [`${table}_${c}`, `(${c}, sort_at DESC, id)`]),
  [`${table}_deadline`, '(last_deadline)'],
];

/**
 * CREATE INDEX statements of the filter columns and the order, for a table (the same in both SQL
 * dialects). `partial`: over representatives only (`group_id = id`), what every listing asks, so
 * a count or a page never reads a row to learn whether it represents its group.
 */
export const filterIndexes = (table: string, partial = false): string =>
  FILTER_INDEXES(table)
    .map(([name, cols]) => `CREATE INDEX IF NOT EXISTS ${name} ON ${table} ${cols}${partial ? ' WHERE group_id = id' : ''};`)
    .join('\n');

/** DROP INDEX statements of the filter indexes (to make them again, partial). */
export const dropFilterIndexes = (table: string): string =>
  FILTER_INDEXES(table)
    .map(([name]) => `DROP INDEX IF EXISTS ${name};`)
    .join('\n');
