/**
 * The seed notices' forms, read once per test file from every format, and a generator of a
 * filled example that respects a form's schema (the kind of data a person types in).
 */
import { join } from 'node:path';
import { processFile } from '../../src/pipeline.js';
import type { Attachment } from '../../src/record/schema.js';
import { SAMPLES, SEED_STEMS } from '../helpers.js';
import { props, type Schema } from './real-clients.js';

export type { Schema };


export interface SeedForm {
  /** e.g. `003 附件1 .pdf` */
  name: string;
  stem: string;
  ext: string;
  attachment: Attachment & { form: Schema; uiSchema: Schema };
}

export const FORM_SEEDS = SEED_STEMS.filter((s) => /^00[023]_/.test(s));
export const FORMATS = ['txt', 'docx', 'pdf'] as const;

export async function loadSeedForms(exts: readonly string[] = FORMATS): Promise<SeedForm[]> {
  const out: SeedForm[] = [];
  for (const stem of FORM_SEEDS) {
    for (const ext of exts) {
      const r = await processFile(join(SAMPLES, `${stem}.${ext}`), { maxBytes: 64 << 20, keywords: false });
      for (const a of r.attachments) {
        if (a.form && a.uiSchema) out.push({ name: `${stem.slice(0, 3)} ${a.label ?? a.title} .${ext}`, stem, ext, attachment: a as SeedForm['attachment'] });
      }
    }
  }
  return out;
}


/** A value a careful person would enter: the first option, a count of 3, a valid phone … */
export function exampleOf(s: Schema): unknown {
  if (Array.isArray(s['enum'])) return s['enum'][0];
  switch (s['type']) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(props(s))) o[k] = exampleOf(p);
      return o;
    }
    case 'array': {
      const items = s['items'] as Schema;
      if (Array.isArray(items['enum'])) return [items['enum'][0]];
      const n = typeof s['minItems'] === 'number' ? s['minItems'] : 1;
      return Array.from({ length: Math.max(1, n) }, () => exampleOf(items));
    }
    case 'boolean':
      return true;
    case 'integer':
      return 3;
    case 'number':
      return 2.5;
    default:
      break;
  }
  if (s['format'] === 'date') return '2024-05-20';
  if (s['format'] === 'email') return 'kepu@example.cn';
  if (typeof s['pattern'] === 'string') {
    for (const candidate of ['13812345678', '100081', '010-58881234', '2010-09', '110101199003071234']) if (new RegExp(s['pattern'], 'u').test(candidate)) return candidate;
  }
  const text = '科普进校园';
  return typeof s['maxLength'] === 'number' ? text.slice(0, s['maxLength']) : text;
}

/** Every printed label of a form: titles of fields, groups and repeating rows. */
export function printedLabels(a: Attachment): string[] {
  return a.fieldSources.map((f) => f.title);
}
