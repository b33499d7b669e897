/**
 * Who may ask what, over real HTTP: staff endpoints answer 401 without a key and 200 with one
 * (Bearer, X-API-Key, Basic), the Host header is checked (DNS rebinding), the public feed and
 * calendar carry validators and answer 304, every answer carries the security headers, and
 * /metrics shows jobs, durations, queue depth and process metrics.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../src/config.js';
import { jobOptionsOf } from '../../src/intake/options.js';
import { InProcessQueue } from '../../src/intake/queue.js';
import { apiKeysOf, credentialOf, hostAllowed, hostPolicy, loadApiKeys, matchKey } from '../../src/server/auth.js';
import { startServer } from '../../src/server/index.js';
import { NoticeStore } from '../../src/sinks/index.js';
import { tempConfig } from '../sinks/fixtures.js';
import { API_KEY, AUTH, rawGet, startApi, type Api } from './fixtures.js';

const METRICS_TOKEN = 'prometheus-scrape-token-0123';
let api: Api;
let id = '';
const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${api.server.url}${path}`, { headers });
const errorOf = async (res: Response): Promise<{ code: string; message: string }> => ((await res.json()) as { error: { code: string; message: string } }).error;

beforeAll(async () => {
  api = await startApi(2, { metricsToken: METRICS_TOKEN });
  id = [...api.seeds.values()][0]?.id as string;
}, 60_000);
afterAll(async () => {
  await api.server.close();
});

/** Every staff endpoint, with a real id, form and query. */
const staffPaths = (): string[] => [
  '/notices',
  `/notices/${id}`,
  `/notices/${id}/original`,
  `/notices/${id}/forms/0`,
  `/notices/${id}/forms/0/ui`,
  `/search?q=${encodeURIComponent('通知')}`,
  '/metrics',
  '/admin/queues',
  '/admin/queues/api/queues',
];

