/**
 * The 90 real attached forms, scored by field label: the 30 of test/fixtures/forms/real (copied
 * from shared/eval/forms, see its SOURCES.md) and the 60 of test/fixtures/forms-real (labels/,
 * text/, originals/; its SOURCES.md). Each form's text copy and its original file (.docx, .doc,
 * .xls, .xlsx) go through the pipeline, the fields of its schema are compared with the
 * hand-labelled `fields` of its gold, per format and per shape (the gold's `shapes` tags).
 * Labels are compared the way the eval's scorer (test/fixtures/eval/score.mjs) compares
 * attachment fields: NFKC, full-width punctuation folded, whitespace and bracketed parts
 * removed, as a set per form. Run `npx tsx test/forms/real-forms.ts [--show] [fNNN…] [txt|docx|doc|xls|xlsx]`
 * for the tables.
 *
 * A document is read once per (file, reader code) and kept as JSON under the system temp folder
 * (doc-cache.ts): LibreOffice converts each .doc/.xls in a second or more, and the form rules
 * under test run after reading.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { recordFromDoc } from '../../src/pipeline.js';
import type { Attachment } from '../../src/record/schema.js';
import { isOpinionObject } from '../../src/extract/forms/signed.js';
import { cachedDoc } from './doc-cache.js';

const ROOT = resolve(import.meta.dirname, '..', '..').replace(/[\\/]dist$/, '');
export const REAL_FORMS = join(ROOT, 'test/fixtures/forms/real');
export const MORE_REAL_FORMS = join(ROOT, 'test/fixtures/forms-real');

/** What a form's layout shows, as tagged in its gold (`shapes`). */
export const SHAPES = ['pairs', 'grouped', 'grid', 'two-row', 'choice', 'opinion', 'total', 'receipt', 'in-notice'] as const;
export type Shape = (typeof SHAPES)[number];

export interface GoldForm {
  id: string;
  title: string;
  fields: string[];
  shapes?: Shape[];
  /** where its text copy and originals are (set by loadGold) */
  dir?: string;
}

export const FORMATS = ['txt', 'docx', 'doc', 'xls', 'xlsx'] as const;
/**
 * The formats the default test run scores: .doc and .xls go through LibreOffice, about 5 minutes
 * for the 59 files on a fresh machine, so they are scored by `npm run test:forms-legacy`
 * (TONGZHI_TEST_LEGACY_FORMS=1) and by `npm run eval`, not by `npm test`.
 */
