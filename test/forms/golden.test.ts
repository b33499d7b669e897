/**
 * Golden files of the seed forms: schema, uiSchema, deadline, submitTo, seal and field
 * pointers, reviewed by eye once and kept in test/fixtures/forms. The .txt, .docx and .pdf of
 * a notice must all give the golden form. Rewrite them only on purpose:
 *   UPDATE_GOLDEN=1 npx vitest run test/forms/golden.test.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/record/schema.js';
import { ROOT } from '../helpers.js';
import { loadSeedForms, type SeedForm } from './fixtures.js';

const DIR = join(ROOT, 'test/fixtures/forms');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** What a form generator consumes, without offsets (they differ by format) or table numbers. */
function golden(a: Attachment): unknown {
  return {
    label: a.label,
    title: a.title,
    deadline: a.deadline ? { date: a.deadline.date, time: a.deadline.time } : null,
    submitTo: a.submitTo,
    sealRequired: a.sealRequired,
    form: a.form,
    uiSchema: a.uiSchema,
    fields: a.fieldSources.map((f) => ({ pointer: f.pointer, title: f.title, row: f.row, col: f.col })),
  };
}

let forms: SeedForm[] = [];
beforeAll(async () => {
  forms = await loadSeedForms();
});

describe('seed forms against their golden files', () => {
  it.each(['txt', 'docx', 'pdf'])('.%s', (ext) => {
    const mine = forms.filter((f) => f.ext === ext);
    expect(mine.length).toBe(5);
    for (const f of mine) {
      const file = join(DIR, `${f.stem.slice(0, 3)}-${f.attachment.label ?? 'form'}.json`);
      const actual = golden(f.attachment);
      if (UPDATE && ext === 'txt') {
        mkdirSync(DIR, { recursive: true });
        writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      }
      expect(existsSync(file), `${file} missing: run with UPDATE_GOLDEN=1 once and review it`).toBe(true);
      expect(actual, f.name).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    }
  });
});