describe('staff endpoints need a key', () => {
  it('answer 401 with a JSON error and a challenge without a credential', async () => {
    for (const path of staffPaths()) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(res.headers.get('www-authenticate'), path).toMatch(path.startsWith('/admin') ? /^Basic realm=/ : /^Bearer realm=/);
      expect(await errorOf(res), path).toMatchObject({ code: 'unauthorized' });
    }
  });

  it('answer 401 to a wrong key, of any length, and to a key sent some other way', async () => {
    for (const wrong of ['x', `${API_KEY}x`, API_KEY.slice(0, -1), API_KEY.toUpperCase()]) {
      const res = await get('/notices', { Authorization: `Bearer ${wrong}` });
      expect(res.status, wrong).toBe(401);
      expect(await errorOf(res)).toMatchObject({ code: 'invalid_credential' });
    }
    expect((await get(`/notices?api_key=${API_KEY}`)).status).toBe(401);
    expect((await get('/notices', { Authorization: `Token ${API_KEY}` })).status).toBe(401);
  });

  it('answer with the key as Bearer, X-API-Key, or the password of Basic, and are not cached', async () => {
    const basic = `Basic ${Buffer.from(`anyone:${API_KEY}`).toString('base64')}`;
    const ways: Array<Record<string, string>> = [AUTH, { 'X-API-Key': API_KEY }, { Authorization: basic }, { Authorization: `bearer  ${API_KEY}` }];
    for (const headers of ways) {
      const res = await get('/notices', headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    }
    expect(api.logs.some((l) => l['msg'] === 'request' && l['path'] === '/notices' && l['key'] === 'staff')).toBe(true);
    expect(JSON.stringify(api.logs)).not.toContain(API_KEY);
  });

  it('take the metrics token on /metrics only', async () => {
    expect((await get('/metrics', { Authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200);
    const res = await get('/notices', { Authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toMatchObject({ code: 'forbidden' });
  });

  it('leave the feed, the calendar, the schema and the index open, and /health to {ok} without a key', async () => {
    for (const path of ['/', '/feed.json', '/deadlines.ics', '/schema/notice-record.json']) expect((await get(path)).status, path).toBe(200);
    const open = await get('/health');
    expect(open.status).toBe(200);
    expect(await open.json()).toEqual({ ok: true });
    const full = (await (await get('/health', AUTH)).json()) as Record<string, unknown>;
    expect(Object.keys(full).sort()).toEqual(['index', 'ok', 'records', 'redis']);
  });

  it('answer 401 everywhere, saying how to configure keys, when none is configured; --public-feed false closes the feed', async () => {
    const logs: string[] = [];
    const logger = pino({}, { write: (l: string) => void logs.push(l) });
    const config = tempConfig({ publicFeed: 'false' });
    const server = await startServer(config, { logger, store: await NoticeStore.open(config) });
    try {
      for (const path of ['/notices', '/feed.json', '/deadlines.ics', '/metrics']) {
        const res = await fetch(`${server.url}${path}`);
        expect(res.status, path).toBe(401);
        expect((await errorOf(res)).message, path).toMatch(/no API keys are configured.*TONGZHI_API_KEYS_FILE/);
      }
      // a key that is no key is refused too: an empty list matches nothing
      expect((await fetch(`${server.url}/notices`, { headers: AUTH })).status).toBe(401);
      expect(logs.join('')).toMatch(/no API keys configured.*--api-keys-file/);
    } finally {
      await server.close();
    }
  });
});

describe('API keys', () => {
  it('are read from a file (name:token, comments, blank lines) and the environment, and compared by hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongzhi-keys-'));
    const file = join(dir, 'keys');
    writeFileSync(file, '# staff keys\nalice:alice-key-0123456789abcdef\n\n  bare-key-0123456789abcdef  \n');
    chmodSync(file, 0o600);
    const keys = await loadApiKeys({ apiKeysFile: file, apiKeys: ['bob:bob-key-0123456789abcdef'], metricsToken: null });
    expect(keys.map((k) => k.name)).toEqual(['alice', 'key4', 'bob']);
    expect(matchKey(keys, 'alice-key-0123456789abcdef')?.name).toBe('alice');
    expect(matchKey(keys, 'bare-key-0123456789abcdef')?.name).toBe('key4');
    expect(matchKey(keys, 'bob-key-0123456789abcdef')?.name).toBe('bob');
    expect(matchKey(keys, 'alice-key-0123456789abcde')).toBeNull();
    expect(JSON.stringify(keys)).not.toContain('alice-key');
  });

  it('refuse short keys and a missing file as configuration errors', async () => {
    expect(() => apiKeysOf(['short'], 'TONGZHI_API_KEYS')).toThrow(ConfigError);
    await expect(loadApiKeys({ apiKeysFile: '/nonexistent/keys', apiKeys: [], metricsToken: null })).rejects.toThrow(/cannot read/);
  });

  it('take the credential from Bearer, X-API-Key or Basic', () => {
    const h = (headers: Record<string, string>) => (name: string) => headers[name];
    expect(credentialOf(h({ authorization: 'Bearer abc' }))).toBe('abc');
    expect(credentialOf(h({ 'x-api-key': ' abc ' }))).toBe('abc');
    expect(credentialOf(h({ authorization: `Basic ${Buffer.from('u:p:q').toString('base64')}` }))).toBe('p:q');
    expect(credentialOf(h({ authorization: 'Digest x' }))).toBeNull();
    expect(credentialOf(h({}))).toBeNull();
  });
});

describe('Host header (DNS rebinding)', () => {
  it('answers the bind address, localhost, 127.0.0.1 and [::1] with the port, and the base URL host', async () => {
    const port = new URL(api.server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, new URL(api.config.baseUrl).host]) {
      expect((await rawGet(api.server.url, '/notices', { ...AUTH, Host: host })).status, host).toBe(200);
    }
  });

  it('refuses any other Host with 421 and a JSON error, key or not', async () => {
    const port = new URL(api.server.url).port;
    for (const host of [`evil.example:${port}`, 'evil.example', `localhost:${Number(port) + 1}`, `127.0.0.1.evil.example:${port}`]) {
      for (const path of ['/notices', '/feed.json', '/health']) {
        const res = await rawGet(api.server.url, path, { ...AUTH, Host: host });
        expect(res.status, `${host} ${path}`).toBe(421);
        expect(JSON.parse(res.body), host).toMatchObject({ error: { code: 'host_not_allowed' } });
      }
    }
  });

  it('takes names from --allowed-hosts (name: any port; name:port; * turns the check off)', () => {
    const base = { host: '127.0.0.1', baseUrl: 'http://127.0.0.1:8080' };
    const listed = hostPolicy({ ...base, allowedHosts: resolveConfig({ allowedHosts: 'notices.example.gov.cn, api.internal:8443' }, {}).allowedHosts }, 8080);
    expect(hostAllowed(listed, 'notices.example.gov.cn')).toBe(true);
    expect(hostAllowed(listed, 'Notices.Example.gov.cn:443')).toBe(true);
    expect(hostAllowed(listed, 'api.internal:8443')).toBe(true);
    expect(hostAllowed(listed, 'api.internal:8080')).toBe(false);
    expect(hostAllowed(listed, 'localhost:8080')).toBe(false);
    expect(hostAllowed(hostPolicy({ ...base, allowedHosts: ['*'] }, 8080), 'anything')).toBe(true);
    expect(() => resolveConfig({ allowedHosts: 'http://x/' }, {})).toThrow(ConfigError);
    const v6 = hostPolicy({ host: '::', baseUrl: 'http://[::1]:9000', allowedHosts: null }, 9000);
    expect(hostAllowed(v6, '[::]:9000')).toBe(true);
  });
});

describe('feed and calendar validators', () => {
  for (const path of ['/feed.json', '/deadlines.ics']) {
    it(`${path}: ETag, Last-Modified, Cache-Control; 304 to If-None-Match and If-Modified-Since`, async () => {
      const first = await get(path);
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag') as string;
      const modified = first.headers.get('last-modified') as string;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
      expect(Date.parse(modified)).not.toBeNaN();
      expect(first.headers.get('cache-control')).toBe('public, max-age=60');
      await first.arrayBuffer();

      for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const again = await get(path, { 'If-None-Match': inm });
        expect(again.status, inm).toBe(304);
        expect(again.headers.get('etag')).toBe(etag);
        expect(await again.text()).toBe('');
      }
      expect((await get(path, { 'If-Modified-Since': modified })).status).toBe(304);
      expect((await get(path, { 'If-Modified-Since': new Date(Date.parse(modified) + 3600_000).toUTCString() })).status).toBe(304);
      expect((await get(path, { 'If-Modified-Since': new Date(Date.parse(modified) - 3600_000).toUTCString() })).status).toBe(200);
      // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2)
      expect((await get(path, { 'If-None-Match': '"stale"', 'If-Modified-Since': modified })).status).toBe(200);
      expect((await get(path, { 'If-Modified-Since': 'not a date' })).status).toBe(200);
    });
  }
});

