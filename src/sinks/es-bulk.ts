/**
 * @module sinks/es-bulk
 * Records → an Elasticsearch/OpenSearch `_bulk` NDJSON body: one `{"index": {...}}` action line,
 * then the document, per notice. Chinese text goes in twice: raw (for the built-in `cjk` analyzer,
 * bigrams, no plugin needed) and pre-segmented (`*_seg`: tongzhi's own tokens joined by spaces,
 * indexed with a whitespace analyzer), so an engine without analysis-ik still matches what the
 * embedded index matches. `ES_INDEX_BODY` is the index settings + mapping to create first.
 */
import type { NoticeRecord } from '../record/schema.js';
import { noticeUrl } from './feed.js';
import { groupAll } from '../store/copies.js';
import { summarize } from '../store/summary.js';
import { tokenize } from '../store/tokenize.js';

export const ES_INDEX = 'tongzhi-notices';

const seg = (text: string): string => tokenize(text).join(' ');
const cjkText = { type: 'text', analyzer: 'cjk' } as const;
const segText = { type: 'text', analyzer: 'tongzhi_pre' } as const;
const keyword = { type: 'keyword' } as const;
const date = { type: 'date', format: 'strict_date' } as const;

/** PUT /tongzhi-notices with this body before the first bulk load. */
export const ES_INDEX_BODY = {
  settings: {
    analysis: {
      analyzer: {
        // *_seg fields arrive segmented by tongzhi: split on spaces only, nothing else.
        tongzhi_pre: { type: 'custom', tokenizer: 'whitespace', filter: ['lowercase'] },
      },
    },
  },
  mappings: {
    dynamic: false,
    properties: {
      id: keyword,
      /** the same for every copy of one notice (store/copies.ts): collapse on it to show each notice once */
      group: keyword,
      url: keyword,
      title: { ...cjkText, fields: { raw: keyword } },
      title_seg: segText,
      docNumber: keyword,
      docNumber_seg: segText,
      issuers: keyword,
      issuers_seg: segText,
      recipients: keyword,
      level: keyword,
      region: keyword,
      year: { type: 'integer' },
      signedDate: date,
      printedDate: date,
      disclosure: keyword,
      secrecy: keyword,
      urgency: keyword,
      marking: keyword,
      themes: keyword,
      themes_seg: segText,
      keywords: keyword,
      body: cjkText,
      body_seg: segText,
      deadlines: { type: 'nested', properties: { date, time: keyword, what: cjkText, to: keyword, attachment: keyword } },
      eventPeriods: { type: 'nested', properties: { start: date, end: date, text: { type: 'text', index: false } } },
      contacts: { type: 'nested', properties: { name: keyword, org: keyword, phones: keyword, emails: keyword } },
      forms: { type: 'nested', properties: { label: keyword, title: cjkText, schema: { type: 'object', enabled: false } } },
      source: { properties: { fileName: keyword, format: keyword, sha256: keyword, bytes: { type: 'long' } } },
    },
  },
} as const;

/** The bulk document of one record. */
export function esDocument(r: NoticeRecord, baseUrl: string, group: string = r.id): Record<string, unknown> {
  const s = summarize(r, '', '');
  return {
    id: r.id,
    group,
    url: noticeUrl(baseUrl, r.id),
    title: r.title,
    title_seg: seg(r.title ?? ''),
    docNumber: r.docNumber,
    docNumber_seg: seg(r.docNumber ?? ''),
    issuers: r.issuers,
    issuers_seg: seg(r.issuers.join(' ')),
    recipients: r.recipients,
    level: r.level,
    region: r.region,
    year: s.year,
    signedDate: r.signedDate,
    printedDate: r.printedDate,
    disclosure: r.disclosure,
    secrecy: r.secrecy,
    urgency: r.urgency,
    marking: s.marking,
    themes: r.themes,
    themes_seg: seg(r.themes.join(' ')),
    keywords: r.keywords,
    body: r.text,
    body_seg: seg(r.text),
    deadlines: s.deadlines,
    eventPeriods: s.eventPeriods,
    contacts: r.contacts.map((c) => ({ name: c.name, org: c.org, phones: c.phones, emails: c.emails })),
    forms: r.attachments.map((a) => ({ label: a.label, title: a.title, schema: a.form })),
    source: { fileName: r.source.fileName, format: r.source.format, sha256: r.source.sha256, bytes: r.source.bytes },
  };
}

/**
 * Two NDJSON lines (action, document) per record, each ending in a newline. Copies of one notice
 * get one `group` (the smallest of their ids), since an engine has no other way to know them.
 */
export function* esBulkLines(records: readonly NoticeRecord[], options: { baseUrl: string; index?: string }): Generator<string> {
  const index = options.index ?? ES_INDEX;
  const groups = groupAll(records);
  for (const r of records) {
    yield `${JSON.stringify({ index: { _index: index, _id: r.id } })}\n`;
    yield `${JSON.stringify(esDocument(r, options.baseUrl, groups.get(r.id)))}\n`;
  }
}
