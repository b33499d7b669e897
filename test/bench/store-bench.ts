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
 *   node dist/test/bench/store-bench.js [--sizes 1000,10000] [--drivers sqlite,postgres]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { resolveConfig, type ServiceConfig } from '../../src/config.js';
import { processFile } from '../../src/pipeline.js';
import { NoticeRecord } from '../../src/record/schema.js';
import { createApp } from '../../src/server/app.js';
import { apiKeysOf } from '../../src/server/auth.js';
import { NoticeStore, openPublisher, rebuildOutputs } from '../../src/sinks/index.js';
import { openDriver } from '../../src/store/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SAMPLES = join(ROOT, 'samples');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    drivers: { type: 'string', default: 'sqlite,postgres' },
    queries: { type: 'string', default: '50' },
  },
});
const SIZES = String(values.sizes).split(',').map(Number);
const DRIVERS = String(values.drivers).split(',');
const PG_ADMIN = process.env['PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432';

const REGIONS = ['北京市', '天津市', '河北省', '山西省', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省', '浙江省', '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '海南省', '重庆市', '四川省', '贵州省', '云南省', '陕西省', '甘肃省', '青海省'];
const DEPTS = ['科学技术厅', '教育厅', '财政厅', '人力资源和社会保障厅', '生态环境厅', '住房和城乡建设厅', '交通运输厅', '农业农村厅', '商务厅', '文化和旅游厅', '卫生健康委员会', '应急管理厅', '市场监督管理局', '统计局', '科学技术协会'];
const TOPICS = ['科技活动周', '全国科普日', '安全生产月', '防灾减灾宣传周', '全民健身日', '质量月', '节能宣传周', '网络安全宣传周', '食品安全宣传周', '职业技能大赛', '创新创业大赛', '青年人才推荐', '重点项目申报', '专项检查', '统计调查', '业务培训班', '科研诚信建设', '年度考核', '预算绩效评价', '乡村振兴调研'];
const KINDS = ['活动', '工作', '有关工作', '相关事项'];

/** A deterministic generator (mulberry32): the same records every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

async function seedRecords(): Promise<NoticeRecord[]> {
  const files = readdirSync(SAMPLES).filter((f) => /^\d{3}_[0-9a-f]+\.txt$/.test(f)).sort();
  const out: NoticeRecord[] = [];
  for (const f of files) out.push(await processFile(join(SAMPLES, f), { maxBytes: 64 << 20, keywords: false }));
  return out;
}

/** Record i: a seed's structure with another issuer, region, title, dates, 文号 and text. */
function synthetic(seeds: readonly NoticeRecord[], sentences: readonly string[], i: number): NoticeRecord {
  const r = rng(i + 1);
  const base = seeds[i % seeds.length] as NoticeRecord;
  const region = pick(r, REGIONS);
  const dept = pick(r, DEPTS);
  const issuer = `${region}${dept}`;
  const topic = pick(r, TOPICS);
  const year = 2014 + Math.floor(r() * 13);
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  const title = `${issuer}关于开展${year}年${topic}${pick(r, KINDS)}的通知`;
  const docNumber = `${region.slice(0, 1)}${dept.slice(0, 2)}发〔${year}〕${1 + (i % 400)}号`;
  const reYear = (d: string): string => `${year + (Number(d.slice(0, 4)) - Number((base.signedDate ?? base.printedDate ?? '2023').slice(0, 4)))}${d.slice(4)}`;
  const extra = Array.from({ length: 6 }, () => pick(r, sentences)).join('');
  let text = base.text;
  for (const old of base.issuers) text = text.split(old).join(issuer);
  if (base.title) text = text.split(base.title).join(title);
  text = `${title}\n${docNumber}\n${text}\n${extra}\n联系电话：0${10 + Math.floor(r() * 900)}-${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
  const id = (0xb0000000000000n + BigInt(i)).toString(16).padStart(16, '0');
  const record = {
    ...structuredClone(base),
    id,
    title,
    docNumber,
    issuers: [issuer],
    level: 'provincial' as const,
    region,
    signedDate: `${year}-${pad(month)}-${pad(day)}`,
    printedDate: null,
    themes: [topic],
    text,
    deadlines: base.deadlines.map((d) => ({ ...d, date: reYear(d.date) })),
    events: base.events.map((e) => ({ ...e, date: reYear(e.date) })),
    eventPeriods: base.eventPeriods.map((p) => ({ ...p, start: reYear(p.start), end: reYear(p.end) })),
    source: { ...base.source, fileName: `${id}.txt`, sha256: createHash('sha256').update(id).digest('hex'), bytes: Buffer.byteLength(text) },
  };
  return record as NoticeRecord;
}

/** 50 queries of the kinds staff type: topics, organs, regions, 文号, names in the texts, two-word queries. */
function queries(seeds: readonly NoticeRecord[], n: number): string[] {
  const r = rng(4242);
  const out = new Set<string>();
  const fixed = ['科技活动周', '统计表', '杨启明', '心理健康', '科普进社区', '点亮精神火炬', '闭幕式 上海市', '活动备案表', '推荐表', '中关村管委会', '2024 科技周', '弘扬科学家精神', '科学技术厅', '安全生产月', '乡村振兴', '项目申报 截止'];
  for (const q of fixed) out.add(q);
  for (const s of seeds) for (const c of s.contacts) if (c.name) out.add(c.name);
  while (out.size < n) {
    const k = r();
    if (k < 0.3) out.add(pick(r, TOPICS));
    else if (k < 0.5) out.add(`${pick(r, REGIONS)}${pick(r, DEPTS)}`);
    else if (k < 0.65) out.add(`${pick(r, REGIONS).slice(0, 1)}${pick(r, DEPTS).slice(0, 2)}发〔${2014 + Math.floor(r() * 13)}〕${1 + Math.floor(r() * 400)}号`);
    else out.add(`${pick(r, REGIONS)} ${pick(r, TOPICS)}`);
  }
  return [...out].slice(0, n);
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] ?? NaN) * 100) / 100;
};

const dirSize = (dir: string): number =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).reduce((t, e) => t + (e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0) : 0;

interface Row {
  driver: string;
  n: number;
  reindexS: number;
  addMsP50: number;
  publishMsP50: number;
  queryP50: number;
  queryP95: number;
  noticesP50: number;
  noticesFilteredP50: number;
  feedP50: number;
  feedP95: number;
  diskMb: number;
  rssMb: number;
}

async function timeMany(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function benchOne(driverName: string, n: number, records: (i: number) => NoticeRecord, qs: readonly string[]): Promise<Row> {
  const data = mkdtempSync(join(tmpdir(), `tongzhi-store-bench-${driverName}-`));
  let dbName: string | null = null;
  let store = 'sqlite';
  if (driverName === 'postgres') {
    dbName = `tongzhi_bench_${process.pid}_${n}`;
    const c = new pg.Client({ connectionString: `${PG_ADMIN}/postgres` });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.end();
    store = `${PG_ADMIN}/${dbName}`;
  }
  const config: ServiceConfig = resolveConfig({ data, port: '0', queueMode: 'inprocess', baseUrl: 'http://bench.test', publish: 'not-marked-private', store }, {});
  try {
    mkdirSync(config.layout.records, { recursive: true });
    for (let i = 0; i < n; i++) {
      const rec = records(i);
      writeFileSync(join(config.layout.records, `${rec.id}.json`), `${JSON.stringify(rec, null, 2)}\n`);
    }
    const t0 = performance.now();
    const rebuilt = await rebuildOutputs(config);
    const reindexS = (performance.now() - t0) / 1000;
    if (rebuilt.documents !== n) throw new Error(`reindex stored ${rebuilt.documents} of ${n}`);

    // add one at size N: the driver's transaction, then publish (the put and feed.json)
    const driver = await openDriver(config);
    let k = n;
    const add = await timeMany(20, () => driver.put(records(k++)));
    await driver.close();
    const pub = await openPublisher(config);
    const publish = await timeMany(20, () => pub.publish(records(k++)));
    await pub.close();

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
    for (const q of qs) query.push(...(await timeMany(1, () => get(`/search?q=${encodeURIComponent(q)}`))));
    const notices = await timeMany(20, () => get('/notices'));
    const filtered = await timeMany(20, () => get(`/notices?region=${encodeURIComponent('山东省')}&page=2`));
    const feed = await timeMany(20, () => get('/feed.json'));
    await reader.close();

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
      reindexS: Math.round(reindexS * 10) / 10,
      addMsP50: pct(add, 0.5),
      publishMsP50: pct(publish, 0.5),
      queryP50: pct(query, 0.5),
      queryP95: pct(query, 0.95),
      noticesP50: pct(notices, 0.5),
      noticesFilteredP50: pct(filtered, 0.5),
      feedP50: pct(feed, 0.5),
      feedP95: pct(feed, 0.95),
      diskMb: Math.round(diskMb * 10) / 10,
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
    };
  } finally {
    rmSync(data, { recursive: true, force: true });
    if (dbName) {
      const c = new pg.Client({ connectionString: `${PG_ADMIN}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
  }
}

