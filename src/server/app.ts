/**
 * @module server/app
 * The HTTP API as a hono app over a NoticeStore. Every answer that is not the resource itself is
 * JSON `{error: {code, message}}`; ids are checked against `^[0-9a-f]{16}$` before anything
 * touches the disk, so `../` and its encodings are a 400, an unknown id a 404.
 *
 * Before any route: the Host header must be one the API is meant to be reached by (421
 * otherwise), and staff endpoints need an API key (401/403, see auth.ts). Open without one:
 * `/`, the record schema, `/health` as `{ok}` only, and — unless publicFeed is false — the
 * public feed and calendar, which send validators and answer 304.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type pino from 'pino';
import { recordJsonSchema } from '../record/schema.js';
import { calendar, FEED_MIME, ICS_MIME, isNoticeId, originalMime, SCHEMA_MIME, type NoticeStore } from '../sinks/index.js';
import { credentialOf, hostAllowed, matchKey, type ApiKey, type HostPolicy } from './auth.js';
import { BOARD_PATH } from './board.js';
import { health } from './health.js';
import type { ApiMetrics } from './metrics.js';
import { ApiError, filters, formIndex, ID_MESSAGE, noticeId, paging } from './params.js';
import { mountWebApi, type WebOptions } from './web-api.js';
import { isWebPath, mountAssets, page, wantsPage, WEB_CSP } from './web-page.js';

export interface ApiOptions {
  /** the keys staff endpoints accept; none: every staff endpoint answers 401 */
  keys?: readonly ApiKey[];
  /** the Host policy, asked at each request (the port is known only once the server listens); absent: any Host */
  hosts?: () => HostPolicy;
  /** default config.publicFeed */
  publicFeed?: boolean;
  metrics?: ApiMetrics;
  /** the queue board (BullMQ mode: an app whose routes start with BOARD_PATH), or why there is none; asked at each request */
  board?: () => Hono | { unavailable: string };
  /** the administrator's page (`/`, /admin/api): the queue and the publisher it acts through */
  web?: WebOptions;
}

type Env = { Variables: { who: string } };

/** Staff endpoints (besides /metrics and the board): the notices, their originals and forms, search. */
const STAFF = /^\/(?:notices(?:\/|$)|search(?:\/|$)|admin\/api(?:\/|$))/;
const PUBLIC_FEED = new Set(['/feed.json', '/deadlines.ics']);
const inBoard = (path: string): boolean => path === BOARD_PATH || path.startsWith(`${BOARD_PATH}/`);

/** How long a feed reader or a shared cache may reuse the feed without asking again. */
export const FEED_MAX_AGE_S = 60;

/** A strong ETag over the bytes sent. */
const etagOf = (body: string): string => `"${createHash('sha256').update(body, 'utf8').digest('base64url').slice(0, 27)}"`;

/** If-None-Match holds this ETag (weak comparison, RFC 9110 §13.1.2), or is `*`. */
const etagMatches = (header: string, etag: string): boolean =>
  header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);

/**
 * 304 when the client's copy is current: If-None-Match decides when sent (then If-Modified-Since
 * is ignored, RFC 9110 §13.2.2), else If-Modified-Since against Last-Modified (whole seconds).
 */
