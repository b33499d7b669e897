/**
 * `npm run bench:ingest` (not a test): drains a backlog of distinct notice files through the real
 * service — watcher + BullMQ on Redis (REDIS_URL, default 127.0.0.1:6379) + 1, then 2 worker
 * processes (`dist/workers/worker.js`, sandboxed processors) — and prints docs/s, p50/p95
 * drop-to-record latency, peak RSS per worker process tree, per-format processing time, and
 * `pdftotext` on the same PDFs as the floor.
 *
 *   node dist/test/bench/ingest-bench.js [--files 500] [--workers 1,2] [--keywords false]
 *
 * Files are copies of the seed samples made distinct so dedup does not collapse them: a numbered
 * line appended to text files, a `%comment N` after a PDF's %%EOF, bytes after a DOCX's ZIP end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { resolveConfig, type ServiceConfig } from '../../src/config.js';
import { ownerKey, withRedis } from '../../src/intake/namespace.js';
import { configEnv } from '../../src/intake/options.js';
import { startService, type Settlement } from '../../src/intake/service.js';
import { processFile } from '../../src/pipeline.js';
import { statusKb } from './proc.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SAMPLES = join(ROOT, 'samples');
const WORKER = join(ROOT, 'dist/workers/worker.js');

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '500' },
    workers: { type: 'string', default: '1,2' },
    keywords: { type: 'string', default: 'true' },
    'stability-ms': { type: 'string', default: '500' },
  },
});
const N = Number(values.files);
const WORKER_COUNTS = String(values.workers).split(',').map(Number);

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] ?? NaN;
};

/** N distinct files cycling through the seed samples (or the given ones). */
function makeBacklog(dir: string, n: number, only?: string[]): string[] {
  const seeds =
    only ??
    readdirSync(SAMPLES)
      .filter((f) => /^\d{3}_[0-9a-f]+\.(txt|docx|pdf)$/.test(f))
      .sort();
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const seed = seeds[i % seeds.length] as string;
    const ext = extname(seed);
    const bytes = readFileSync(join(SAMPLES, seed));
    const tag = Buffer.from(ext === '.pdf' ? `%comment ${i}\n` : ext === '.txt' ? `\n（编号：${i}）\n` : `tongzhi-bench-${i}`);
    const name = `${String(i).padStart(4, '0')}_${seed}`;
    writeFileSync(join(dir, name), Buffer.concat([bytes, tag]));
    names.push(name);
  }
  return names;
}

/** The process and its descendants, from /proc (a process that ended between two reads is left out). */
function tree(pid: number): number[] {
  const out = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const k of kids ? kids.split(/\s+/) : []) out.push(...tree(Number(k)));
    }
  } catch {
    // the process ended between two reads
  }
  return out;
}

/** RSS (bytes) of one process, 0 when it is gone. */
function rssOf(pid: number): number {
  try {
    return (statusKb(pid, 'VmRSS') || 0) * 1024;
  } catch {
    return 0;
  }
}

/** CPU ms (user + system) one process has used so far, 0 when it is gone. */
function cpuMsOf(pid: number): number {
  try {
    // Fields after the command (which may hold spaces) start at ")": utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds the Redis server has used (INFO cpu): it serves every worker, so its share of a job counts too. */
async function redisCpuMs(url: string): Promise<number> {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const info = await r.info('cpu');
    const n = (k: string): number => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return (n('used_cpu_user') + n('used_cpu_sys')) * 1000;
  } finally {
    r.disconnect();
  }
}

function startWorker(config: ServiceConfig): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER], { env: { ...process.env, ...configEnv(config) }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((res, rej) => {
    let buf = '';
    child.stdout?.on('data', (b: Buffer) => {
      buf += b.toString();
      if (buf.includes('"workers started"')) res(child);
    });
    child.once('exit', (code) => rej(new Error(`worker exited with ${code}`)));
  });
}

