/**
 * The 30 real attached forms (test/fixtures/forms/real, see its SOURCES.md) by field label, from
 * their text copies and their original .docx files. Floors only go up as the form reader learns
 * (`npx tsx test/forms/real-forms.ts --show` prints every form's extra and missing labels).
 */
import { describe, expect, it } from 'vitest';
import { processFile } from '../../src/pipeline.js';
import { fileOf, loadGold, f1, scoreFormat, total } from './real-forms.js';
import { strictAjv } from './real-clients.js';

/** field-label F1 floors, a little under what was measured when last raised */
const FLOORS: Record<string, number> = { txt: 0.86, docx: 0.92 };

describe.each(Object.keys(FLOORS))('real forms .%s', (format) => {
  it(`field-label F1 ≥ ${FLOORS[format]}, a form from every file`, async () => {
    const scores = await scoreFormat(format);
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.filter((s) => s.error || s.forms === 0).map((s) => `${s.id}: ${s.error ?? 'no form'}`)).toEqual([]);
    expect(f1(total(scores))).toBeGreaterThanOrEqual(FLOORS[format] ?? 1);
  }, 300_000);
});

describe('real forms as JSON Schema clients read them', () => {
  it('every form of every text copy and .docx compiles in Ajv 2020-12 strict mode', async () => {
    for (const g of loadGold()) {
      for (const format of ['txt', 'docx']) {
        const file = fileOf(g, format);
        if (!file) continue;
        const r = await processFile(file, { maxBytes: 64 << 20, keywords: false });
        for (const a of r.attachments) if (a.form) expect(() => strictAjv().compile(a.form as object), `${g.id}.${format}`).not.toThrow();
      }
    }
  }, 300_000);
});
