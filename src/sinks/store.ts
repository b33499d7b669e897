/**
 * @module sinks/store
 * Read side of the outputs, for the HTTP API: the notice store (store/: SQLite in the data folder
 * or PostgreSQL) for listings, search, the feed order and the calendar — other processes' writes
 * are seen at once, there is nothing to reload — and the records read from
 * `<out>/records/<id>.json`, each checked against the record schema: a file that is not a valid
 * record is skipped with a warning (feed, API) and counted for /health.
 */
import { lstat } from 'node:fs/promises';
import { NotRegularFile, readRegularFile } from '../store/regular-file.js';
import { basename, join } from 'node:path';
import type pino from 'pino';
import { keptName, type ServiceConfig } from '../config.js';
import type { NoticeRecord } from '../record/schema.js';
import { FEED_PAGE_SIZE, feedPage, noticeUrl, sourceOf, type JsonFeed, type NoticeSource } from './feed.js';
import { graphLinks, type GraphLink } from '../store/grouping.js';
import { openDriver } from '../store/index.js';
import { checkRecord, type InvalidRecord } from '../store/records.js';
import { isNoticeId } from '../store/summary.js';
import type { HitPage, NoticeSummary, Paging, SearchFilters, StoreDriver } from '../store/types.js';
import { CALENDAR_NOTICES } from './ics.js';
import { corrected } from './overrides-store.js';

export type IndexState = 'ok' | 'missing' | 'error';

export interface StoreStatus {
  state: IndexState;
  documents: number;
  /** the driver: sqlite or postgres */
  store: string;
  /** where the store lives (a file, or a URL without its password) */
  file: string;
  /** RFC 3339 time of the store's last write, null when it was never written */
  modified: string | null;
  error?: string;
}

/** What `/notices/:id` adds to the record: the notice it is a copy of, and the notices it is linked with. */
export interface Related {
  group: {
    /** the representative's id: what listings, the feed and search show for every copy */
    id: string;
    /** this record is the representative */
    representative: boolean;
    /** every file the notice arrived as, the representative first */
    sources: NoticeSource[];
  };
  /** notices this one cites or forwards (its parents) */
  cites: Array<GraphLink & { url: string }>;
  /** notices that cite or forward this one */
  citedBy: Array<GraphLink & { url: string }>;
}

const RECORD_CACHE = 256;
const FIRST_PAGE: Paging = { page: 1, pageSize: 20 };

export class NoticeStore {
  private generation = -1;
  private documents = 0;
  private modified: string | null = null;
  private state: IndexState = 'missing';
  private error: string | undefined;
  private refreshing: Promise<void> | null = null;
  private readonly records = new Map<string, { mtimeMs: number; record: NoticeRecord }>();
  /** record files found not to be valid records, by id (until they are read valid or are gone) */
  private readonly invalid = new Map<string, InvalidRecord>();

  private constructor(
    readonly config: ServiceConfig,
    /** the store's driver; writers (the publisher) write through it */
    readonly driver: StoreDriver,
    private readonly owned: boolean,
    private readonly logger?: pino.Logger,
    readonly feedPageSize = FEED_PAGE_SIZE,
  ) {}

  /** `feedPageSize`: items per feed page (default 50); `driver`: one already open (else the configured one is opened and closed with the store). */
  static async open(config: ServiceConfig, logger?: pino.Logger, options: { feedPageSize?: number; driver?: StoreDriver } = {}): Promise<NoticeStore> {
    const driver = options.driver ?? (await openDriver(config));
    const store = new NoticeStore(config, driver, options.driver === undefined, logger, options.feedPageSize);
    await store.refresh();
    logger?.info({ store: driver.kind, location: driver.location, documents: store.documents }, 'notice store opened');
    return store;
  }

  get file(): string {
    return this.driver.location;
  }

