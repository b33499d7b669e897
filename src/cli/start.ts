/**
 * @module cli/start
 * `tongzhi start`: the whole service in one process — the inbox watcher with its workers, the
 * feed and search publisher (in a worker thread: sinks/publisher-thread), and the HTTP API —
 * what `npm start` runs. With `--demo` the bundled sample notices are first copied into an empty
 * inbox, so a fresh machine shows records, a feed, search and a few clear failures (a scanned and
 * an encrypted PDF) at once.
 */
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import pino from 'pino';
import { ConfigError, type ServiceConfig } from '../config.js';
import { startService } from '../intake/service.js';
import { untilSignal } from '../intake/signals.js';
import { apiKeysOf, newApiKey } from '../server/auth.js';
import { ApiMetrics, startServer } from '../server/index.js';
import { openThreadPublisher } from '../sinks/publisher-thread.js';
import { parseServiceArgs, serviceOptionsHelp, type Command } from './command.js';

/** samples/ of the installed package (dist/src/cli → ../../../samples). */
const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));
// samples/formats/ (one notice in every format, some through LibreOffice at seconds a file) is for the tests, not the demo.
const NOT_SAMPLES = new Set(['README.md', 'screenshots', 'formats']);

const isEmptyDir = async (dir: string): Promise<boolean> => (await readdir(dir).catch(() => [])).length === 0;

/** Copies the samples into the inbox unless records exist already (a second demo run is a no-op). */
async function seedInbox(config: ServiceConfig, log: pino.Logger): Promise<void> {
  if (!(await isEmptyDir(config.layout.records))) {
    log.info({ records: config.layout.records }, 'demo: records exist already; not copying the samples again');
    return;
  }
  const names = (await readdir(SAMPLES)).filter((n) => !NOT_SAMPLES.has(n));
  // Each sample is copied into a hidden folder of the inbox (ignored by the watcher) and then
  // renamed into place: a rename is atomic, so a sample folder (a bundle) is never seen half-copied.
  // A plain recursive copy could pause longer than the stability time on a busy machine, and the
  // watcher would rightly take the folder as it was then and the late files as a second unit.
  const staging = join(config.layout.inbox, '.tongzhi-demo-staging');
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  for (const n of names) {
    await cp(join(SAMPLES, n), join(staging, n), { recursive: true });
    await rename(join(staging, n), join(config.layout.inbox, n));
  }
  await rm(staging, { recursive: true, force: true });
  log.info({ inbox: config.layout.inbox, files: names.length }, `demo: copied the bundled samples into the inbox`);
}

/** Where `start --demo` keeps the key it made (owner-only), so a second demo run prints the same one. */
export const DEMO_KEY_FILE = 'demo-api-key';

/**
 * A demo without configured keys would answer 401 on every staff endpoint: it gets a random key,
 * kept in <data>/demo-api-key (mode 600) and printed in the log with a curl line to try. The API
 * stays on the configured address (127.0.0.1 by default).
 */
async function demoKey(config: ServiceConfig, log: pino.Logger): Promise<string> {
  const file = join(config.layout.data, DEMO_KEY_FILE);
  let key = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (key.length < 32) {
    key = newApiKey();
    await mkdir(config.layout.data, { recursive: true });
    await writeFile(file, `demo:${key}\n`, { mode: 0o600 });
  } else key = key.replace(/^demo:/, '');
  log.info({ keyFile: file }, `demo: staff endpoints need an API key; this demo made one (kept in ${file}): ${key}`);
  return key;
}

export const command: Command = {
  name: 'start',
  summary: 'watcher + workers + feed/search + HTTP API in one process (--demo: ingest the bundled samples first)',
  usage: 'tongzhi start [--demo] [service options]',
  async run(argv) {
    const { config, values } = parseServiceArgs(argv, { demo: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    if (values['help']) {
      process.stdout.write(`${command.usage}\n  ${command.summary}\n\nService options (flag, environment variable):\n${serviceOptionsHelp()}\n`);
      return 0;
    }
    const log = pino({ name: 'tongzhi' });
    // The sandboxed job processes inherit this environment and parse untrusted files: they get no keys.
    delete process.env['TONGZHI_API_KEYS'];
    delete process.env['TONGZHI_METRICS_TOKEN'];
    await mkdir(config.layout.inbox, { recursive: true });
    if (values['demo']) await seedInbox(config, log);
    const configured = config.apiKeysFile !== null || config.apiKeys.length > 0;
    const demo = values['demo'] && !configured ? await demoKey(config, log) : null;
    const extraKeys = demo ? apiKeysOf([`demo:${demo}`], DEMO_KEY_FILE) : [];
    // Store writes and feed.json in a thread of their own: a dropped file never holds up /search.
    const publisher = await openThreadPublisher(config, log);
    const metrics = new ApiMetrics();
    // The API first: a taken port must stop everything before any file is taken from the inbox.
    let server: Awaited<ReturnType<typeof startServer>>;
    let service: Awaited<ReturnType<typeof startService>>;
    try {
      server = await startServer(config, { logger: log, store: publisher.store, metrics, extraKeys, publisher });
    } catch (e) {
      log.error({ err: (e as Error).message, port: config.port }, 'cannot start the HTTP API; nothing was ingested');
      await publisher.close();
      return e instanceof ConfigError ? 2 : 1;
    }
    try {
      service = await startService(config, { logger: log, publisher });
    } catch (e) {
      log.error({ err: (e as Error).message }, 'cannot start the ingest service');
      await server.close();
      await publisher.close();
      return 1;
    }
    service.onProgress((id) => metrics.jobStarted(id));
    service.onSettled((s) => metrics.settled(s));
    server.attach(service.queue);
    log.info({ url: server.url, inbox: config.layout.inbox, mode: service.mode }, `tongzhi is running: drop notices into ${config.layout.inbox}; API at ${server.url} (/notices, /search?q=, /feed.json, /deadlines.ics, /metrics, /admin/queues)`);
    if (demo) log.info(`demo: try  curl -H 'Authorization: Bearer ${demo}' ${server.url}/notices`);
    return untilSignal(async () => {
      await server.close();
      await service.close();
      await publisher.close();
    }, log);
  },
};
