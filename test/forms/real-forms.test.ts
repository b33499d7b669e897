/**
 * The 30 real attached forms (test/fixtures/forms/real, see its SOURCES.md) by field label, from
 * their text copies and their original .docx files. Floors only go up as the form reader learns
 * (`npx tsx test/forms/real-forms.ts --show` prints every form's extra and missing labels).
 */
import { describe, expect, it } from 'vitest';
import { f1, scoreFormat, total } from './real-forms.js';

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