export const TESTED_FORMATS: ReadonlyArray<(typeof FORMATS)[number]> =
  process.env['TONGZHI_TEST_LEGACY_FORMS'] === '1' ? FORMATS : FORMATS.filter((f) => f !== 'doc' && f !== 'xls');

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
    // An opinion cell ({ opinion, signature, date }) is one printed field.
    if (props && Object.keys(props).length && !isOpinionObject(o)) {
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

/** The gold of both sets: fNNN.json beside its text copy (first set) or under labels/ (second). */
export function loadGold(dirs: readonly string[] = [REAL_FORMS, MORE_REAL_FORMS]): GoldForm[] {
  const out: GoldForm[] = [];
  for (const dir of dirs) {
    const labels = existsSync(join(dir, 'labels')) ? join(dir, 'labels') : dir;
    for (const f of readdirSync(labels).filter((x) => /^f\d{3}\.json$/.test(x)).sort()) {
      out.push({ ...(JSON.parse(readFileSync(join(labels, f), 'utf8')) as GoldForm), dir });
    }
  }
  return out;
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
export function fileOf(gold: GoldForm, format: string): string | null {
  const dir = gold.dir ?? REAL_FORMS;
  const text = existsSync(join(dir, 'text')) ? join(dir, 'text', `${gold.id}.txt`) : join(dir, `${gold.id}.txt`);
  const f = format === 'txt' ? text : join(dir, 'originals', `${gold.id}.${format}`);
  return existsSync(f) ? f : null;
}

/** Every form of a file, as the pipeline gives them (its read cached, see doc-cache.ts). */
export async function formsOf(file: string): Promise<Attachment[]> {
  const r = recordFromDoc(await cachedDoc(file), { keywords: false });
  return r.attachments.filter((a) => a.form);
}

export async function scoreForm(gold: GoldForm, file: string): Promise<FormScore> {
  const base = { id: gold.id, file, gold: gold.fields };
  try {
    const forms = await formsOf(file);
    const { form, titleOk } = pick(forms, gold);
    const predicted = form ? formFields(form.form) : [];
    return { ...base, ...setScore(predicted, gold.fields), predicted, forms: forms.length, titleOk };
  } catch (e) {
    return { ...base, ...setScore([], gold.fields), predicted: [], forms: 0, titleOk: false, error: String(e) };
  }
}

export async function scoreFormat(format: string, gold: readonly GoldForm[] = loadGold()): Promise<FormScore[]> {
  const out: FormScore[] = [];
  for (const g of gold) {
    const file = fileOf(g, format);
    if (file) out.push(await scoreForm(g, file));
  }
  return out;
}

export function total(scores: readonly Counts[]): Counts {
  return scores.reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
}

/** Field P/R/F1 and titles of a list of scores, as one table row. */
function row(name: string, scores: readonly FormScore[]): string[] {
  const t = total(scores);
  const p = t.tp / Math.max(1, t.tp + t.fp);
  const r = t.tp / Math.max(1, t.tp + t.fn);
  return [name, String(scores.length), p.toFixed(3), r.toFixed(3), f1(t).toFixed(3), `${scores.filter((s) => s.titleOk).length}/${scores.length}`, String(scores.filter((s) => s.forms === 0).length)];
}

function markdown(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export interface FormsReport {
  byFormat: Record<string, FormScore[]>;
  gold: GoldForm[];
}

/** Scores every form in every format it has. */
export async function scoreAllForms(formats: readonly string[] = FORMATS, gold: readonly GoldForm[] = loadGold()): Promise<FormsReport> {
  const byFormat: Record<string, FormScore[]> = {};
  for (const format of formats) byFormat[format] = await scoreFormat(format, gold);
  return { byFormat, gold: [...gold] };
}

/**
 * Two tables: per format (the text copies, then each kind of original, then all originals
 * together), and per shape (text copies and originals), each with field P/R/F1 and titles.
 */
export function formsTable({ byFormat, gold }: FormsReport): string {
  const head = ['forms', 'n', 'field P', 'field R', 'field F1', 'titles', 'no form'];
  const originals = Object.entries(byFormat).filter(([f]) => f !== 'txt').flatMap(([, s]) => s);
  const perFormat = [...Object.entries(byFormat).map(([f, s]) => row(`.${f}`, s)), row('originals', originals)];
  const shapeOf = new Map(gold.map((g) => [g.id, g.shapes ?? []]));
  const text = byFormat['txt'] ?? [];
  const perShape = SHAPES.flatMap((sh) => {
    const has = (s: FormScore): boolean => (shapeOf.get(s.id) ?? []).includes(sh);
    return [row(`${sh} .txt`, text.filter(has)), row(`${sh} originals`, originals.filter(has))];
  });
  return `${markdown(head, perFormat)}\n\n${markdown(['shape', ...head.slice(1)], perShape)}`;
}

async function main(argv: string[]): Promise<void> {
  const show = argv.includes('--show');
  const only = argv.filter((a) => /^f\d{3}$/.test(a));
  const formats = argv.filter((a) => (FORMATS as readonly string[]).includes(a));
  const gold = loadGold().filter((g) => only.length === 0 || only.includes(g.id));
  const report = await scoreAllForms(formats.length ? formats : FORMATS, gold);
  for (const [format, scores] of Object.entries(report.byFormat)) {
    console.log(`.${format}`);
    for (const s of scores) {
      if (!show && f1(s) === 1) continue;
      console.log(`  ${s.id} F1 ${f1(s).toFixed(2)} tp ${s.tp} fp ${s.fp} fn ${s.fn} forms ${s.forms}${s.titleOk ? '' : ' (title)'}${s.error ? ` ERROR ${s.error}` : ''}`);
      if (show) {
        const g = new Set(s.gold.map(fieldKey));
        const p2 = new Set(s.predicted.map(fieldKey));
        console.log(`    extra:   ${s.predicted.filter((x) => !g.has(fieldKey(x))).join(' | ')}`);
        console.log(`    missing: ${s.gold.filter((x) => !p2.has(fieldKey(x))).join(' | ')}`);
      }
    }
  }
  console.log(formsTable(report));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));