interface RunResult {
  workers: number;
  docsPerSec: number;
  p50: number;
  p95: number;
  /** peak RSS of each worker's process tree, and of its BullMQ process and its job processes at that moment */
  peakRssMb: Array<{ tree: number; own: number; jobs: number }>;
  /** median RSS of each worker's tree over the samples taken while jobs ran */
  steadyRssMb: number[];
  /** CPU ms a document: all worker trees, this process (watcher, queue events), the Redis server */
  cpuMsPerDoc: { workers: number; service: number; redis: number };
  procMs: Record<string, number>;
  /** docs/s from the first record to the last: without the stability wait and the job processes' start */
  steadyDocsPerSec: number;
  failed: number;
}

async function run(staging: string, names: string[], workers: number): Promise<RunResult> {
  const data = mkdtempSync(join(tmpdir(), 'tongzhi-bench-data-'));
  const prefix = `tzbench-${randomBytes(4).toString('hex')}`;
  const config = resolveConfig(
    {
      data,
      redis: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      prefix,
      workers: '0',
      stabilityMs: String(values['stability-ms']),
      keywords: String(values.keywords),
    },
    {},
  );
  mkdirSync(config.layout.inbox, { recursive: true });
  const procs = await Promise.all(Array.from({ length: workers }, () => startWorker(config)));
  const peaks = procs.map(() => ({ tree: 0, own: 0, jobs: 0 }));
  const samples: number[][] = procs.map(() => []);
  const sampler = setInterval(
    () =>
      procs.forEach((p, i) => {
        const [own = 0, ...jobs] = tree(p.pid as number).map(rssOf);
        const sum = jobs.reduce((a, b) => a + b, own);
        samples[i]?.push(sum);
        if (sum > (peaks[i]?.tree ?? 0)) peaks[i] = { tree: sum, own, jobs: sum - own };
      }),
    200,
  );
  const service = await startService(config, { localWorkers: 0, publishScope: 'own' });
  const done: Array<{ s: Settlement; at: number }> = [];
  const workerCpu = (): number => procs.reduce((sum, p) => sum + tree(p.pid as number).reduce((s2, pid) => s2 + cpuMsOf(pid), 0), 0);
  // CPU from the first record to the last, as steadyDocsPerSec: without the job processes' start.
  let cpu0: Promise<{ workers: number; service: NodeJS.CpuUsage; redis: number }> | null = null;
  const all = new Promise<void>((res) =>
    service.onSettled((s) => {
      done.push({ s, at: performance.now() });
      if (done.length === 1) {
        const workers = workerCpu();
        const self = process.cpuUsage();
        cpu0 = redisCpuMs(config.redisUrl).then((redis) => ({ workers, service: self, redis }));
      }
      if (done.length === names.length) res();
    }),
  );
  await service.ready;
  const t0 = performance.now();
  for (const n of names) renameSync(join(staging, n), join(config.layout.inbox, n)); // the drop
  await all;
  const elapsed = (done[done.length - 1]?.at ?? t0) - t0;
  clearInterval(sampler);
  const start = await (cpu0 as Promise<{ workers: number; service: NodeJS.CpuUsage; redis: number }> | null);
  const serviceCpu = process.cpuUsage(start?.service);
  const perDoc = Math.max(1, names.length - 1);
  const cpuMsPerDoc = {
    workers: (workerCpu() - (start?.workers ?? 0)) / perDoc,
    service: (serviceCpu.user + serviceCpu.system) / 1000 / perDoc,
    redis: ((await redisCpuMs(config.redisUrl)) - (start?.redis ?? 0)) / perDoc,
  };
  // per-format processing time (worker side) from the completed jobs
  const q = new Queue(config.queueName, { connection: { url: config.redisUrl }, prefix });
  const jobs = await q.getCompleted(0, names.length);
  const byExt: Record<string, number[]> = {};
  for (const j of jobs) (byExt[extname(j.data.name)] ??= []).push((j.finishedOn ?? 0) - (j.processedOn ?? 0));
  await service.close();
  await Promise.all(procs.map((p) => new Promise((r) => (p.once('exit', r), p.kill('SIGTERM')))));
  await q.obliterate({ force: true });
  await q.close();
  // the service's claim on the queue: obliterate leaves it (one key a run was left in Redis)
  await withRedis(config.redisUrl, (r) => r.del(ownerKey({ prefix, queueName: config.queueName })));
  // put the backlog back for the next run
  for (const n of names) renameSync(join(config.layout.done, n), join(staging, n));
  rmSync(data, { recursive: true, force: true });
  const lat = done.map((d) => d.at - t0);
  const first = done[0]?.at ?? t0;
  return {
    workers,
    docsPerSec: (names.length / elapsed) * 1000,
    steadyDocsPerSec: ((names.length - 1) / ((done[done.length - 1]?.at ?? first) - first)) * 1000,
    p50: pct(lat, 0.5),
    p95: pct(lat, 0.95),
    peakRssMb: peaks.map((p) => ({ tree: p.tree / 2 ** 20, own: p.own / 2 ** 20, jobs: p.jobs / 2 ** 20 })),
    steadyRssMb: samples.map((xs) => pct(xs, 0.5) / 2 ** 20),
    cpuMsPerDoc,
    procMs: Object.fromEntries(Object.entries(byExt).map(([k, v]) => [k, pct(v, 0.5)])),
    failed: done.filter((d) => d.s.kind !== 'stored').length,
  };
}

