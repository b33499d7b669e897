/**
 * @module server/board
 * The BullMQ queue board (bull-board) at /admin/queues, read-only: a failed job is put back with
 * `tongzhi retry`, which also moves its file back from failed/ to the inbox; retrying, cleaning or
 * removing jobs from the board would leave the data folder and the queue disagreeing.
 * Its HTML loads its scripts and styles from the board's own static files (served by
 * @hono/node-server's serveStatic) and fonts from Google: the CSP in app.ts allows exactly that.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';
import { Hono } from 'hono';

export const BOARD_PATH = '/admin/queues';

/** The board as an app whose routes start with BOARD_PATH. */
export function queueBoard(queue: Queue, title: string): Hono {
  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(BOARD_PATH);
  // @bull-board/hono 9.10.1 carries its own @bull-board/api 9.10.1 beside our 9.10.2: the same
  // interface in two declarations, which TypeScript will not unify (a private field differs).
  const adapter = serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'];
  createBullBoard({ queues: [new BullMQAdapter(queue, { readOnlyMode: true })], serverAdapter: adapter, options: { uiConfig: { boardTitle: title } } });
  return new Hono().route(BOARD_PATH, serverAdapter.registerPlugin());
}
