/**
 * The 30 real attached forms of test/fixtures/forms/real (copied from shared/eval/forms, see its
 * SOURCES.md), scored by field label: each form's text copy and its original file go through the
 * pipeline, the fields of its schema are compared with the hand-labelled `fields` of fNNN.json.
 * Labels are compared the way the eval's scorer (test/fixtures/eval/score.mjs) compares
 * attachment fields: NFKC, full-width punctuation folded, whitespace and bracketed parts
 * removed, as a set per form. Run `npx tsx test/forms/real-forms.ts [--show]` for the table.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { processFile } from '../../src/pipeline.js';
import type { Attachment } from '../../src/record/schema.js';

export const REAL_FORMS = join(resolve(import.meta.dirname, '..', '..').replace(/[\\/]dist$/, ''), 'test/fixtures/forms/real');

export interface GoldForm {
  id: string;
  title: string;
  fields: string[];
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface FormScore extends Counts {
  id: string;
  file: string;
  /** the schema's leaf labels of the form picked for this file */
  predicted: string[];
  gold: string[];
  /** how many forms the file gave */
  forms: number;
  titleOk: boolean;
  error?: string;
}

// Same folding as score.mjs's norm / fieldKey / titleKey.
const FW: Record<string, string> = { '（': '(', '）': ')', '［': '〔', '］': '〕', '[': '〔', ']': '〕', '【': '〔', '】': '〕', '：': ':', '，': ',', '；': ';', '－': '-', '—': '-', '–': '-', '～': '~', '“': '"', '”': '"' };
export function norm(s: string | null | undefined): string {
  if (s == null) return '';
  return String(s)
    .normalize('NFKC')
    .replace(/[（）［］[\]【】：，；－—–～“”]/g, (c) => FW[c] ?? c)
    .replace(/[\s\u3000\u00a0*]+/g, '')
    .toLowerCase();
}
export const fieldKey = (s: string): string => norm(s).replace(/\(.*?\)/g, '').replace(/^\d+[.、]/, '');
export const titleKey = (s: string | null): string => norm(s).replace(/^附件\d*[:.、]?/, '').replace(/\(.*?\)$/, '');

/** The scorer's reading of a form schema: the title of every leaf, objects and arrays walked through. */
export function formFields(schema: unknown): string[] {
  const out: string[] = [];
  const walk = (s: unknown, title: string | null): void => {
    if (!s || typeof s !== 'object') return;
    const o = s as Record<string, unknown>;
    if (o['type'] === 'array' && o['items']) return walk(o['items'], (o['title'] as string | undefined) ?? title);
    const props = o['properties'] as Record<string, unknown> | undefined;
    if (props && Object.keys(props).length) {
      for (const [k, p] of Object.entries(props)) walk(p, ((p as Record<string, unknown> | null)?.['title'] as string | undefined) ?? k);
      return;
    }
    if (title) out.push(title);
  };
  walk(schema, null);
  return out;
}

export function setScore(pred: readonly string[], gold: readonly string[]): Counts {
  const g = new Set(gold.map(fieldKey).filter(Boolean));
  const p = [...new Set(pred.map(fieldKey))].filter(Boolean);
  const tp = p.filter((k) => g.has(k)).length;
  return { tp, fp: p.length - tp, fn: g.size - tp };
}

export const f1 = ({ tp, fp, fn }: Counts): number => (tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn));

export function loadGold(dir = REAL_FORMS): GoldForm[] {
  return readdirSync(dir)
    .filter((f) => /^f\d{3}\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as GoldForm);
}

/**
 * The form a file gives for a gold form: the one with its title; failing that (a whole notice
 * printing several forms, a title read differently) the one that shares most labels with it.
 */
function pick(forms: Attachment[], gold: GoldForm): { form: Attachment | null; titleOk: boolean } {
  const byTitle = forms.find((a) => titleKey(a.title) === titleKey(gold.title));
  if (byTitle) return { form: byTitle, titleOk: true };
  let best: Attachment | null = null;
  let bestTp = -1;
  for (const a of forms) {
    const tp = setScore(formFields(a.form), gold.fields).tp;
    if (tp > bestTp) [best, bestTp] = [a, tp];
  }
  return { form: best, titleOk: false };
}

/** The file of a gold form in one format: the text copy, or the original when it has that extension. */
export function fileOf(gold: GoldForm, format: string, dir = REAL_FORMS): string | null {
  const f = format === 'txt' ? join(dir, `${gold.id}.txt`) : join(dir, 'originals', `${gold.id}.${format}`);
  return existsSync(f) ? f : null;
}

export async function scoreForm(gold: GoldForm, file: string): Promise<FormScore> {
  const base = { id: gold.id, file, gold: gold.fields };
  try {
    const r = await processFile(file, { maxBytes: 64 << 20, keywords: false });
    const forms = r.attachments.filter((a) => a.form);
    const { form, titleOk } = pick(forms, gold);
    const predicted = form ? formFields(form.form) : [];
    return { ...base, ...setScore(predicted, gold.fields), predicted, forms: forms.length, titleOk };
  } catch (e) {
    return { ...base, ...setScore([], gold.fields), predicted: [], forms: 0, titleOk: false, error: String(e) };
  }
}

export async function scoreFormat(format: string, dir = REAL_FORMS): Promise<FormScore[]> {
  const out: FormScore[] = [];
  for (const g of loadGold(dir)) {
    const file = fileOf(g, format, dir);
    if (file) out.push(await scoreForm(g, file));
  }
  return out;
}

export function total(scores: readonly Counts[]): Counts {
  return scores.reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
}

async function main(argv: string[]): Promise<void> {
  const show = argv.includes('--show');
  const only = argv.filter((a) => /^f\d{3}$/.test(a));
  const formats = argv.filter((a) => /^(?:txt|docx|doc|xls|xlsx|pdf)$/.test(a));
  for (const format of formats.length ? formats : ['txt', 'docx']) {
    const scores = (await scoreFormat(format)).filter((s) => only.length === 0 || only.includes(s.id));
    const t = total(scores);
    const p = t.tp / Math.max(1, t.tp + t.fp);
    const r = t.tp / Math.max(1, t.tp + t.fn);
    console.log(`.${format}: ${scores.length} forms, field P ${p.toFixed(3)} R ${r.toFixed(3)} F1 ${f1(t).toFixed(3)}; titles ${scores.filter((s) => s.titleOk).length}/${scores.length}; no form ${scores.filter((s) => s.forms === 0).length}`);
    for (const s of scores) {
      console.log(`  ${s.id} F1 ${f1(s).toFixed(2)} tp ${s.tp} fp ${s.fp} fn ${s.fn} forms ${s.forms}${s.titleOk ? '' : ' (title)'}${s.error ? ` ERROR ${s.error}` : ''}`);
      if (show) {
        const g = new Set(s.gold.map(fieldKey));
        const p2 = new Set(s.predicted.map(fieldKey));
        console.log(`    extra:   ${s.predicted.filter((x) => !g.has(fieldKey(x))).join(' | ')}`);
        console.log(`    missing: ${s.gold.filter((x) => !p2.has(fieldKey(x))).join(' | ')}`);
      }
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));
