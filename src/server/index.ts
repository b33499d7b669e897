/**
 * @module server
 * `startServer`: the API on @hono/node-server, either over its own NoticeStore (`tongzhi serve`)
 * or over the one a Publisher keeps current (`npm start`, watcher and API in one process).
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pino from 'pino';
import type { ServiceConfig } from '../config.js';
import { NoticeStore } from '../sinks/index.js';
import { createApp } from './app.js';

export { createApp } from './app.js';

export interface RunningServer {
  /** where it listens, e.g. http://127.0.0.1:8080 (the real port when config.port is 0) */
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  logger?: pino.Logger;
  store?: NoticeStore;
}

export async function startServer(config: ServiceConfig, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ name: 'tongzhi-api' });
  const store = options.store ?? (await NoticeStore.open(config, logger));
  const app = createApp(store, logger);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  logger.info({ url, baseUrl: config.baseUrl, index: store.status() }, 'api listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
