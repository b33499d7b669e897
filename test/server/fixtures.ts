/**
 * A running API over the five seed notices (their .txt originals in done/), plus variants the
 * seeds lack: one not for publication, one 秘密, and one with a timed deadline whose text needs
 * iCalendar escaping and a uiSchema on its form. Logs are captured as parsed pino lines.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { ServiceConfig } from '../../src/config.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { NoticeStore, openPublisher } from '../../src/sinks/index.js';
import { SAMPLES, SEED_STEMS } from '../helpers.js';
import { seedRecords, tempConfig, variant } from '../sinks/fixtures.js';

export const NOT_PUBLIC = 'ffff000000000001';
export const SECRET = 'ffff000000000002';
export const TIMED = 'ffff000000000003';
/** The staff key of the test API (named `staff`), and the header that carries it. */
export const API_KEY = 'test-key-0123456789abcdef';
export const AUTH = { Authorization: `Bearer ${API_KEY}` } as const;

export interface Api {
  config: ServiceConfig;
  seeds: Map<string, NoticeRecord>;
  all: NoticeRecord[];
  server: RunningServer;
  store: NoticeStore;
  logs: Array<Record<string, unknown>>;
  logger: pino.Logger;
}

export async function startApi(feedPageSize = 2, overrides: Record<string, string> = {}): Promise<Api> {
  const config = tempConfig({ apiKeys: `staff:${API_KEY}`, ...overrides });
  const seeds = await seedRecords();
  const s003 = seeds.get('003') as NoticeRecord;
  const form = s003.attachments.find((a) => a.form);
  const timed = variant(s003, TIMED, {
    title: '测试：带时间的截止',
    // another notice (its own 文号), not a copy of 003
    docNumber: '国科发才〔2025〕1号',
    signedDate: '2025-01-10',
    deadlines: [{ ...(s003.deadlines[0] as NoticeRecord['deadlines'][number]), date: '2025-02-14', time: '17:30', what: '报送材料；含逗号, 反斜杠\\ 与换行\n第二行' }],
    attachments: form ? [{ ...form, uiSchema: { 'ui:order': ['*'] } } as NoticeRecord['attachments'][number]] : [],
  });
  const all = [...seeds.values(), variant(s003, NOT_PUBLIC, { disclosure: 'not_public' }), variant(s003, SECRET, { secrecy: '秘密', docNumber: '国科发才〔2024〕32号' }), timed];
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  const pub = await openPublisher(config, logger);
  for (const r of all) await pub.publish(r);
  await pub.close();
  mkdirSync(config.layout.done, { recursive: true });
  for (const stem of SEED_STEMS) copyFileSync(join(SAMPLES, `${stem}.txt`), join(config.layout.done, `${stem}.txt`));
  const store = await NoticeStore.open(config, logger, { feedPageSize });
  const server = await startServer(config, { logger, store });
  return { config, seeds, all, server, store, logs, logger };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * GET with the path sent exactly as given (fetch would normalise `..` and `%2e%2e` away), and
 * the headers given (fetch will not send another Host); with the staff key unless told otherwise.
 */
export function rawGet(baseUrl: string, path: string, headers: Record<string, string> = AUTH): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}