function notModified(c: Context, etag: string, lastModified: Date | null): boolean {
  const inm = c.req.header('if-none-match');
  if (inm !== undefined) return etagMatches(inm, etag);
  const ims = c.req.header('if-modified-since');
  if (ims === undefined || lastModified === null) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

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

const json = <E extends Env>(c: Context<E>, value: unknown, type: string, status: 200 | 503 = 200): Response =>
  c.body(JSON.stringify(value), status, { 'Content-Type': `${type}; charset=utf-8` });

/**
 * RFC 6266 filename* for a Chinese file name. `attachment`: an original is whatever was dropped
 * in the inbox (an HTML page, an SVG…); a browser saves it instead of rendering it on our origin.
 */
const disposition = (name: string): string => `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Every route of the API; all answer GET (and HEAD) only. */
const ROUTES = ['/', '/notices', '/notices/:id', '/notices/:id/original', '/notices/:id/forms/:n', '/notices/:id/forms/:n/ui', '/search', '/feed.json', '/deadlines.ics', '/health', '/schema/notice-record.json', '/metrics'] as const;

export function createApp(store: NoticeStore, logger: pino.Logger, options: ApiOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const { config } = store;
  const keys = options.keys ?? [];
  const publicFeed = options.publicFeed ?? config.publicFeed;
  const { metrics } = options;

  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    const who = c.get('who');
    logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - t0) * 10) / 10, ...(who ? { key: who } : {}) }, 'request');
    metrics?.request(c.req.method, c.res.status === 404 ? 'unmatched' : c.req.routePath, c.res.status);
  });

  // JSON answers need no script, style, frame or form: a CSP that allows nothing. The board is an
  // HTML page with its own scripts and styles (and Google's fonts). TLS is the reverse proxy's, so
  // is HSTS.
  const common = {
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: false,
    // routes that set a header themselves keep it (the public feed's Cross-Origin-Resource-Policy)
    overwrite: false,
  } as const;
  const apiHeaders = secureHeaders({ ...common, contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } });
  const boardHeaders = secureHeaders({
    ...common,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
      fontSrc: ["'self'", 'https://fonts.gstatic.com'],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
  });
  const webHeaders = secureHeaders({ ...common, contentSecurityPolicy: WEB_CSP });
  app.use('*', (c, next) => (inBoard(c.req.path) ? boardHeaders(c, next) : isWebPath(c.req.path) || wantsPage(c) ? webHeaders(c, next) : apiHeaders(c, next)));

  // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 reaches this API
  // with Host: evil.example. Refused before any route, credential or not.
  app.use('*', async (c, next) => {
    const policy = options.hosts?.();
    if (policy && !hostAllowed(policy, c.req.header('host'))) {
      return c.json(errorBody('host_not_allowed', `this API does not answer for Host ${JSON.stringify(c.req.header('host') ?? '')}; add it to --allowed-hosts (TONGZHI_ALLOWED_HOSTS)`), 421);
    }
    await next();
  });

  const authenticate: MiddlewareHandler<Env> = async (c, next) => {
    const path = c.req.path;
    const board = inBoard(path);
    const isMetrics = path === '/metrics';
    const staff = board || isMetrics || STAFF.test(path) || (!publicFeed && PUBLIC_FEED.has(path));
    const presented = credentialOf((h) => c.req.header(h));
    // /health answers everyone with ok or not; the details (index, Redis, bad records) need a key.
    if (!staff && !(path === '/health' && presented !== null)) return next();
    // A browser sends Basic by itself once asked: the board asks for it; API clients are told Bearer.
    const challenge = board ? 'Basic realm="tongzhi queue board", charset="UTF-8"' : 'Bearer realm="tongzhi"';
    if (presented === null) {
      c.header('WWW-Authenticate', challenge);
      const how = keys.some((k) => k.staff)
        ? 'send an API key as Authorization: Bearer <key> or X-API-Key: <key>'
        : 'no API keys are configured on this server: set TONGZHI_API_KEYS_FILE (--api-keys-file) or TONGZHI_API_KEYS, see the README (Security and limits)';
      return c.json(errorBody('unauthorized', `${path} needs a credential: ${how}`), 401);
    }
    const key = matchKey(keys, presented);
    if (!key) {
      c.header('WWW-Authenticate', `${challenge.replace(/, charset.*$/, '')}, error="invalid_token"`);
      return c.json(errorBody('invalid_credential', 'the API key is not known to this server'), 401);
    }
    if (!key.staff && !isMetrics) return c.json(errorBody('forbidden', 'the metrics token is accepted on /metrics only'), 403);
    // A page elsewhere can make a logged-in browser send a POST (Basic is sent by itself): a
    // change to the board must come from the board's own origin.
    if (board && !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin !== undefined && origin !== new URL(c.req.url).origin) return c.json(errorBody('cross_origin', 'changes to the queue board are accepted from its own page only'), 403);
    }
    c.set('who', key.name);
    await next();
    // Answers for one staff member are not for shared caches.
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'private, no-store');
  };

  app.use('*', async (c, next) => {
    // The Request URL is already normalised (`/notices/../x` arrived as `/x`): judge the path
    // the client sent, before the router sees its resolved form.
    const raw = rawPath(c);
    const seg = /^\/notices\/([^/?#]*)/.exec(raw)?.[1];
    if (seg !== undefined && !isNoticeId(safeDecode(seg))) return c.json(errorBody('invalid_id', ID_MESSAGE), 400);
    if (DOT_SEGMENT.test(raw)) return c.json(errorBody('invalid_path', 'paths with . or .. segments are refused'), 400);
    await next();
  });
  app.use('*', authenticate);
  app.use('*', async (c, next) => {
    if (!inBoard(c.req.path) && c.req.path !== '/metrics') await store.refresh();
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

  mountAssets(app);
  mountWebApi(app, store, logger, options.web ?? {});

  app.get('/', (c) =>
    wantsPage(c) ? page(c) : c.json({
      name: 'tongzhi',
      endpoints: [...ROUTES.filter((r) => r !== '/').map((r) => (r === '/search' ? '/search?q=' : r)), BOARD_PATH],
      // what needs a key, so a client knows before it gets a 401
      open: ['/', '/health', '/schema/notice-record.json', ...(publicFeed ? PUBLIC_FEED : [])],
    }),
  );

  app.get('/notices', async (c) => {
    const q = c.req.query('q') ?? '';
    return c.json(await store.search(q, filters((k) => c.req.query(k)), paging((k) => c.req.query(k))));
  });

  app.get('/search', async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    if (!q) throw new ApiError(400, 'missing_query', 'give the words to search as ?q=');
    return c.json({ query: q, ...(await store.search(q, filters((k) => c.req.query(k)), paging((k) => c.req.query(k)))) });
  });

  // the record, with the copies it is one of (`group`: every source file) and the notice graph (`cites`, `citedBy`)
  app.get('/notices/:id', async (c) => {
    const r = await record(c.req.param('id'));
    return c.json({ ...r, ...(await store.related(r.id)) });
  });

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
    // O_NOFOLLOW: a link put in done/ since originalPath looked is refused, not followed
    let fh;
    try {
      fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch {
      throw new ApiError(404, 'original_gone', `the original of ${r.id} (${r.source.fileName}) is no longer a file in done/`);
    }
    const file = fh.createReadStream();
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

  /**
   * The feed and the calendar change only when the publisher writes: validators let readers that
   * poll every few minutes get a 304 instead of the whole body. Last-Modified is the store's last
   * write (every publish is one); the ETag is over the bytes, so it also changes when a record
   * file goes bad between two publishes.
   */
  const cacheable = (c: Context, body: string, type: string): Response => {
    const etag = etagOf(body);
    const modified = store.status().modified;
    const lastModified = modified ? new Date(modified) : null;
    const headers: Record<string, string> = {
      ETag: etag,
      'Cache-Control': publicFeed ? `public, max-age=${FEED_MAX_AGE_S}` : `private, max-age=${FEED_MAX_AGE_S}`,
      ...(lastModified ? { 'Last-Modified': lastModified.toUTCString() } : {}),
      // a public feed may be read by a page of another origin (a CORS-less fetch, an <a download>)
      ...(publicFeed ? { 'Cross-Origin-Resource-Policy': 'cross-origin' } : {}),
    };
    if (notModified(c, etag, lastModified)) return c.body(null, 304, headers);
    return c.body(body, 200, { ...headers, 'Content-Type': type });
  };

  app.get('/feed.json', async (c) => {
    const { page } = paging((k) => c.req.query(k));
    const feed = await store.feed(page);
    if (!feed) throw new ApiError(404, 'not_found', `the feed has no page ${page}`);
    return cacheable(c, JSON.stringify(feed), `${FEED_MIME}; charset=utf-8`);
  });

  // A calendar anyone can subscribe to is as public as the feed: notices not for publication
  // (不予公开, any 密级) stay out, as they do of the feed.
  app.get('/deadlines.ics', async (c) => {
    const ics = calendar(await store.dated(), config.baseUrl);
    c.header('Content-Disposition', 'inline; filename="deadlines.ics"');
    return cacheable(c, ics, ICS_MIME);
  });

  app.get('/health', async (c) => {
    const h = await health(config, store.status(), store.invalidRecords());
    // Without a key: only whether it is healthy (for load balancers and container health checks).
    if (!c.get('who')) return json(c, { ok: h.ok }, 'application/json', h.ok ? 200 : 503);
    return json(c, h, 'application/json', h.ok ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    if (!metrics) throw new ApiError(404, 'no_metrics', 'metrics are not collected by this server');
    return c.body(await metrics.metrics(), 200, { 'Content-Type': metrics.contentType });
  });

  // The board is known only once the queue is (`start` opens the API before the ingest service).
  const board = async (c: Context<Env>): Promise<Response> => {
    const b = options.board?.() ?? { unavailable: 'this server has no queue attached' };
    if ('unavailable' in b) return c.json(errorBody('no_queue_board', b.unavailable), 404);
    return b.fetch(c.req.raw, c.env);
  };
  app.all(BOARD_PATH, board);
  app.all(`${BOARD_PATH}/*`, board);

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
