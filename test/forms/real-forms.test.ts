/**
 * The 90 real forms (test/fixtures/forms/real and test/fixtures/forms-real, see their
 * SOURCES.md) by field label, from their text copies and from their original .docx, .doc, .xls
 * and .xlsx files. Floors only go up as the form reader learns (`npx tsx test/forms/real-forms.ts
 * --show` prints every form's extra and missing labels). Each file is read once (doc-cache.ts).
 */
import { describe, expect, it } from 'vitest';
import { f1, fileOf, FORMATS, formsOf, loadGold, scoreFormat, TESTED_FORMATS, total } from './real-forms.js';
import { strictAjv } from './real-clients.js';

/** field-label F1 floors, a little under what was measured when last raised */
const FLOORS: Record<(typeof FORMATS)[number], number> = { txt: 0.95, docx: 0.965, doc: 0.95, xls: 0.975, xlsx: 0.92 };
/** files that give no form at all, at most */
const NO_FORM: Record<(typeof FORMATS)[number], number> = { txt: 0, docx: 0, doc: 1, xls: 0, xlsx: 0 };

describe.each(TESTED_FORMATS)('real forms .%s', (format) => {
  it(`field-label F1 ≥ ${FLOORS[format]}, read without an error`, async () => {
    const scores = await scoreFormat(format);
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.filter((s) => s.error).map((s) => `${s.id}: ${s.error}`)).toEqual([]);
    expect(scores.filter((s) => s.forms === 0).length).toBeLessThanOrEqual(NO_FORM[format]);
    expect(f1(total(scores))).toBeGreaterThanOrEqual(FLOORS[format]);
  }, 600_000);
});

describe('real forms as JSON Schema clients read them', () => {
  it('every form of every text copy and original compiles in Ajv 2020-12 strict mode', async () => {
    let n = 0;
    // One instance: the schemas carry no $id, so each compiles on its own.
    const ajv = strictAjv();
    for (const g of loadGold()) {
      for (const format of TESTED_FORMATS) {
        const file = fileOf(g, format);
        if (!file) continue;
        for (const a of await formsOf(file)) {
          expect(() => ajv.compile(a.form as object), `${g.id}.${format}`).not.toThrow();
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(100);
  }, 600_000);
});