/** A CPU-bound loop with nothing to share: what one core gives, with no I/O, IPC or allocation. */
const BUSY = 'const n = Number(process.argv[1]); let x = 0; for (let i = 0; i < n; i++) x = (x * 31 + i) | 0; if (x === 42) console.log(x);';

/** Wall ms for `procs` processes running the same busy loop of `iterations` at once. */
function busyLoops(procs: number, iterations: number): Promise<number> {
  const t0 = performance.now();
  return Promise.all(
    Array.from(
      { length: procs },
      () =>
        new Promise<void>((res, rej) => {
          const child = spawn(process.execPath, ['-e', BUSY, String(iterations)], { stdio: 'ignore' });
          child.once('exit', (code) => (code === 0 ? res() : rej(new Error(`busy loop exited with ${code}`))));
        }),
    ),
  ).then(() => performance.now() - t0);
}

/** How many times one process's throughput two busy-loop processes reach here now (2 × t1 / t2). */
async function busyScaling(iterations: number): Promise<number> {
  const one = await busyLoops(1, iterations);
  const two = await busyLoops(2, iterations);
  return (2 * one) / two;
}

/**
 * ms per job of a BullMQ worker whose processor does nothing, one job at a time, on the same
 * Redis: the floor of a job's cost (the fetch, lock, completion and event round trips); and its
 * CPU ms (this process and the Redis server).
 */
