/**
 * @module sinks
 * Where a stored record goes next: the notice store (store/), the JSON Feed, the deadline
 * calendar and (on demand) an es-bulk export. `openPublisher` is what the intake calls once per
 * stored record; `NoticeStore` is the read side the HTTP API serves from.
 */
export { openPublisher, rebuildOutputs, writeFeed, type Publisher, type StorePublisher, type PublisherOptions, type Reconciled } from './publisher.js';
export { NoticeStore, type StoreStatus, type IndexState, type Related } from './store.js';
export { isNoticeId, datePublished, summarize } from '../store/summary.js';
export { checkRecord, readRecords, eachRecord, type InvalidRecord, type RecordCheck } from '../store/records.js';
export type { NoticeSummary, SearchFilters, Hit, HitPage, Paging, StoreDriver } from '../store/types.js';
export { feedItem, feedPage, originalMime, FEED_MIME, SCHEMA_MIME, FEED_PAGE_SIZE, type JsonFeed, type FeedItem } from './feed.js';
export { calendar, ICS_MIME } from './ics.js';
export { esBulkLines, esDocument, ES_INDEX, ES_INDEX_BODY } from './es-bulk.js';
export { tokenize, tokenizeQuery, canonicalDocNumber, TOKENIZER_VERSION } from '../store/tokenize.js';
export { markingOf, isPublished, type Marking, type PublishPolicy } from '../store/publication.js';
