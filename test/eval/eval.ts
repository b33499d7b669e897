/**
 * `npm run eval`: the per-key F1 table of every development set (seeds, shared/eval/real's 44,
 * our collected notices) in .txt, .docx and .pdf, then the 90 real forms' field-label table per
 * format and per shape (test/forms/real-forms.ts). `--json FILE` also writes every score.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formsTable, scoreAllForms } from '../forms/real-forms.js';
import { scoreAll, table } from './sets.js';

const { values } = parseArgs({ options: { json: { type: 'string' }, parallel: { type: 'string' } } });
const t0 = performance.now();
const scores = await scoreAll(Number(values.parallel ?? 2));
process.stdout.write(`${table(scores)}\n\n`);
const forms = await scoreAllForms();
process.stdout.write(`Real forms (field labels):\n${formsTable(forms)}\n\n(${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
if (values.json) writeFileSync(values.json, JSON.stringify(scores, null, 2));