  status(): StoreStatus {
    return {
      state: this.state,
      documents: this.documents,
      store: this.driver.kind,
      file: this.file,
      modified: this.modified,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Updates what `status` says (the count, the last write) when the store changed; concurrent callers share one look. */
  refresh(): Promise<void> {
    this.refreshing ??= this.look().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Like `refresh`, but a look already under way (which may predate another process's write) is followed by a new one. */
  async sync(): Promise<void> {
    while (this.refreshing) await this.refreshing;
    await this.refresh();
  }

  private async look(): Promise<void> {
    try {
      const g = await this.driver.generation();
      if (g.generation !== this.generation || this.state === 'error') {
        this.documents = await this.driver.count();
        this.generation = g.generation;
        this.modified = g.modified;
      }
      this.state = this.generation === 0 && this.documents === 0 ? 'missing' : 'ok';
      this.error = undefined;
    } catch (e) {
      // the database went away (a PostgreSQL restart): /health says so; requests fail until it is back
      this.state = 'error';
      this.error = e instanceof Error ? e.message : String(e);
      this.logger?.error({ store: this.file, err: this.error }, 'notice store unreachable');
    }
  }

  /** Notices matching the filters, newest first. */
  list(filters: SearchFilters = {}, paging: Paging = FIRST_PAGE): Promise<HitPage> {
    return this.driver.list(filters, paging);
  }

  /** Ranked by relevance with snippets; an empty query lists (see `list`). */
  search(query: string, filters: SearchFilters = {}, paging: Paging = FIRST_PAGE): Promise<HitPage> {
    return this.driver.search(query, filters, paging);
  }

  /** The stored summary of one notice. */
  summary(id: string): Promise<NoticeSummary | null> {
    return isNoticeId(id) ? this.driver.get(id) : Promise.resolve(null);
  }

  /** The group of copies `id` is in and the notice graph around it (null: not stored). */
  async related(id: string): Promise<Related | null> {
    if (!isNoticeId(id)) return null;
    const [members, links] = await Promise.all([this.driver.group(id), this.driver.links(id)]);
    const rep = members[0];
    if (!rep) return null;
    const base = this.config.baseUrl;
    const withUrl = (ls: GraphLink[]): Array<GraphLink & { url: string }> => ls.map((l) => ({ ...l, url: noticeUrl(base, l.id) }));
    return {
      group: { id: rep.id, representative: rep.id === id, sources: members.map((m) => sourceOf(base, m)) },
      cites: withUrl(graphLinks(rep, links.cites, 'cites')),
      citedBy: withUrl(graphLinks(rep, links.citedBy, 'citedBy')),
    };
  }

  /** The newest published notices with a deadline or an event, for the calendar (CALENDAR_NOTICES of them). */
  dated(): Promise<NoticeSummary[]> {
    return this.driver.dated(this.config.publish, CALENDAR_NOTICES);
  }

  async close(): Promise<void> {
    while (this.refreshing) await this.refreshing;
    if (this.owned) await this.driver.close();
  }

  recordPath(id: string): string {
    if (!isNoticeId(id)) throw new Error(`not a notice id: ${JSON.stringify(id)}`);
    return join(this.config.layout.records, `${id}.json`);
  }

  /**
   * A record file that is not a valid record (seen by `record` or reported by the publisher's scan
   * of out/records): logged once per version of the file, counted in /health.
   */
  noteInvalid(bad: InvalidRecord): void {
    const known = this.invalid.get(bad.id);
    if (known && known.mtimeMs === bad.mtimeMs) return;
    this.invalid.set(bad.id, bad);
    this.logger?.warn({ id: bad.id, file: this.recordPath(bad.id), err: bad.error }, 'record file is not a valid record: skipped');
  }

  /** Record files known not to be valid records (see `noteInvalid`), by id. */
  invalidRecords(): InvalidRecord[] {
    return [...this.invalid.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Why the record file of `id` is not served, when it is there but invalid. */
  recordProblem(id: string): string | null {
    return this.invalid.get(id)?.error ?? null;
  }

  /**
   * The stored record with its corrections, or null when there is none or its file is not a valid record (ids are
   * validated, never used as paths raw).
   */
  async record(id: string): Promise<NoticeRecord | null> {
    if (!isNoticeId(id)) return null;
    const path = this.recordPath(id);
    let mtimeMs: number | undefined;
    let text: string;
    try {
      const st = await lstat(path);
      mtimeMs = st.mtimeMs;
      const cached = this.records.get(id);
      if (cached && cached.mtimeMs === mtimeMs) return corrected(this.config.layout, cached.record);
      if (this.invalid.get(id)?.mtimeMs === mtimeMs) return null;
      text = (await readRegularFile(path)).text;
    } catch (e) {
      this.records.delete(id);
      this.invalid.delete(id);
      // a FIFO or a link in out/records: listed as invalid (/health), never served
      if (e instanceof NotRegularFile && mtimeMs !== undefined) this.noteInvalid({ id, error: e.message, mtimeMs });
      return null;
    }
    const checked = checkRecord(text, id);
    if (!checked.ok) {
      this.records.delete(id);
      this.noteInvalid({ id, error: checked.error, mtimeMs });
      return null;
    }
    const { record } = checked;
    this.invalid.delete(id);
    this.records.set(id, { mtimeMs, record });
    if (this.records.size > RECORD_CACHE) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
    // served with the staff's corrections (out/overrides) laid over it
    return corrected(this.config.layout, record);
  }

  /**
   * Where the original file is kept (`done/<name>`, or `done/<stem>.<id8><ext>` when the name was
   * taken), or null when it is gone. A same-named file of another size is someone else's.
   */
  async originalPath(record: NoticeRecord): Promise<string | null> {
    const name = basename(record.source.fileName);
    for (const candidate of [keptName(name, record.id, true), keptName(name, record.id, false)]) {
      const path = join(this.config.layout.done, candidate);
      try {
        // lstat: a link in done/ is not the original (it could point anywhere)
        const s = await lstat(path);
        if (s.isFile() && s.size === record.source.bytes) return path;
      } catch {
        // not there: try the next name
      }
    }
    return null;
  }

  /** One page of the public feed, or null past the last page. */
  feed(page = 1): Promise<JsonFeed | null> {
    return feedPage(this.driver, (id) => this.record(id), { baseUrl: this.config.baseUrl, page, pageSize: this.feedPageSize, policy: this.config.publish });
  }
}
