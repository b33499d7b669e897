/**
 * @module server
 * `startServer`: the API on @hono/node-server, either over its own NoticeStore (`tongzhi serve`)
 * or over the one a Publisher keeps current (`npm start`, watcher and API in one process).
 * It loads the API keys, fixes the allowed Host names once the port is known, and keeps the
 * Prometheus metrics; `attach` gives it the ingest queue once there is one (queue board, depth).
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import pino from 'pino';
import type { ServiceConfig } from '../config.js';
import { BullQueue, connectQueue } from '../intake/bullmq.js';
import type { IngestQueue } from '../intake/queue.js';
import { NoticeStore, openPublisher, type Publisher } from '../sinks/index.js';
import type { NoticeRecord } from '../record/schema.js';
import { createApp } from './app.js';
import { hostPolicy, loadApiKeys, readableByOthers, type ApiKey, type HostPolicy } from './auth.js';
import { BOARD_PATH, queueBoard } from './board.js';
import { ApiMetrics } from './metrics.js';

export { createApp } from './app.js';
export { ApiMetrics } from './metrics.js';

export interface RunningServer {
  /** where it listens, e.g. http://127.0.0.1:8080 (the real port when config.port is 0) */
  url: string;
  metrics: ApiMetrics;
  /** The ingest queue: its depth on /metrics and, in BullMQ mode, the board at /admin/queues. */
  attach(queue: IngestQueue): void;
  close(): Promise<void>;
}

export interface ServerOptions {
  logger?: pino.Logger;
  store?: NoticeStore;
  /** keys accepted besides the configured ones (`start --demo` makes one) */
  extraKeys?: readonly ApiKey[];
  metrics?: ApiMetrics;
  /**
   * 'connect' (`tongzhi serve`): open this data folder's BullMQ queue, when there is one, for the
   * board, the queue depth and the job outcomes; closed with the server. Else `attach` it later.
   */
  queue?: 'connect';
  /** publishes corrections made on the page (`start`: the ingest's publisher); absent: one is opened at the first correction */
  publisher?: Publisher;
}

const INPROCESS_BOARD = 'the queue runs in the ingest process, not in Redis (in-process mode): there is no queue board; `tongzhi status` shows the counts';

export async function startServer(config: ServiceConfig, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ name: 'tongzhi-api' });
  const keys = [...(await loadApiKeys(config)), ...(options.extraKeys ?? [])];
  if (config.apiKeysFile && (await readableByOthers(config.apiKeysFile))) logger.warn({ file: config.apiKeysFile }, 'the API keys file can be read by other users of this machine: chmod 600 it');
  const store = options.store ?? (await NoticeStore.open(config, logger));
  const metrics = options.metrics ?? new ApiMetrics();
  let policy: HostPolicy = { any: false, allowed: new Set() };
  let board: Hono | { unavailable: string } = { unavailable: 'no ingest queue is attached to this server yet' };
  let attached: IngestQueue | null = null;
  let ownPublisher: Promise<Publisher> | null = null;
  const publish = (record: NoticeRecord): Promise<void> => {
    if (options.publisher) return options.publisher.publish(record);
    ownPublisher ??= openPublisher(config, logger);
    return ownPublisher.then((p) => p.publish(record));
  };
  const web = { queue: () => attached, publish };
  const app = createApp(store, logger, { keys, hosts: () => policy, metrics, board: () => board, web });

  let owned: BullQueue | null = null;
  const attach = (queue: IngestQueue): void => {
    attached = queue;
    metrics.watchQueue(() => queue.counts());
    board = queue instanceof BullQueue ? queueBoard(queue.queue, `tongzhi ${config.queueName}`) : { unavailable: INPROCESS_BOARD };
  };
  if (options.queue === 'connect') {
    if (config.queueMode === 'inprocess') board = { unavailable: INPROCESS_BOARD };
    else {
      try {
        owned = await connectQueue(config);
      } catch (e) {
        // The API serves the outputs without Redis; only the board and the queue metrics are missing.
        logger.error({ err: (e as Error).message }, 'cannot reach the queue: no queue board or queue metrics');
      }
      if (owned) {
        attach(owned);
        metrics.countQueueEvents(owned);
      } else board = { unavailable: `no BullMQ queue for this data folder (Redis not reachable, in-process mode, or no service started in ${config.layout.data} yet)` };
    }
  }

  let server: ServerType;
  try {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
  } catch (e) {
    await owned?.close();
    throw e;
  }
  const { address, port } = server.address() as AddressInfo;
  policy = hostPolicy(config, port);
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  logger.info({ url, baseUrl: config.baseUrl, index: store.status(), allowedHosts: policy.any ? '*' : [...policy.allowed] }, 'api listening');
  if (!keys.some((k) => k.staff)) {
    logger.warn(
      `no API keys configured: /notices, /search, originals, forms, /metrics and ${BOARD_PATH} answer 401 to everyone. Put keys in a file (one a line, or name:token) and set --api-keys-file / TONGZHI_API_KEYS_FILE, or set TONGZHI_API_KEYS=key1,key2`,
    );
  }
  return {
    url,
    metrics,
    attach,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await owned?.close();
      if (!options.store) await store.close();
      if (ownPublisher) await (await ownPublisher).close();
    },
  };
}
