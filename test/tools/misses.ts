/**
 * `node dist/test/tools/misses.js SET FORMAT [KEY…]`: per document, what the extractor missed
 * (gold values it did not give) and what it gave wrongly (values not in the gold), key by key, as
 * the eval's own scorer sees them. For grouping the errors of a key into classes before fixing one.
 */
import { FORMATS, score, SETS, type Format } from '../eval/sets.js';

interface View {
  [key: string]: unknown;
}

/** Loose comparison key (the scorer's own normalisation is stricter; this only pairs values for display). */
const loose = (v: unknown): string => JSON.stringify(v).normalize('NFKC').replace(/[\s\u3000]+/g, '');

function values(view: View, key: string): unknown[] {
  if (key === 'attachment_titles') return ((view.attachments as Array<{ title: string | null }>) ?? []).map((a) => a.title);
  if (key === 'attachment_fields') {
    return ((view.attachments as Array<{ title: string | null; fields: string[] }>) ?? []).flatMap((a) => a.fields.map((f) => `${a.title ?? ''} » ${f}`));
  }
  const v = view[key];
  return Array.isArray(v) ? v : v == null ? [] : [v];
}

const [setName, format, ...keys] = process.argv.slice(2);
const set = SETS.find((s) => s.name === setName);
if (!set || !FORMATS.includes(format as Format)) {
  process.stderr.write(`usage: misses SET FORMAT [KEY…]; sets: ${SETS.map((s) => s.name).join(', ')}; formats: ${FORMATS.join(', ')}\n`);
  process.exit(2);
}
const s = await score(set, format as Format, true);
for (const row of s.perDoc) {
  if (row.error) {
    process.stdout.write(`${row.doc}: ERROR ${row.error}\n`);
    continue;
  }
  const bad = Object.keys(row).filter((k) => k !== 'doc' && k !== 'pred' && k !== 'gold' && (keys.length === 0 || keys.includes(k)));
  for (const key of bad) {
    const pred = values(row.pred as View, key);
    const gold = values(row.gold as View, key);
    const p = new Set(pred.map(loose));
    const g = new Set(gold.map(loose));
    const missed = gold.filter((x) => !p.has(loose(x)));
    const wrong = pred.filter((x) => !g.has(loose(x)));
    process.stdout.write(`${row.doc} ${key}\n${missed.map((x) => `  - ${JSON.stringify(x)}\n`).join('')}${wrong.map((x) => `  + ${JSON.stringify(x)}\n`).join('')}`);
  }
}
