/**
 * @module server/web-api
 * What the administrator's page asks besides the staff API: the overview of the data folder
 * (counts, queue, failures, deadlines due soon), retry, upload into the inbox, search with
 * snippets, and corrections. Everything is under `/admin/api/`, a staff path (an API key, see
 * auth.ts); a change (POST) must also come from the page's own origin, since a browser may send
 * Basic credentials by itself to a form posted from another site.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { NoticeSummary } from '../store/types.js';
import type pino from 'pino';
import { folderCounts, retryFailed } from '../intake/report.js';
import { listFailures } from '../intake/outcome.js';
import type { IngestQueue, QueueCounts } from '../intake/queue.js';
import { correctionProblem, sameJson, valueAt, withCorrection, type Correction, type ValuePath } from '../record/overrides.js';
import type { NoticeRecord } from '../record/schema.js';
import { checkRecord, isNoticeId, tokenize, type NoticeStore } from '../sinks/index.js';
import { correctedWith, readOverrides, saveOverrides } from '../sinks/overrides-store.js';
import { ApiError, filters, paging } from './params.js';

export const WEB_API = '/admin/api';

export interface WebOptions {
  /** the ingest queue once there is one (overview counts, retry re-queues) */
  queue?: () => IngestQueue | null;
  /** re-publishes a record after a correction (index, feed); absent: corrections are refused */
  publish?: (record: NoticeRecord) => Promise<void>;
}

type WebEnv = { Variables: { who: string } };

/** Upcoming deadlines are listed for this many days. */
export const DUE_DAYS = 30;
const SNIPPET_CHARS = 48;

const today = (): string => new Date().toISOString().slice(0, 10);
const addDays = (iso: string, days: number): string => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);

export interface Snippet {
  text: string;
  /** [start, end) ranges of `text` to highlight */
  marks: Array<[number, number]>;
}

/** Up to `max` windows of `text` around the query's terms, with the terms marked. */
export function snippets(text: string, query: string, max = 2): Snippet[] {
  // every index token of the query (jieba's words too, longest first), not only the few a search
  // needs: a mark should cover the whole word the staff typed
  const terms = [...new Set(tokenize(query).filter((t) => t.trim().length > 0))].sort((a, b) => b.length - a.length);
  if (terms.length === 0) return [];
  const hits: Array<[number, number]> = [];
  const lower = text.toLowerCase();
  for (const t of terms) {
    let at = lower.indexOf(t.toLowerCase());
    while (at >= 0 && hits.length < 200) {
      const end = at + t.length;
      if (!hits.some(([s, e]) => at < e && end > s)) hits.push([at, end]);
      at = lower.indexOf(t.toLowerCase(), end);
    }
  }
  hits.sort((a, b) => a[0] - b[0]);
  const out: Snippet[] = [];
  let covered = -1;
  for (const [s] of hits) {
    if (out.length >= max) break;
    if (s < covered) continue;
    const from = Math.max(0, s - SNIPPET_CHARS / 2);
    const to = Math.min(text.length, from + SNIPPET_CHARS * 2);
    covered = to;
    const marks = hits.filter(([hs, he]) => hs >= from && he <= to).map(([hs, he]): [number, number] => [hs - from, he - from]);
    out.push({ text: text.slice(from, to).replace(/\s/g, ' '), marks });
  }
  return out;
}

/** A file name safe to put in the inbox: its last path segment, no control characters, not hidden. */
const safeName = (raw: string): string | null => {
  const name = basename(raw.replace(/\\/g, '/')).replace(/[\x00-\x1f\x7f]/g, '').trim();
  if (!name || name.startsWith('.') || name === '..') return null;
  return name.slice(0, 200);
};

/** Moves `bytes` into the inbox under `name`, or a free variant of it: staged beside the inbox so the watcher never sees half a file. */
async function dropInInbox(inbox: string, staging: string, name: string, bytes: Uint8Array): Promise<string> {
  await mkdir(staging, { recursive: true });
  await mkdir(inbox, { recursive: true });
  const tmp = join(staging, `${randomBytes(6).toString('hex')}.part`);
  await writeFile(tmp, bytes);
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 0; i < 1000; i++) {
    const target = join(inbox, i === 0 ? name : `${stem} (${i})${ext}`);
    try {
      // link + unlink: fails with EEXIST instead of replacing a file of the same name
      await link(tmp, target);
      await unlink(tmp);
      return basename(target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        await rm(tmp, { force: true });
        throw e;
      }
    }
  }
  await rename(tmp, join(inbox, `${stem}.${randomBytes(4).toString('hex')}${ext}`));
  return name;
}