const seeds = await seedRecords();
const sentences = seeds.flatMap((s) => s.text.split(/(?<=[。；！？])/).map((x) => x.trim()).filter((x) => x.length >= 8 && x.length <= 120));
const cache = new Map<number, NoticeRecord>();
const records = (i: number): NoticeRecord => {
  let rec = cache.get(i);
  if (!rec) {
    rec = synthetic(seeds, sentences, i);
    if (i < 50) NoticeRecord.parse(rec); // synthetic but valid: the schema says so
    if (cache.size < 50_000) cache.set(i, rec);
  }
  return rec;
};
const qs = queries(seeds, Number(values.queries));
const rows: Row[] = [];
for (const n of SIZES) {
  for (const d of DRIVERS) {
    process.stderr.write(`store bench: ${d} at N=${n}…\n`);
    const row = await benchOne(d, n, records, qs);
    rows.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }
}

const header = ['driver', 'N', 'reindex s', 'add ms', 'publish ms', 'query p50', 'query p95', '/notices p50', 'filtered p50', '/feed.json p50', 'feed p95', 'disk MB', 'RSS MB'];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
for (const r of rows) lines.push(`| ${[r.driver, r.n.toLocaleString('en'), r.reindexS, r.addMsP50, r.publishMsP50, r.queryP50, r.queryP95, r.noticesP50, r.noticesFilteredP50, r.feedP50, r.feedP95, r.diskMb, r.rssMb].join(' | ')} |`);
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
results['store'] = { date: new Date().toISOString(), cpus: os.cpus().length, loadavg: os.loadavg().map((x) => Math.round(x * 10) / 10), queries: qs.length, rows };
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);

