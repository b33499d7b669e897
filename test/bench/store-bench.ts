/**
 * `npm run bench:store` (not a test): the notice store at N = 1,000 and 10,000 stored notices
 * (`--sizes 1000,10000,100000` for more), for each driver (`--drivers sqlite,postgres`; PostgreSQL
 * at PG_URL, default postgres://postgres@127.0.0.1:5432, a fresh database per size, dropped after):
 *
 * - reindex: `rebuildOutputs` of N record files into an empty store (tokenizing included);
 * - add one: `driver.put` of one more record at size N, and `publish` (the put + feed.json);
 * - query p50/p95 over 50 Chinese queries through the API's /search (snippets included);
 * - /notices (a listing page, and one filtered by region) and /feed.json p50/p95;
 * - disk size of the store, and the process's RSS at the end.
 *
 * Records are synthetic but valid (checked against the zod schema): the seed samples' records
 * with other issuers, regions, titles, dates, 文号 and a paragraph of sentences drawn from all the
 * seeds, so the tokens spread as real notices' do. Prints a table and writes bench/results.json
 * (key "store").
 *
 *   node dist/test/bench/store-bench.js [--sizes 1000,10000] [--drivers sqlite,postgres] [--keep DIR]
 *
 * `--keep DIR` keeps each store (DIR/<driver>-<N>, PostgreSQL database tongzhi_bench_keep_<N>) and
 * reuses it on the next run instead of rebuilding it: a 100,000 reindex takes longer than the
 * queries it serves, and tuning a query needs the same store many times. A reused store's reindex
 * column is empty.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { resolveConfig, type ServiceConfig } from '../../src/config.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { createApp } from '../../src/server/app.js';
import { apiKeysOf } from '../../src/server/auth.js';
import { NoticeStore, openPublisher, rebuildOutputs } from '../../src/sinks/index.js';
import { openDriver } from '../../src/store/index.js';
import { statusKb } from './proc.js';
import { benchQueries, recordMaker, seedRecords } from './synthetic.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SAMPLES = join(ROOT, 'samples');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    drivers: { type: 'string', default: 'sqlite,postgres' },
    queries: { type: 'string', default: '50' },
    keep: { type: 'string' },
  },
});
const SIZES = String(values.sizes).split(',').map(Number);
const DRIVERS = String(values.drivers).split(',');
const PG_ADMIN = process.env['PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432';
const KEEP = values.keep ? resolve(values.keep) : null;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] ?? NaN) * 100) / 100;
};

const dirSize = (dir: string): number =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).reduce((t, e) => t + (e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0) : 0;

interface Row {
  driver: string;
  n: number;
  reindexS: number | null;
  addMsP50: number;
  /** this process's CPU ms (PostgreSQL's own CPU is not in it) */
  addCpuP50: number;
  publishMsP50: number;
  queryP50: number;
  queryP95: number;
  queryCpuP50: number;
  queryCpuP95: number;
  noticesP50: number;
  noticesFilteredP50: number;
  feedP50: number;
  feedP95: number;
  feedCpuP50: number;
  diskMb: number;
  rssMb: number;
  /** `tongzhi serve` on the same store, over HTTP: its peak RSS and latencies */
  api: ApiFigures;
}

interface ApiFigures {
  startS: number;
  queryP50: number;
  queryP95: number;
  noticesP50: number;
  feedP50: number;
  rssMb: number;
  peakRssMb: number;
}

const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (a && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))));
    });
  });

/** The process's RSS now and at its peak (VmHWM), MB */
const procStatus = (pid: number): { rssMb: number; peakRssMb: number } => ({ rssMb: Math.round(statusKb(pid, 'VmRSS') / 1000), peakRssMb: Math.round(statusKb(pid, 'VmHWM') / 1000) });

/**
 * The real API process (`tongzhi serve`) on a built store: what an office runs, so its RSS is the
 * API's own (the bench process also holds the synthetic records it wrote). Requests go over HTTP
 * one at a time: the same queries, /notices and /feed.json.
 */
