/**
 * @module sinks/feed
 * Records → JSON Feed 1.1 (https://jsonfeed.org/version/1.1, `application/feed+json`). Items are
 * newest first (成文日期, else ingest time) and paged with `next_url`; notices not for publication
 * (不予公开 or any 密级) are never items. Each item carries a readable `content_text`, the original
 * file and every form's JSON Schema as `attachments`, and the record (without its full text,
 * which is at the item's `url`) under the `_tongzhi` extension.
 */
import { isPublished, type PublishPolicy } from '../store/publication.js';
import type { NoticeRecord } from '../record/schema.js';
import { datePublished } from '../store/summary.js';
import type { NoticeSummary, StoreDriver } from '../store/types.js';

export const FEED_VERSION = 'https://jsonfeed.org/version/1.1';
export const FEED_MIME = 'application/feed+json';
export const SCHEMA_MIME = 'application/schema+json';
export const FEED_PAGE_SIZE = 50;
export const FEED_TITLE = 'tongzhi 通知';

const FORMAT_MIME: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  text: 'text/plain',
  // .doc and Kingsoft .wps are both OLE2 Word files to the reader; .et reads as xls
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html',
  // GB/T 33190 names no media type; this is the one Chinese OFD readers register
  ofd: 'application/ofd',
};

const IMAGE_MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', tif: 'image/tiff', tiff: 'image/tiff' };

/** The MIME type of an original file, with its charset for text. */
export function originalMime(source: Pick<NoticeRecord['source'], 'format' | 'encoding'> & { fileName?: string }): string {
  const ext = /\.([a-z]+)$/i.exec(source.fileName ?? '')?.[1]?.toLowerCase() ?? '';
  const base = (source.format === 'image' ? IMAGE_MIME[ext] : FORMAT_MIME[source.format]) ?? 'application/octet-stream';
  return (source.format === 'text' || source.format === 'html') && source.encoding ? `${base}; charset=${source.encoding}` : base;
}

export interface FeedAttachment {
  url: string;
  mime_type: string;
  title?: string;
  size_in_bytes?: number;
}

export interface FeedItem {
  id: string;
  url: string;
  title: string;
  content_text: string;
  summary: string;
  date_published: string;
  date_modified: string;
  language: 'zh-CN';
  tags: string[];
  authors: Array<{ name: string }>;
  attachments: FeedAttachment[];
  _tongzhi: Record<string, unknown> & { about: string };
}

export interface JsonFeed {
  version: typeof FEED_VERSION;
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  language: 'zh-CN';
  next_url?: string;
  items: FeedItem[];
}

export const noticeUrl = (baseUrl: string, id: string): string => `${baseUrl}/notices/${id}`;
export const schemaUrl = (baseUrl: string): string => `${baseUrl}/schema/notice-record.json`;
export const feedPageUrl = (baseUrl: string, page: number): string => `${baseUrl}/feed.json${page > 1 ? `?page=${page}` : ''}`;

const LEVEL_ZH: Record<string, string> = { national: '国家级', provincial: '省级', municipal: '市级', district: '区县级', institution: '机构' };

const when = (date: string, time: string | null): string => (time ? `${date} ${time}` : date);

/** A plain-text summary a person can read in any feed reader. */
export function contentText(r: NoticeRecord): string {
  const lines: string[] = [r.title ?? r.source.fileName];
  if (r.issuers.length) lines.push(`发文机关：${r.issuers.join('、')}`);
  if (r.docNumber) lines.push(`文号：${r.docNumber}`);
  if (r.signedDate) lines.push(`成文日期：${r.signedDate}`);
  for (const p of r.eventPeriods) lines.push(`活动时间：${p.start} 至 ${p.end}`);
  for (const e of r.events) lines.push(`${when(e.date, e.time)}：${e.what}${e.place ? `（${e.place}）` : ''}`);
  if (r.deadlines.length) {
    lines.push('截止时间：');
    for (const d of r.deadlines) lines.push(`· ${when(d.date, d.time)} 前：${d.what}${d.to ? `（报送：${d.to}）` : ''}`);
  }
  for (const c of r.contacts) {
    const how = [...c.phones, ...c.emails].join('，');
    lines.push(`联系人：${[c.name, c.org].filter(Boolean).join('，') || '—'}${how ? `（${how}）` : ''}`);
  }
  for (const a of r.attachments) {
    const due = [
      a.deadline ? `${a.deadline.date}${a.deadline.time ? ` ${a.deadline.time}` : ''}前` : null,
      a.submitTo ? `报送${a.submitTo.email ?? a.submitTo.office ?? ''}` : null,
      a.sealRequired ? '须盖章' : null,
    ].filter(Boolean);
    lines.push(`${a.label ?? '附件'}：${a.title ?? ''}${due.length ? `（${due.join('，')}）` : ''}`);
  }
  return lines.join('\n');
}

