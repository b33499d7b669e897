/**
 * The whole development set (seeds, shared/eval/real's 44, our collected real notices) in .txt,
 * .docx and .pdf, scored by the eval's own scorer. Each fails below its floor; the floors only go
 * up, as extraction improves (`npm run eval` prints the full per-key table).
 */
import { describe, expect, it } from 'vitest';
import { FORMATS, microF1, score, SETS, type Format } from './sets.js';

/** micro-F1 floors per set and format, a little under what was measured when last raised. */
const FLOORS: Record<string, Record<Format, number>> = {
  seeds: { txt: 0.99, docx: 0.99, pdf: 0.99 },
  'real-44': { txt: 0.99, docx: 0.99, pdf: 0.99 },
  'real-ours': { txt: 0.97, docx: 0.97, pdf: 0.97 },
};

describe.each(SETS.flatMap((s) => FORMATS.map((f) => [s.name, f, s] as const)))('%s .%s', (name, format, set) => {
  it(`micro-F1 ≥ ${FLOORS[name]?.[format]}, every document extracted`, async () => {
    const s = await score(set, format);
    expect(s.perDoc.length).toBeGreaterThan(0);
    expect(s.perDoc.filter((d) => d.error).map((d) => `${d.doc}: ${d.error}`)).toEqual([]);
    expect(microF1(s)).toBeGreaterThanOrEqual(FLOORS[name]?.[format] ?? 1);
  }, 300_000);
});