describe('security headers', () => {
  it('are on every answer: JSON, errors, feed, originals', async () => {
    for (const [path, status] of [['/', 200], ['/notices', 200], ['/nothing', 404], ['/feed.json', 200], [`/notices/${id}/original`, 200], ['/notices', 401]] as const) {
      const res = await get(path, status === 401 ? {} : AUTH);
      expect(res.status, path).toBe(status);
      const h = res.headers;
      expect(h.get('x-content-type-options'), path).toBe('nosniff');
      expect(h.get('x-frame-options'), path).toBe('DENY');
      expect(h.get('referrer-policy'), path).toBe('no-referrer');
      expect(h.get('content-security-policy'), path).toMatch(/default-src 'none'/);
      expect(h.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
      expect(h.get('cross-origin-resource-policy'), path).toBe(path === '/feed.json' ? 'cross-origin' : 'same-origin');
      await res.arrayBuffer();
    }
  });

  it('serves originals as attachments', async () => {
    const res = await get(`/notices/${id}/original`, AUTH);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
    await res.arrayBuffer();
  });
});

describe('/metrics', () => {
  it('shows job outcomes, durations, queue depth, HTTP answers and process metrics', async () => {
    const { metrics } = api.server;
    const t0 = Date.now();
    metrics.settled({ kind: 'stored', id: 'a', file: 'a.txt', record: 'r', keptAs: null, status: 'ok', queuedAt: t0 - 1500 }, t0);
    metrics.settled({ kind: 'stored', id: 'b', file: 'b.txt', record: 'r', keptAs: null, status: 'partial', queuedAt: t0 - 200 }, t0);
    metrics.jobStarted('c', t0 - 3000);
    metrics.settled({ kind: 'failed', id: 'c', file: 'c.pdf', code: 'no_text_layer', stage: 'read', message: 'm', errorFile: null }, t0);
    metrics.settled({ kind: 'duplicate', id: 'd', file: 'd.txt', report: {} as never }, t0);
    const queue = new InProcessQueue(jobOptionsOf(api.config), { attempts: 1, backoffMs: 10 }, 1);
    api.server.attach(queue);

    const res = await get('/metrics', AUTH);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('tongzhi_jobs_total{outcome="stored",status="ok"} 1');
    expect(text).toContain('tongzhi_jobs_total{outcome="stored",status="partial"} 1');
    expect(text).toContain('tongzhi_jobs_total{outcome="failed",code="no_text_layer"} 1');
    expect(text).toContain('tongzhi_jobs_total{outcome="duplicate"} 1');
    expect(text).toContain('tongzhi_job_duration_seconds_bucket{le="2.5",outcome="stored"} 2');
    expect(text).toContain('tongzhi_job_duration_seconds_count{outcome="failed"} 1');
    for (const state of ['waiting', 'active', 'failed']) expect(text).toContain(`tongzhi_queue_jobs{state="${state}"} 0`);
    expect(text).toMatch(/tongzhi_http_requests_total\{method="GET",route="\/notices",status="200"\} \d+/);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    await queue.close();
  });

  it('in-process mode: /admin/queues is a 404 saying why', async () => {
    const res = await get('/admin/queues', AUTH);
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: 'no_queue_board', message: expect.stringMatching(/in-process/) });
  });
});