/** Another file the same notice arrived as (store/copies.ts), as the feed and the API list it. */
export interface NoticeSource {
  id: string;
  fileName: string;
  format: string;
  publishedAt: string;
  /** the record of this copy */
  url: string;
  /** the file as it arrived */
  original: string;
}

export const sourceOf = (baseUrl: string, s: Pick<NoticeSummary, 'id' | 'fileName' | 'format' | 'publishedAt'>): NoticeSource => {
  const url = noticeUrl(baseUrl, s.id);
  return { id: s.id, fileName: s.fileName, format: s.format, publishedAt: s.publishedAt, url, original: `${url}/original` };
};

/**
 * The feed item of a notice: `r` is its representative's record; `copies` the other files it
 * arrived as (their originals follow the forms among the attachments, and `_tongzhi.sources`
 * lists every file, the representative first).
 */
export function feedItem(
  r: NoticeRecord,
  s: Pick<NoticeSummary, 'signedDate' | 'printedDate' | 'publishedAt' | 'modifiedAt'>,
  baseUrl: string,
  copies: ReadonlyArray<Pick<NoticeSummary, 'id' | 'fileName' | 'format' | 'publishedAt' | 'bytes'>> = [],
): FeedItem {
  const url = noticeUrl(baseUrl, r.id);
  const tags = [r.level ? LEVEL_ZH[r.level] ?? r.level : null, r.region, ...r.issuers, ...r.themes].filter((t): t is string => Boolean(t));
  const attachments: FeedAttachment[] = [
    { url: `${url}/original`, mime_type: originalMime(r.source), title: r.source.fileName, size_in_bytes: r.source.bytes },
  ];
  r.attachments.forEach((a, n) => {
    if (a.form) attachments.push({ url: `${url}/forms/${n}`, mime_type: SCHEMA_MIME, title: a.title ?? a.label ?? `form ${n}` });
  });
  for (const c of copies) {
    attachments.push({ url: `${noticeUrl(baseUrl, c.id)}/original`, mime_type: originalMime({ format: c.format as NoticeRecord['source']['format'], encoding: null, fileName: c.fileName }), title: c.fileName, ...(c.bytes === undefined ? {} : { size_in_bytes: c.bytes }) });
  }
  const sources = [sourceOf(baseUrl, { ...s, id: r.id, fileName: r.source.fileName, format: r.source.format }), ...copies.map((c) => sourceOf(baseUrl, c))];
  const { text: _text, ...structured } = r;
  return {
    id: r.id,
    url,
    title: r.title ?? r.source.fileName,
    content_text: contentText(r),
    summary: [r.issuers.join('、'), r.docNumber].filter(Boolean).join(' ') || (r.title ?? r.source.fileName),
    date_published: datePublished(s),
    date_modified: s.modifiedAt,
    language: 'zh-CN',
    tags: [...new Set(tags)],
    authors: r.issuers.map((name) => ({ name })),
    attachments,
    _tongzhi: { about: schemaUrl(baseUrl), ...structured, sources },
  };
}

export interface FeedPageOptions {
  baseUrl: string;
  /** 1-based */
  page?: number;
  pageSize?: number;
  /** which notices are published (config --publish) */
  policy: PublishPolicy;
}

/**
 * One page of the feed. `loadRecord` gives the stored record of an id (null when it is gone,
 * and the item is then left out). Null when `page` is past the last page (page 1 always exists).
 */
export async function feedPage(
  store: Pick<StoreDriver, 'feed' | 'groups'>,
  loadRecord: (id: string) => Promise<NoticeRecord | null>,
  options: FeedPageOptions,
): Promise<JsonFeed | null> {
  const { baseUrl, page = 1, pageSize = FEED_PAGE_SIZE } = options;
  // public notices, newest first: the store pages them (never the whole order in memory)
  const order = await store.feed(options.policy, { page, pageSize });
  if (page > 1 && order.items.length === 0) return null;
  // each item is a group of copies, by its representative: the other copies are its sources
  const groups = await store.groups(order.items.map((s) => s.id));
  const items: FeedItem[] = [];
  for (const s of order.items) {
    const r = await loadRecord(s.id);
    if (r) items.push(feedItem(r, s, baseUrl, (groups.get(s.id) ?? []).filter((c) => c.id !== s.id)));
  }
  return {
    version: FEED_VERSION,
    title: FEED_TITLE,
    home_page_url: `${baseUrl}/notices`,
    feed_url: feedPageUrl(baseUrl, 1),
    description: '政府通知：标题、文号、发文机关、活动时间、截止时间、联系人与附件表单（JSON Schema）',
    language: 'zh-CN',
    ...(order.more ? { next_url: feedPageUrl(baseUrl, page + 1) } : {}),
    items,
  };
}
