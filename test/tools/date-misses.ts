/**
 * Lists, per document, the event periods and deadlines the extractor missed (gold only) and
 * invented (record only), for one eval set and format: the work list for the date extractors.
 * Usage (after `npm run build`): node dist/test/tools/date-misses.js [set=real-ours] [format=txt]
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SETS } from '../eval/sets.js';

const ROOT = resolve(import.meta.dirname, '..', '..').replace(/[\\/]dist$/, '');
const PIPELINE = pathToFileURL(join(ROOT, 'dist/src/pipeline.js')).href;

interface Period { start: string; end?: string | null }
interface Deadline { date: string; what?: string; text?: string }
interface Gold { file?: string; event_periods?: Period[]; deadlines?: Deadline[] }
interface Rec { eventPeriods?: Period[]; deadlines?: Deadline[] }
interface Pipeline {
  processFile(path: string, options: { maxBytes: number; keywords: boolean }): Promise<Rec>;
  DEFAULT_OPTIONS: { maxBytes: number };
}

const day = (s: string): string => s.slice(0, 10);
const periodKey = (p: Period): string => `${day(p.start)}/${day(p.end ?? p.start)}`;

const [setName = 'real-ours', format = 'txt'] = process.argv.slice(2);
const set = SETS.find((s) => s.name === setName);
if (!set) throw new Error(`no set ${setName}`);
const { processFile, DEFAULT_OPTIONS } = (await import(PIPELINE)) as Pipeline;
const docs = await readdir(set.docs);
const count = { periods: { miss: 0, extra: 0 }, deadlines: { miss: 0, extra: 0 } };
for (const gf of (await readdir(set.gold)).filter((f) => f.endsWith('.json')).sort()) {
  const gold = JSON.parse(await readFile(join(set.gold, gf), 'utf8')) as Gold;
  const stem = gold.file ?? gf.replace(/\.json$/, '');
  const doc = docs.find((d) => d === `${stem}.${format}`);
  if (!doc) continue;
  const rec = await processFile(join(set.docs, doc), { maxBytes: DEFAULT_OPTIONS.maxBytes, keywords: false });
  const out: string[] = [];
  const gp = new Set((gold.event_periods ?? []).map(periodKey));
  const pp = new Set((rec.eventPeriods ?? []).map(periodKey));
  for (const k of gp) if (!pp.has(k)) (out.push(`  period MISS  ${k}`), count.periods.miss++);
  for (const k of pp) if (!gp.has(k)) (out.push(`  period EXTRA ${k}`), count.periods.extra++);
  const gd = new Map((gold.deadlines ?? []).map((d) => [d.date, d.what ?? ''] as const));
  const pd = new Map((rec.deadlines ?? []).map((d) => [day(d.date), d.what ?? d.text ?? ''] as const));
  for (const [k, w] of gd) if (!pd.has(k)) (out.push(`  deadline MISS  ${k} ${w}`), count.deadlines.miss++);
  for (const [k, w] of pd) if (!gd.has(k)) (out.push(`  deadline EXTRA ${k} ${w.slice(0, 80)}`), count.deadlines.extra++);
  if (out.length) process.stdout.write(`${doc}\n${out.join('\n')}\n`);
}
process.stdout.write(`${JSON.stringify(count)}\n`);
