/**
 * @module sinks/publisher-worker
 * The publisher thread's script (started by publisher-thread.ts): opens the publisher (the store,
 * rebuilt or reconciled with out/records) and publishes each record it is sent, answering per
 * record. Its log lines go straight to stdout, as the process's own do.
 */
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import type { FromPublisherThread, PublisherThreadData, ToPublisherThread } from './publisher-thread.js';
import { openPublisher, type Publisher } from './publisher.js';

const { config, level } = workerData as PublisherThreadData;
const port = parentPort;
if (!port) throw new Error('publisher-worker runs as a worker thread (sinks/publisher-thread.ts starts it)');
const send = (m: FromPublisherThread): void => port.postMessage(m);
const log = pino({ name: 'tongzhi', level }, pino.destination({ dest: 1, sync: true }));

let publisher: Publisher;
try {
  publisher = await openPublisher(config, log);
} catch (e) {
  send({ type: 'open-failed', message: e instanceof Error ? e.message : String(e) });
  port.close();
  process.exit(1);
}
const pending = new Set<Promise<void>>();
port.on('message', (m: ToPublisherThread) => {
  if (m.type === 'publish') {
    const p = publisher.publish(m.record).then(
      () => send({ type: 'published', seq: m.seq }),
      (e: unknown) => send({ type: 'failed', seq: m.seq, message: e instanceof Error ? e.message : String(e) }),
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
  } else if (m.type === 'close') {
    void (async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
      await publisher.close();
      send({ type: 'closed' });
      port.close();
    })();
  }
});
send({ type: 'ready' });