async function noopJob(n: number): Promise<{ ms: number; cpuMs: number }> {
  const prefix = `tzbench-noop-${randomBytes(4).toString('hex')}`;
  const connection = { url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', maxRetriesPerRequest: null };
  const q = new Queue('noop', { connection, prefix });
  await q.addBulk(Array.from({ length: n }, (_, i) => ({ name: 'noop', data: { i }, opts: { removeOnComplete: true } })));
  let count = 0;
  const cpu0 = { self: process.cpuUsage(), redis: await redisCpuMs(connection.url) };
  const t0 = performance.now();
  const finished = new Promise<void>((res) => {
    const w = new Worker('noop', async () => ({}), { connection, prefix, concurrency: 1 });
    w.on('completed', () => {
      if (++count === n) void w.close().then(res);
    });
  });
  await finished;
  const ms = (performance.now() - t0) / n;
  const self = process.cpuUsage(cpu0.self);
  const cpuMs = ((self.user + self.system) / 1000 + (await redisCpuMs(connection.url)) - cpu0.redis) / n;
  await q.obliterate({ force: true });
  await q.close();
  return { ms, cpuMs };
}

/** Median ms and mean CPU ms of reading a file in this process (warm), per seed sample: the job's own work, without the job around it. */
async function inProcessMs(seeds: string[], rounds: number): Promise<Map<string, { ms: number; cpuMs: number }>> {
  const keywords = values.keywords !== 'false';
  const out = new Map<string, { ms: number; cpuMs: number }>();
  for (const seed of seeds) await processFile(join(SAMPLES, seed), { maxBytes: 64 << 20, keywords });
  for (const seed of seeds) {
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      await processFile(join(SAMPLES, seed), { maxBytes: 64 << 20, keywords });
      times.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(cpu0);
    out.set(seed, { ms: pct(times, 0.5), cpuMs: (cpu.user + cpu.system) / 1000 / rounds });
  }
  return out;
}

function pdftotextFloor(staging: string, names: string[]): { msPerPdf: number; docsPerSec: number } | null {
  if (spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status !== 0) return null;
  const pdfs = names.filter((n) => n.endsWith('.pdf'));
  const times: number[] = [];
  const t0 = performance.now();
  for (const p of pdfs) {
    const t = performance.now();
    spawnSync('pdftotext', ['-enc', 'UTF-8', join(staging, p), '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
    times.push(performance.now() - t);
  }
  return { msPerPdf: pct(times, 0.5), docsPerSec: (pdfs.length / (performance.now() - t0)) * 1000 };
}

async function main(): Promise<void> {
  const staging = mkdtempSync(join(tmpdir(), 'tongzhi-bench-backlog-'));
  const names = makeBacklog(staging, N);
  const count = (ext: string): number => names.filter((n) => n.endsWith(ext)).length;
  console.log(`tongzhi ingest bench — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
  console.log(
    `${N} distinct files (${count('.txt')} txt, ${count('.docx')} docx, ${count('.pdf')} pdf), BullMQ on Redis, sandboxed processors, keywords ${values.keywords}, stability ${values['stability-ms']} ms`,
  );
  console.log('');
  console.log('workers  docs/s   p50 drop→record   p95 drop→record   peak RSS per worker (process + sandbox)   median processing ms/doc txt / docx / pdf   failed');
  const busyIterations = Number(process.env['BENCH_BUSY_ITERATIONS'] ?? 3e8);
  const busyBefore = await busyScaling(busyIterations);
  const results: RunResult[] = [];
  for (const w of WORKER_COUNTS) {
    const r = await run(staging, names, w);
    results.push(r);
    console.log(
      `${String(w).padStart(7)}  ${r.docsPerSec.toFixed(1).padStart(6)}   ${(r.p50 / 1000).toFixed(1).padStart(13)} s   ${(r.p95 / 1000).toFixed(1).padStart(13)} s   ${r.peakRssMb
        .map((m) => `${m.tree.toFixed(0)} MB`)
        .join(', ')
        .padEnd(40)}   ${['.txt', '.docx', '.pdf']
        .map((e) => (r.procMs[e] ?? NaN).toFixed(0))
        .join(' / ')
        .padStart(22)}   ${r.failed}`,
    );
    const c = r.cpuMsPerDoc;
    console.log(
      `         peak RSS ${r.peakRssMb.map((m) => `${m.tree.toFixed(0)} MB (BullMQ process ${m.own.toFixed(0)} + job process ${m.jobs.toFixed(0)})`).join(', ')}, median while running ${r.steadyRssMb
        .map((m) => `${m.toFixed(0)} MB`)
        .join(', ')}; CPU ms a doc: workers ${c.workers.toFixed(1)}, service ${c.service.toFixed(1)}, Redis ${c.redis.toFixed(1)}`,
    );
  }
  const busyAfter = await busyScaling(busyIterations);
  const busy = (busyBefore + busyAfter) / 2;
  console.log('');
  // Repeated counts (--workers 1,2,2,1: an ABBA order cancels a drift in the machine's other load) are averaged.
  const mean = (w: number, key: 'docsPerSec' | 'steadyDocsPerSec'): number => {
    const rs = results.filter((r) => r.workers === w);
    return rs.reduce((sum, r) => sum + r[key], 0) / rs.length;
  };
  console.log(`two busy-loop processes reach ${busyBefore.toFixed(2)}× one before the runs and ${busyAfter.toFixed(2)}× after (mean ${busy.toFixed(2)}×): what 2 processes can give on this machine now`);
  if (WORKER_COUNTS.includes(1) && WORKER_COUNTS.includes(2)) {
    const scale = mean(2, 'docsPerSec') / mean(1, 'docsPerSec');
    const steady = mean(2, 'steadyDocsPerSec') / mean(1, 'steadyDocsPerSec');
    console.log(`2 workers / 1 worker: ${scale.toFixed(2)}× docs/s drop to last record (${(scale / busy).toFixed(2)} of the busy loops' ${busy.toFixed(2)}×), ${steady.toFixed(2)}× first to last record (${(steady / busy).toFixed(2)}); target ≥ 0.90`);
  }
  // Per-job overhead: the smallest text seed, one job at a time through 1 worker, against the same
  // file read in this process and a BullMQ job that does nothing. Its reading costs little, so
  // what the machine's other load does to it weighs little too.
  const tiny = readdirSync(SAMPLES)
    .filter((f) => /^\d{3}_[0-9a-f]+\.txt$/.test(f))
    .sort((a, b) => readFileSync(join(SAMPLES, a)).length - readFileSync(join(SAMPLES, b)).length)
    .slice(0, 1);
  const tinyStaging = mkdtempSync(join(tmpdir(), 'tongzhi-bench-tiny-'));
  const tinyNames = makeBacklog(tinyStaging, 40, tiny);
  const before = await inProcessMs(tiny, 10);
  const tinyRun = await run(tinyStaging, tinyNames, 1);
  const after = await inProcessMs(tiny, 10);
  const noop = await noopJob(200);
  rmSync(tinyStaging, { recursive: true, force: true });
  const both = [before.get(tiny[0] as string), after.get(tiny[0] as string)];
  const read = { ms: ((both[0]?.ms ?? NaN) + (both[1]?.ms ?? NaN)) / 2, cpuMs: ((both[0]?.cpuMs ?? NaN) + (both[1]?.cpuMs ?? NaN)) / 2 };
  const perJob = 1000 / tinyRun.steadyDocsPerSec;
  console.log(
    `per job (${tiny[0]}, 40 jobs, 1 worker, concurrency 1): ${perJob.toFixed(1)} ms a job in the queue, of which reading it takes ${read.ms.toFixed(1)} ms in this process; a BullMQ no-op job ${noop.ms.toFixed(1)} ms: overhead over the no-op ${(perJob - read.ms - noop.ms).toFixed(1)} ms a job`,
  );
  // The same in CPU time, which the machine's other load disturbs less than wall time.
  const c = tinyRun.cpuMsPerDoc;
  const jobCpu = c.workers + c.service + c.redis;
  console.log(
    `  CPU ms a job: worker ${c.workers.toFixed(1)} + service ${c.service.toFixed(1)} + Redis ${c.redis.toFixed(1)} = ${jobCpu.toFixed(1)}, of which reading it takes ${read.cpuMs.toFixed(1)} in this process; a no-op job ${noop.cpuMs.toFixed(1)} (worker + Redis): overhead over the no-op ${(jobCpu - read.cpuMs - noop.cpuMs).toFixed(1)} CPU ms a job`,
  );
  const floor = pdftotextFloor(staging, names);
  console.log('');
  if (!floor) console.log('floor: pdftotext not installed (apt-get install poppler-utils)');
  else {
    console.log(`floor: pdftotext on the same ${count('.pdf')} PDFs, one process after another: ${floor.msPerPdf.toFixed(0)} ms/PDF median, ${floor.docsPerSec.toFixed(1)} PDFs/s`);
    for (const r of results)
      console.log(`  ${r.workers} worker(s): tongzhi median PDF processing ${(r.procMs['.pdf'] ?? NaN).toFixed(0)} ms = ${((r.procMs['.pdf'] ?? NaN) / floor.msPerPdf).toFixed(1)} × pdftotext`);
  }
  rmSync(staging, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