async function apiFigures(data: string, store: string, qs: readonly string[]): Promise<ApiFigures> {
  const port = await freePort();
  const token = 'bench-token-0123456789abcdef0123';
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'serve', '--data', data, '--store', store, '--queue-mode', 'inprocess', '--port', String(port), '--host', '127.0.0.1', '--base-url', 'http://bench.test'], {
    env: { ...process.env, TONGZHI_API_KEYS: `bench:${token}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const get = async (path: string): Promise<void> => {
    const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    await res.arrayBuffer();
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`tongzhi serve exited with ${child.exitCode}`);
      if (await get('/health').then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const startS = Math.round((performance.now() - t0) / 100) / 10;
    for (const q of qs.slice(0, 5)) await get(`/search?q=${encodeURIComponent(q)}`); // warm
    const query: number[] = [];
    for (const q of qs) query.push(...(await timeMany(1, () => get(`/search?q=${encodeURIComponent(q)}`))));
    const notices = await timeMany(20, () => get('/notices'));
    const feed = await timeMany(20, () => get('/feed.json'));
    return { startS, queryP50: pct(query, 0.5), queryP95: pct(query, 0.95), noticesP50: pct(notices, 0.5), feedP50: pct(feed, 0.5), ...procStatus(child.pid as number) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** Wall-clock and this process's CPU time (ms) of each run: the machine is shared, and CPU time shows what the load added. */
async function timeMany(runs: number, fn: () => Promise<unknown>, into?: { cpu: number[] }): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    into?.cpu.push((c.user + c.system) / 1000);
  }
  return out;
}

async function benchOne(driverName: string, n: number, records: (i: number) => NoticeRecord, qs: readonly string[]): Promise<Row> {
  const data = KEEP ? join(KEEP, `${driverName}-${n}`) : mkdtempSync(join(tmpdir(), `tongzhi-store-bench-${driverName}-`));
  // what a kept store holds: the next synthetic record to add (records n… were added by earlier runs)
  const marker = join(data, 'bench-next.txt');
  const reuse = KEEP !== null && existsSync(marker);
  let dbName: string | null = null;
  let store = 'sqlite';
  if (driverName === 'postgres') {
    dbName = KEEP ? `tongzhi_bench_keep_${n}` : `tongzhi_bench_${process.pid}_${n}`;
    if (!reuse) {
      const c = new pg.Client({ connectionString: `${PG_ADMIN}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${dbName}`);
      await c.end();
    }
    store = `${PG_ADMIN}/${dbName}`;
  }
  const config: ServiceConfig = resolveConfig({ data, port: '0', queueMode: 'inprocess', baseUrl: 'http://bench.test', publish: 'not-marked-private', store }, {});
  try {
    let reindexS: number | null = null;
    if (!reuse) {
      mkdirSync(config.layout.records, { recursive: true });
      for (let i = 0; i < n; i++) {
        const rec = records(i);
        writeFileSync(join(config.layout.records, `${rec.id}.json`), `${JSON.stringify(rec, null, 2)}\n`);
      }
      const t0 = performance.now();
      const rebuilt = await rebuildOutputs(config);
      reindexS = Math.round(((performance.now() - t0) / 1000) * 10) / 10;
      if (rebuilt.documents !== n) throw new Error(`reindex stored ${rebuilt.documents} of ${n}`);
    }

    // add one at size N: the driver's transaction, then publish (the put and feed.json)
    const driver = await openDriver(config);
    let k = reuse ? Number(readFileSync(marker, 'utf8')) : n;
    const addCpu = { cpu: [] as number[] };
    const add = await timeMany(20, () => driver.put(records(k++)), addCpu);
    await driver.close();
    const pub = await openPublisher(config);
    const publish = await timeMany(20, () => pub.publish(records(k++)));
    await pub.close();
    if (KEEP) writeFileSync(marker, String(k));

    const reader = await NoticeStore.open(config);
    const app = createApp(reader, pino({ level: 'silent' }), { keys: apiKeysOf(['bench:bench-token-0123456789abcdef0123'], 'bench') });
    const auth = { headers: { Authorization: 'Bearer bench-token-0123456789abcdef0123' } };
    const get = async (path: string): Promise<void> => {
      const res = await app.request(path, auth);
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      await res.arrayBuffer();
    };
    for (const q of qs.slice(0, 5)) await get(`/search?q=${encodeURIComponent(q)}`); // warm
    const query: number[] = [];
    const queryCpu = { cpu: [] as number[] };
    for (const q of qs) query.push(...(await timeMany(1, () => get(`/search?q=${encodeURIComponent(q)}`), queryCpu)));
    const notices = await timeMany(20, () => get('/notices'));
    const filtered = await timeMany(20, () => get(`/notices?region=${encodeURIComponent('山东省')}&page=2`));
    const feedCpu = { cpu: [] as number[] };
    const feed = await timeMany(20, () => get('/feed.json'), feedCpu);
    await reader.close();
    const api = await apiFigures(data, store, qs);

    let diskMb: number;
    if (dbName) {
      const c = new pg.Client({ connectionString: `${PG_ADMIN}/${dbName}` });
      await c.connect();
      const size = await c.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n');
      await c.end();
      diskMb = Number(size.rows[0]?.n ?? 0) / 1e6;
    } else diskMb = dirSize(config.layout.index) / 1e6;
    return {
      driver: driverName,
      n,
      reindexS,
      addMsP50: pct(add, 0.5),
      addCpuP50: pct(addCpu.cpu, 0.5),
      publishMsP50: pct(publish, 0.5),
      queryP50: pct(query, 0.5),
      queryP95: pct(query, 0.95),
      queryCpuP50: pct(queryCpu.cpu, 0.5),
      queryCpuP95: pct(queryCpu.cpu, 0.95),
      noticesP50: pct(notices, 0.5),
      noticesFilteredP50: pct(filtered, 0.5),
      feedP50: pct(feed, 0.5),
      feedP95: pct(feed, 0.95),
      feedCpuP50: pct(feedCpu.cpu, 0.5),
      diskMb: Math.round(diskMb * 10) / 10,
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
      api,
    };
  } finally {
    if (!KEEP) rmSync(data, { recursive: true, force: true });
    if (dbName && !KEEP) {
      const c = new pg.Client({ connectionString: `${PG_ADMIN}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
  }
}

