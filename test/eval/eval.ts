/**
 * `npm run eval`: the per-key F1 table of every development set (seeds, shared/eval/real's 44,
 * our collected notices) in .txt, .docx and .pdf. `--json FILE` also writes every score.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scoreAll, table } from './sets.js';

const { values } = parseArgs({ options: { json: { type: 'string' }, parallel: { type: 'string' } } });
const t0 = performance.now();
const scores = await scoreAll(Number(values.parallel ?? 2));
process.stdout.write(`${table(scores)}\n\n(${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
if (values.json) writeFileSync(values.json, JSON.stringify(scores, null, 2));
