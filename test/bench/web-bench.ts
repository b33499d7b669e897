/**
 * `npm run bench:web` (not a test): how fast the administrator's page and the calls it makes
 * answer with 1,000 notices stored. The five seed notices are extracted once and stored under
 * 1,000 ids (titles and deadlines varied so search and the due list have work), published, and
 * served by the real server; each URL is asked 100 times after a warm-up, one request at a
 * time, and p50/p95/max are printed. The target: every page answers within 200 ms.
 *
 *   node dist/test/bench/web-bench.js [--notices 1000] [--requests 100]
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { resolveConfig } from '../../src/config.js';
import { processFile } from '../../src/pipeline.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { startServer } from '../../src/server/index.js';
import { rebuildOutputs } from '../../src/sinks/index.js';
import { writeFileAtomic } from '../../src/sinks/atomic.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SAMPLES = join(ROOT, 'samples');
const KEY = 'bench-key-0123456789abcdef';

const { values } = parseArgs({ options: { notices: { type: 'string', default: '1000' }, requests: { type: 'string', default: '100' } } });
const N = Number(values.notices);
const R = Number(values.requests);

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

const data = mkdtempSync(join(tmpdir(), 'tongzhi-web-bench-'));
const config = resolveConfig({ data, port: '0', queueMode: 'inprocess', apiKeys: `bench:${KEY}` }, {});
const logger = pino({ level: 'silent' });
try {
  const seeds: NoticeRecord[] = [];
  for (const f of readdirSync(SAMPLES).filter((n) => /^\d{3}_[0-9a-f]+\.txt$/.test(n)).sort()) seeds.push(await processFile(join(SAMPLES, f), { maxBytes: 64 << 20, keywords: false }));
  const soon = (i: number): string => new Date(Date.now() + (i % 40) * 86_400_000).toISOString().slice(0, 10);
  const t0 = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < N; i++) {
    const s = seeds[i % seeds.length] as NoticeRecord;
    const id = (0xb000000000000000n + BigInt(i)).toString(16);
    ids.push(id);
    const r: NoticeRecord = { ...structuredClone(s), id, title: `${s.title ?? ''}（第${i}号）`, deadlines: s.deadlines.map((d) => ({ ...d, date: soon(i) })) };
    await writeFileAtomic(join(config.layout.records, `${id}.json`), JSON.stringify(r));
  }
  // what `tongzhi reindex` does: one index and feed over every stored record
  await rebuildOutputs(config, logger);
  console.log(`stored and indexed ${N} notices in ${Math.round(performance.now() - t0)} ms`);

  const server = await startServer(config, { logger });
  const id = ids[Math.floor(N / 2)] as string;
  const urls: Array<[string, string, Record<string, string>]> = [
    ['page shell /', '/', { Accept: 'text/html' }],
    ['bundle /assets/app.js', '/assets/app.js', {}],
    ['overview', '/admin/api/overview', {}],
    ['notices list (page of 100)', '/admin/api/search?pageSize=100', {}],
    ['search 科技活动周 + snippets', `/admin/api/search?q=${encodeURIComponent('科技活动周')}&pageSize=20`, {}],
    ['a notice /notices/:id', `/notices/${id}`, {}],
    ['its corrections', `/admin/api/notices/${id}/overrides`, {}],
    ['a form schema', `/notices/${id}/forms/0`, {}],
    ['feed.json', '/feed.json', {}],
  ];
  console.log(`\n${'what'.padEnd(32)}  p50 ms  p95 ms  max ms  (${R} requests each, ${N} notices)`);
  for (const [name, path, headers] of urls) {
    const ask = async (): Promise<number> => {
      const t = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${KEY}`, ...headers } });
      await res.arrayBuffer();
      if (res.status !== 200 && res.status !== 404) throw new Error(`${path}: ${res.status}`);
      return performance.now() - t;
    };
    for (let i = 0; i < 5; i++) await ask();
    const ms: number[] = [];
    for (let i = 0; i < R; i++) ms.push(await ask());
    const f = (x: number): string => x.toFixed(1).padStart(6);
    console.log(`${name.padEnd(32)}  ${f(pct(ms, 50))}  ${f(pct(ms, 95))}  ${f(Math.max(...ms))}${pct(ms, 95) > 200 ? '  over 200 ms' : ''}`);
  }
  await server.close();
} finally {
  rmSync(data, { recursive: true, force: true });
}