interface Uploaded {
  file: string;
  /** the name it got in the inbox, or null when refused */
  savedAs: string | null;
  error?: string;
}


/** notices read per query when collecting the overview's deadlines */
const DUE_PAGE = 200;

type DueDeadline = NoticeSummary['deadlines'][number] & { id: string; title: string | null; docNumber: string | null };

export function mountWebApi(app: Hono<WebEnv>, store: NoticeStore, logger: pino.Logger, options: WebOptions): void {
  const { config } = store;
  const { layout } = config;

  app.use(`${WEB_API}/*`, async (c, next) => {
    if (c.req.method === 'POST') {
      const origin = c.req.header('origin');
      if (origin !== undefined && origin !== new URL(c.req.url).origin) return c.json({ error: { code: 'cross_origin', message: 'changes are accepted from this server’s own page only' } }, 403);
    }
    await next();
  });

  app.get(`${WEB_API}/overview`, async (c) => {
    const queue = options.queue?.() ?? null;
    const counts = await folderCounts(layout);
    const q: QueueCounts | null = queue ? await queue.counts().catch(() => null) : null;
    const failures = (await listFailures(layout)).map((f) => ({ file: f.file, id: f.id, code: f.code, stage: f.stage, message: f.message, at: f.at, attempts: f.attempts }));
    const from = today();
    const until = addDays(from, DUE_DAYS);
    // every stored notice with a deadline in the window (the page is for staff: not only the published ones)
    const due: DueDeadline[] = [];
    for (let page = 1; ; page++) {
      const hits = await store.list({ deadlineAfter: from }, { page, pageSize: DUE_PAGE });
      for (const s of hits.items) {
        for (const d of s.deadlines) if (d.date >= from && d.date <= until) due.push({ ...d, id: s.id, title: s.title, docNumber: s.docNumber });
      }
      if (hits.items.length < DUE_PAGE) break;
    }
    due.sort((a, b) => a.date.localeCompare(b.date) || (a.time ?? '').localeCompare(b.time ?? ''));
    return c.json({ counts, queue: q, failures, deadlines: due, from, until, documents: store.status().documents });
  });

  app.post(`${WEB_API}/retry`, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { which?: unknown };
    const which = Array.isArray(body.which) ? body.which.filter((w): w is string => typeof w === 'string') : [];
    const done = await retryFailed(layout, which, options.queue?.() ?? null);
    logger.info({ who: c.get('who'), retried: done.map((d) => d.file) }, 'retry from the page');
    return c.json({ retried: done });
  });

  // a request is read whole before it is unpacked: bounded (a few files of the largest size read)
  const uploadLimit = bodyLimit({
    maxSize: config.maxBytes * 4,
    onError: (c) => c.json({ error: { code: 'too_large', message: `一次上传不能超过 ${config.maxBytes * 4} 字节` } }, 413),
  });
  app.post(`${WEB_API}/upload`, uploadLimit, async (c) => {
    const form = await c.req.formData().catch(() => {
      throw new ApiError(400, 'invalid_upload', 'send the files as multipart/form-data');
    });
    const files = form.getAll('files').filter((f): f is File => typeof f !== 'string');
    if (files.length === 0) throw new ApiError(400, 'invalid_upload', 'no files in the upload (field "files")');
    const staging = join(layout.data, '.uploads');
    const out: Uploaded[] = [];
    const put = async (raw: string, bytes: Uint8Array): Promise<void> => {
      const name = safeName(raw);
      if (!name) return void out.push({ file: raw, savedAs: null, error: '文件名无效' });
      if (bytes.byteLength > config.maxBytes) return void out.push({ file: raw, savedAs: null, error: `文件超过 ${config.maxBytes} 字节上限` });
      out.push({ file: raw, savedAs: await dropInInbox(layout.inbox, staging, name, bytes) });
    };
    for (const f of files) {
      const bytes = new Uint8Array(await f.arrayBuffer());
      // a ZIP stays whole: the intake reads it as one notice with its attachment files (src/bundle)
      await put(f.name, bytes);
    }
    logger.info({ who: c.get('who'), files: out.map((u) => u.savedAs ?? `${u.file} (refused)`) }, 'upload into the inbox');
    return c.json({ uploaded: out });
  });

  app.get(`${WEB_API}/search`, async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    const page = await store.search(q, filters((k) => c.req.query(k)), paging((k) => c.req.query(k)));
    const items = await Promise.all(
      page.items.map(async (h) => {
        const r = q ? await store.record(h.id) : null;
        return { ...h, snippets: r ? snippets(r.text, q) : [] };
      }),
    );
    return c.json({ ...page, query: q, items });
  });

  const extracted = async (raw: string | undefined): Promise<{ id: string; record: NoticeRecord }> => {
    const id = raw ?? '';
    if (!isNoticeId(id)) throw new ApiError(400, 'invalid_id', 'a notice id is 16 lower-case hex digits');
    // the store serves the corrected record: the extracted one is what the corrections are laid over
    const served = await store.record(id);
    if (!served) throw new ApiError(404, 'not_found', `no notice ${id}`);
    const record = await readExtracted(store, id);
    return { id, record };
  };

  app.get(`${WEB_API}/notices/:id/overrides`, async (c) => {
    const { id, record } = await extracted(c.req.param('id'));
    const o = readOverrides(layout, id);
    return c.json({ overrides: o, disagreements: correctedWith(layout, record).disagreements, extracted: record });
  });

  app.post(`${WEB_API}/notices/:id/corrections`, async (c) => {
    if (!options.publish) throw new ApiError(503, 'read_only', 'this server cannot publish corrections');
    const { id, record } = await extracted(c.req.param('id'));
    const body = (await c.req.json().catch(() => null)) as { op?: unknown; path?: unknown; value?: unknown } | null;
    const op = body?.op;
    const path = body?.path;
    if ((op !== 'set' && op !== 'delete' && op !== 'add') || !Array.isArray(path) || !path.every((p) => typeof p === 'string' || (Number.isInteger(p) && (p as number) >= 0))) {
      throw new ApiError(400, 'invalid_correction', 'a correction is {op: set|delete|add, path: [..], value}');
    }
    const at = new Date().toISOString();
    const p = path as ValuePath;
    const base = op === 'add' ? undefined : valueAt(record, p);
    const correction: Correction = { op, path: p, ...(op === 'delete' ? {} : { value: body?.value }), ...(base === undefined ? {} : { base }), by: c.get('who'), at };
    const current = readOverrides(layout, id);
    // setting a value back to what was extracted removes the correction instead
    const undo = op === 'set' && sameJson(body?.value, base);
    const next = undo ? { ...current, corrections: current.corrections.filter((x) => !(x.op === 'set' && sameJson(x.path, p))) } : withCorrection(current, correction);
    if (!undo) {
      const problem = correctionProblem(record, current, correction);
      if (problem) throw new ApiError(400, 'invalid_correction', problem);
    }
    await saveOverrides(layout, next);
    const served = correctedWith(layout, record);
    await options.publish(served.record);
    logger.info({ who: c.get('who'), id, op, path: p }, 'correction');
    return c.json({ overrides: next, record: served.record });
  });

  app.post(`${WEB_API}/notices/:id/checked`, async (c) => {
    if (!options.publish) throw new ApiError(503, 'read_only', 'this server cannot publish corrections');
    const { id } = await extracted(c.req.param('id'));
    const body = (await c.req.json().catch(() => ({}))) as { checked?: unknown };
    const current = readOverrides(layout, id);
    const next = { ...current, checked: body.checked === false ? null : { by: c.get('who'), at: new Date().toISOString() } };
    await saveOverrides(layout, next);
    return c.json({ overrides: next });
  });
}

/** The record as extracted (out/records), without corrections. */
async function readExtracted(store: NoticeStore, id: string): Promise<NoticeRecord> {
  const checked = checkRecord(await readFile(store.recordPath(id), 'utf8'), id);
  if (!checked.ok) throw new ApiError(500, 'invalid_record', checked.error);
  return checked.record;
}
