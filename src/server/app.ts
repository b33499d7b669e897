/**
 * @module server/app
 * The HTTP API as a hono app over a NoticeStore. Every answer that is not the resource itself is
 * JSON `{error: {code, message}}`; ids are checked against `^[0-9a-f]{16}$` before anything
 * touches the disk, so `../` and its encodings are a 400, an unknown id a 404.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import type pino from 'pino';
import { recordJsonSchema } from '../record/schema.js';
import { calendar, FEED_MIME, ICS_MIME, isNoticeId, originalMime, SCHEMA_MIME, type NoticeStore } from '../sinks/index.js';
import { health } from './health.js';
import { ApiError, filters, formIndex, ID_MESSAGE, noticeId, paging } from './params.js';

const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The path of the request target as sent (node's IncomingMessage.url), else the parsed path. */
const rawPath = (c: Context): string => {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return (incoming?.url ?? c.req.path).replace(/[?#].*$/, '');
};

const errorBody = (code: string, message: string) => ({ error: { code, message } });

const json = (c: Context, value: unknown, type: string, status: 200 | 503 = 200): Response =>
  c.body(JSON.stringify(value), status, { 'Content-Type': `${type}; charset=utf-8` });

/** RFC 6266 filename* for a Chinese file name. */
const disposition = (name: string): string => `inline; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Every route of the API; all answer GET (and HEAD) only. */
const ROUTES = ['/', '/notices', '/notices/:id', '/notices/:id/original', '/notices/:id/forms/:n', '/notices/:id/forms/:n/ui', '/search', '/feed.json', '/deadlines.ics', '/health', '/schema/notice-record.json'] as const;

export function createApp(store: NoticeStore, logger: pino.Logger): Hono {
  const app = new Hono();
  const { config } = store;

  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - t0) * 10) / 10 }, 'request');
  });
  app.use('*', async (c, next) => {
    // The Request URL is already normalised (`/notices/../x` arrived as `/x`): judge the path
    // the client sent, before the router sees its resolved form.
    const raw = rawPath(c);
    const seg = /^\/notices\/([^/?#]*)/.exec(raw)?.[1];
    if (seg !== undefined && !isNoticeId(safeDecode(seg))) return c.json(errorBody('invalid_id', ID_MESSAGE), 400);
    if (DOT_SEGMENT.test(raw)) return c.json(errorBody('invalid_path', 'paths with . or .. segments are refused'), 400);
    await store.refresh();
    await next();
  });

  const record = async (raw: string | undefined) => {
    const id = noticeId(raw);
    const r = await store.record(id);
    if (!r) {
      const problem = store.recordProblem(id);
      if (problem) throw new ApiError(500, 'invalid_record', `the stored record of ${id} is not a valid record (${problem}); see /health`);
      throw new ApiError(404, 'not_found', `no notice ${id}`);
    }
    return r;
  };
  const attachment = async (rawId: string | undefined, rawN: string | undefined) => {
    const r = await record(rawId);
    const n = formIndex(rawN);
    const a = r.attachments[n];
    if (!a) throw new ApiError(404, 'not_found', `notice ${r.id} has no attachment ${n} (it has ${r.attachments.length})`);
    return a as typeof a & { uiSchema?: unknown };
  };

  app.get('/', (c) =>
    c.json({
      name: 'tongzhi',
      endpoints: ROUTES.filter((r) => r !== '/').map((r) => (r === '/search' ? '/search?q=' : r)),
    }),
  );

  app.get('/notices', (c) => {
    const q = c.req.query('q') ?? '';
    return c.json(store.index.search(q, filters((k) => c.req.query(k)), paging((k) => c.req.query(k))));
  });

  app.get('/search', (c) => {
    const q = (c.req.query('q') ?? '').trim();
    if (!q) throw new ApiError(400, 'missing_query', 'give the words to search as ?q=');
    return c.json({ query: q, ...store.index.search(q, filters((k) => c.req.query(k)), paging((k) => c.req.query(k))) });
  });

  app.get('/notices/:id', async (c) => c.json(await record(c.req.param('id'))));

  app.get('/notices/:id/original', async (c) => {
    const r = await record(c.req.param('id'));
    const path = await store.originalPath(r);
    if (!path) throw new ApiError(404, 'original_gone', `the original of ${r.id} (${r.source.fileName}) is no longer in done/`);
    const headers = {
      'Content-Type': originalMime(r.source),
      'Content-Length': String(r.source.bytes),
      'Content-Disposition': disposition(r.source.fileName),
    };
    // hono answers HEAD by running the GET route and dropping the body: a stream opened here
    // would never be read nor closed (one leaked fd per HEAD). Open nothing for HEAD.
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    const file = createReadStream(path);
    // A client that goes away mid-file: close the file whatever the web stream does.
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    outgoing?.once('close', () => file.destroy());
    return c.body(Readable.toWeb(file) as ReadableStream<Uint8Array>, 200, headers);
  });

  app.get('/notices/:id/forms/:n', async (c) => {
    const a = await attachment(c.req.param('id'), c.req.param('n'));
    if (!a.form) throw new ApiError(404, 'no_form', 'this attachment has no form schema');
    return json(c, a.form, SCHEMA_MIME);
  });

  app.get('/notices/:id/forms/:n/ui', async (c) => {
    const a = await attachment(c.req.param('id'), c.req.param('n'));
    if (a.uiSchema === undefined || a.uiSchema === null) throw new ApiError(404, 'no_ui_schema', 'this attachment has no uiSchema');
    return c.json(a.uiSchema);
  });

  app.get('/feed.json', async (c) => {
    const { page } = paging((k) => c.req.query(k));
    const feed = await store.feed(page);
    if (!feed) throw new ApiError(404, 'not_found', `the feed has no page ${page}`);
    return json(c, feed, FEED_MIME);
  });

  // A calendar anyone can subscribe to is as public as the feed: notices not for publication
  // (不予公开, any 密级) stay out, as they do of the feed.
  app.get('/deadlines.ics', (c) =>
    c.body(calendar(store.index.list({}, { page: 1, pageSize: Number.MAX_SAFE_INTEGER }).items.filter((s) => s.public), config.baseUrl), 200, {
      'Content-Type': ICS_MIME,
      'Content-Disposition': 'inline; filename="deadlines.ics"',
    }),
  );

  app.get('/health', async (c) => {
    const h = await health(config, store.status(), store.invalidRecords());
    return json(c, h, 'application/json', h.ok ? 200 : 503);
  });

  app.get('/schema/notice-record.json', (c) => json(c, recordJsonSchema(), SCHEMA_MIME));

  // A known path asked with another method: 405 naming the methods it answers (RFC 9110 §15.5.6),
  // OPTIONS: 204 with the same Allow. Registered after the GET routes, so GET and HEAD never get here.
  const ALLOW = 'GET, HEAD, OPTIONS';
  for (const path of ROUTES) {
    app.all(path, (c) => {
      if (c.req.method === 'OPTIONS') return c.body(null, 204, { Allow: ALLOW });
      c.header('Allow', ALLOW);
      return c.json(errorBody('method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; use GET or HEAD`), 405);
    });
  }

  app.notFound((c) => {
    // /notices/<anything>/… that did not route: a bad id is a 400 whatever follows it.
    const seg = /^\/notices\/([^/]*)/.exec(c.req.path)?.[1];
    if (seg !== undefined && !isNoticeId(seg)) return c.json(errorBody('invalid_id', ID_MESSAGE), 400);
    return c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404);
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(errorBody(err.code, err.message), err.status);
    logger.error({ err: err.message, stack: err.stack, path: c.req.path }, 'request failed');
    return c.json(errorBody('internal_error', 'internal error'), 500);
  });

  return app;
}
