/**
 * The queue board and the queue metrics of `tongzhi serve` in BullMQ mode, against the machine's
 * Redis with a queue of our own (unique prefix, obliterated after): behind the key, read-only,
 * its HTML and static files served with their CSP, and /metrics showing the queue's depth.
 */
import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { NoticeStore } from '../../src/sinks/index.js';
import { obliterate, REDIS_URL, removeTempDirs, testEnv, type TestEnv } from '../intake/helpers.js';
import { API_KEY, AUTH } from './fixtures.js';

let env: TestEnv;
let server: RunningServer;
let queue: Queue;
const basic = { Authorization: `Basic ${Buffer.from(`staff:${API_KEY}`).toString('base64')}` };
const get = (path: string, headers: Record<string, string> = basic): Promise<Response> => fetch(`${server.url}${path}`, { headers });

beforeAll(async () => {
  env = testEnv(REDIS_URL, { apiKeys: API_KEY, port: '0' });
  queue = new Queue(env.config.queueName, { connection: { url: REDIS_URL }, prefix: env.config.prefix });
  // two waiting jobs (no worker runs here)
  await queue.add('ingest', { note: 'waiting' }, { jobId: 'tz-00000000000000a1' });
  await queue.add('ingest', { note: 'waiting' }, { jobId: 'tz-00000000000000a2' });
  server = await startServer(env.config, { logger: pino({ level: 'silent' }), store: await NoticeStore.open(env.config), queue: 'connect' });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await queue?.close();
  await obliterate(env.config);
  removeTempDirs();
});

describe('/admin/queues in BullMQ mode', () => {
  it('asks a browser for Basic credentials, and answers 401 without them', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/favicon-32x32.png']) {
      const res = await get(path, {});
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="tongzhi queue board"/);
    }
  });

  it('serves the board page and its static files, with a CSP that lets only its own scripts run', async () => {
    const page = await get('/admin/queues');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('__UI_CONFIG__');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const script = /src="(static\/js\/[^"]+\.js)"/.exec(html)?.[1] as string;
    const js = await get(`/admin/queues/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    await js.arrayBuffer();
  });

  it("lists this data folder's queue with its counts, through the key (Bearer works too)", async () => {
    const res = await get('/admin/queues/api/queues', AUTH);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: Array<{ name: string; readOnlyMode: boolean; counts: Record<string, number> }> };
    expect(body.queues).toHaveLength(1);
    expect(body.queues[0]).toMatchObject({ name: env.config.queueName, readOnlyMode: true });
  });

  it('is read-only: cleaning, emptying or pausing the queue is refused, and a change from another origin is a 403', async () => {
    const name = encodeURIComponent(env.config.queueName);
    for (const path of [`/admin/queues/api/queues/${name}/clean/waiting`, `/admin/queues/api/queues/${name}/empty`, `/admin/queues/api/queues/${name}/pause`]) {
      const res = await fetch(`${server.url}${path}`, { method: 'PUT', headers: basic });
      expect(res.status, path).toBe(405);
      await res.arrayBuffer();
    }
    const cross = await fetch(`${server.url}/admin/queues/api/queues/${name}/empty`, { method: 'PUT', headers: { ...basic, Origin: 'http://evil.example' } });
    expect(cross.status).toBe(403);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 2 });
  });

  it('shows the queue depth on /metrics', async () => {
    const text = await (await get('/metrics', AUTH)).text();
    expect(text).toContain('tongzhi_queue_jobs{state="waiting"} 2');
    expect(text).toContain('tongzhi_queue_jobs{state="failed"} 0');
    expect(text).toContain('tongzhi_queue_jobs{state="active"} 0');
  });
});
