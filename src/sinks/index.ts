/**
 * @module sinks
 * Where a stored record goes next: the search index, the JSON Feed, the deadline calendar and
 * (on demand) an es-bulk export. `openPublisher` is what the intake calls once per stored record;
 * `NoticeStore` is the read side the HTTP API serves from.
 */
export { openPublisher, rebuildOutputs, writeFeed, indexLockFile, LOCK_FILE, type Publisher, type StorePublisher, type PublisherOptions, type Reconciled } from './publisher.js';
export { withLock, LockTimeoutError, pidAlive, type LockOptions, type LockHolder } from './lock.js';
export { NoticeStore, type StoreStatus, type IndexState } from './store.js';
export { SearchIndex, isNoticeId, checkRecord, readRecords, rebuildIndex, loadIndex, saveIndex, indexFile, type InvalidRecord, type RecordCheck, type NoticeSummary, type SearchFilters, type Hit, type HitPage, type Paging } from './search-index.js';
export { feedItem, feedPage, originalMime, FEED_MIME, SCHEMA_MIME, FEED_PAGE_SIZE, type JsonFeed, type FeedItem } from './feed.js';
export { calendar, ICS_MIME } from './ics.js';
export { esBulkLines, esDocument, ES_INDEX, ES_INDEX_BODY } from './es-bulk.js';
export { tokenize, tokenizeQuery, canonicalDocNumber } from './tokenize.js';
