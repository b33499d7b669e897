/**
 * @module sinks/store
 * Read side of the outputs, for the HTTP API: the search index loaded from `<out>/index`, reloaded
 * whenever the file on disk changes (the watcher may publish from another process), and the
 * records read from `<out>/records/<id>.json`, each checked against the record schema: a file that
 * is not a valid record is skipped with a warning (feed, API) and counted for /health. Never writes.
 */
import { lstat, readFile, stat } from 'node:fs/promises';
import { NotRegularFile, readRegularFile } from './regular-file.js';
import { basename, join } from 'node:path';
import type pino from 'pino';
import { keptName, type ServiceConfig } from '../config.js';
import type { NoticeRecord } from '../record/schema.js';
import { FEED_PAGE_SIZE, feedPage, type JsonFeed } from './feed.js';
import { corrected } from './overrides-store.js';
import { checkRecord, indexFile, isNoticeId, SearchIndex, type InvalidRecord } from './search-index.js';

export type IndexState = 'ok' | 'missing' | 'error';

export interface StoreStatus {
  state: IndexState;
  documents: number;
  file: string;
  /** RFC 3339 time of the index file loaded, null when there is none */
  modified: string | null;
  error?: string;
}

interface Signature {
  mtimeMs: number;
  size: number;
  ino: number;
}

const sameSignature = (a: Signature | null, b: Signature | null): boolean =>
  a === b || (a !== null && b !== null && a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino);

const RECORD_CACHE = 256;

export class NoticeStore {
  private current = SearchIndex.empty();
  private signature: Signature | null = null;
  private state: IndexState = 'missing';
  private error: string | undefined;
  private refreshing: Promise<void> | null = null;
  private stale = false;
  private readonly records = new Map<string, { mtimeMs: number; record: NoticeRecord }>();
  /** record files found not to be valid records, by id (until they are read valid or are gone) */
  private readonly invalid = new Map<string, InvalidRecord>();

  private constructor(
    readonly config: ServiceConfig,
    private readonly logger?: pino.Logger,
    readonly feedPageSize = FEED_PAGE_SIZE,
  ) {}

  /** `feedPageSize`: items per feed page (default 50). */
  static async open(config: ServiceConfig, logger?: pino.Logger, options: { feedPageSize?: number } = {}): Promise<NoticeStore> {
    const store = new NoticeStore(config, logger, options.feedPageSize);
    await store.refresh();
    return store;
  }

  get file(): string {
    return indexFile(this.config.layout.index);
  }

  /** The index as last loaded (call `refresh` first to see other processes' writes). */
  get index(): SearchIndex {
    return this.current;
  }

  status(): StoreStatus {
    return {
      state: this.state,
      documents: this.current.size,
      file: this.file,
      modified: this.signature ? new Date(this.signature.mtimeMs).toISOString() : null,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Reloads the index when its file changed on disk; concurrent callers share one reload. */
  refresh(): Promise<void> {
    this.refreshing ??= this.reload().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * Like `refresh`, but looks at the disk now: a reload already under way (which may have looked
   * before another process's write) is awaited and then one more is made. Writers call it
   * holding the index lock, before they change the index.
   */
  async sync(): Promise<void> {
    while (this.refreshing) await this.refreshing;
    await this.refresh();
  }

  private async statFile(): Promise<Signature | null> {
    try {
      const s = await stat(this.file);
      return { mtimeMs: s.mtimeMs, size: s.size, ino: s.ino };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  private async reload(): Promise<void> {
    const sig = await this.statFile();
    if (sameSignature(sig, this.signature) && this.state !== 'error' && !this.stale) return;
    this.stale = false;
    if (!sig) {
      this.current = SearchIndex.empty();
      this.signature = null;
      this.state = 'missing';
      return;
    }
    try {
      this.current = SearchIndex.fromJSON(await readFile(this.file, 'utf8'));
      this.signature = sig;
      this.state = 'ok';
      this.error = undefined;
      this.logger?.info({ file: this.file, documents: this.current.size }, 'search index loaded');
    } catch (e) {
      // A torn read cannot happen (the file is replaced by rename); this is a bad file. Keep
      // serving the last good index and report it in /health.
      this.signature = sig;
      this.state = 'error';
      this.error = e instanceof Error ? e.message : String(e);
      this.logger?.error({ file: this.file, err: this.error }, 'search index unreadable');
    }
  }

  /** Forget the loaded index: the next `refresh` reads the file again. */
  invalidate(): void {
    this.stale = true;
  }

  /** Adopt an index this process has just written to disk (no reload of its own write). */
  async adopt(index: SearchIndex): Promise<void> {
    this.current = index;
    this.signature = await this.statFile();
    this.state = this.signature ? 'ok' : 'missing';
    this.error = undefined;
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
    return feedPage(this.current, (id) => this.record(id), { baseUrl: this.config.baseUrl, page, pageSize: this.feedPageSize, policy: this.config.publish });
  }
}