const seeds = await seedRecords(SAMPLES);
const records = recordMaker(seeds);
const qs = benchQueries(seeds, Number(values.queries));
const rows: Row[] = [];
for (const n of SIZES) {
  for (const d of DRIVERS) {
    process.stderr.write(`store bench: ${d} at N=${n}…\n`);
    const row = await benchOne(d, n, records, qs);
    rows.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }
}

const header = ['driver', 'N', 'reindex s', 'add ms (cpu)', 'publish ms', 'query p50 (cpu)', 'query p95 (cpu)', '/notices p50', 'filtered p50', '/feed.json p50 (cpu)', 'feed p95', 'disk MB', 'bench RSS MB'];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
for (const r of rows) lines.push(`| ${[r.driver, r.n.toLocaleString('en'), r.reindexS ?? 'kept', `${r.addMsP50} (${r.addCpuP50})`, r.publishMsP50, `${r.queryP50} (${r.queryCpuP50})`, `${r.queryP95} (${r.queryCpuP95})`, r.noticesP50, r.noticesFilteredP50, `${r.feedP50} (${r.feedCpuP50})`, r.feedP95, r.diskMb, r.rssMb].join(' | ')} |`);
const apiHeader = ['driver', 'N', 'API start s', 'query p50', 'query p95', '/notices p50', '/feed.json p50', 'API RSS MB (peak)'];
lines.push('', '`tongzhi serve` on the same store, over HTTP (ms):', '', `| ${apiHeader.join(' | ')} |`, `|${apiHeader.map(() => '---').join('|')}|`);
for (const r of rows) lines.push(`| ${[r.driver, r.n.toLocaleString('en'), r.api.startS, r.api.queryP50, r.api.queryP95, r.api.noticesP50, r.api.feedP50, `${r.api.rssMb} (${r.api.peakRssMb})`].join(' | ')} |`);
process.stdout.write(`${lines.join('\n')}\n`);

const resultsFile = join(ROOT, 'bench', 'results.json');
mkdirSync(join(ROOT, 'bench'), { recursive: true });
let results: Record<string, unknown> = {};
try {
  results = JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>;
} catch {
  // first run
}
const os = await import('node:os');
// the machine is shared: the load says how much of it these timings had
// rows of other runs (other sizes or drivers) are kept: a 100,000 run can be added separately
const before = (results['store'] as { rows?: Array<Row & { reindexDate?: string; date?: string }> } | undefined)?.rows ?? [];
const earlier = before.filter((r) => !rows.some((x) => x.driver === r.driver && x.n === r.n));
const date = new Date().toISOString();
const load = os.loadavg().map((x) => Math.round(x * 10) / 10);
// a kept store's row keeps the reindex time measured when the store was built
const built = (r: Row): { reindexS: number | null; reindexDate?: string } => {
  if (r.reindexS !== null) return { reindexS: r.reindexS, reindexDate: date };
  const was = before.find((x) => x.driver === r.driver && x.n === r.n && x.reindexS !== null);
  return was ? { reindexS: was.reindexS, ...(was.reindexDate ?? was.date ? { reindexDate: was.reindexDate ?? was.date } : {}) } : { reindexS: null };
};
results['store'] = { cpus: os.cpus().length, queries: qs.length, rows: [...earlier, ...rows.map((r) => ({ ...r, ...built(r), date, loadavg: load }))] };
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);

