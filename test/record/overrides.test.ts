/**
 * Corrections laid over an extracted record (record/overrides.ts): set, delete and add by path,
 * who and when listed in issues, re-extraction disagreements reported, invalid results refused.
 */
import { describe, expect, it } from 'vitest';
import { applyOverrides, correctionProblem, emptyOverrides, withCorrection, type Correction } from '../../src/record/overrides.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { goldOf } from '../../src/record/gold.js';
import { seedRecords } from '../sinks/fixtures.js';

const seeds = await seedRecords();
const base = seeds.get('003') as NoticeRecord;
const at = '2026-12-01T06:00:00.000Z';
const c = (op: Correction['op'], path: Correction['path'], value?: unknown, baseValue?: unknown): Correction => ({ op, path, ...(value === undefined ? {} : { value }), ...(baseValue === undefined ? {} : { base: baseValue }), by: 'staff', at });

describe('applyOverrides', () => {
  it('sets a value, says who corrected it and when, and leaves the extracted record as it was', () => {
    const d0 = base.deadlines[0] as NoticeRecord['deadlines'][number];
    const o = withCorrection(emptyOverrides(base.id), c('set', ['deadlines', 0, 'date'], '2024-04-20', d0.date));
    const { record, disagreements, applied } = applyOverrides(base, o);
    expect(record.deadlines[0]?.date).toBe('2024-04-20');
    expect(base.deadlines[0]?.date).toBe(d0.date);
    expect(applied).toBe(1);
    expect(disagreements).toEqual([]);
    expect(record.issues).toContainEqual({ code: 'corrected', path: ['deadlines', 0, 'date'], message: `deadlines[0].date 由 staff 于 ${at} 更正` });
  });

  it('deletes list items by their extracted index and appends added ones', () => {
    const n = base.deadlines.length;
    const added = { date: '2024-05-01', time: null, what: '补充材料', to: null, attachment: null, text: '补充材料', evidence: { start: 0, end: 0, page: null, quote: '' } };
    let o = withCorrection(emptyOverrides(base.id), c('delete', ['deadlines', 0], undefined, base.deadlines[0]));
    o = withCorrection(o, c('add', ['deadlines'], added));
    const { record } = applyOverrides(base, o);
    expect(record.deadlines).toHaveLength(n);
    expect(record.deadlines[0]).toEqual(base.deadlines[1]);
    expect(record.deadlines[n - 1]).toEqual(added);
  });

  it('a later correction of the same value replaces the earlier one', () => {
    let o = withCorrection(emptyOverrides(base.id), c('set', ['title'], '甲', base.title));
    o = withCorrection(o, c('set', ['title'], '乙', base.title));
    expect(o.corrections).toHaveLength(1);
    expect(applyOverrides(base, o).record.title).toBe('乙');
  });

  it('after a re-extraction that says something else, keeps the correction and reports the disagreement', () => {
    const o = withCorrection(emptyOverrides(base.id), c('set', ['docNumber'], '国科发才〔2024〕1号', base.docNumber));
    const reextracted = { ...base, docNumber: '国科发才〔2024〕2号' };
    const { record, disagreements } = applyOverrides(reextracted, o);
    expect(record.docNumber).toBe('国科发才〔2024〕1号');
    expect(disagreements).toEqual([{ op: 'set', path: ['docNumber'], base: base.docNumber, now: '国科发才〔2024〕2号' }]);
    expect(record.issues.some((i) => i.code === 'correction_disagrees')).toBe(true);
  });

  it('does not delete an item that is no longer the one deleted', () => {
    const o = withCorrection(emptyOverrides(base.id), c('delete', ['deadlines', 0], undefined, base.deadlines[0]));
    const reextracted = { ...base, deadlines: base.deadlines.slice(1) };
    const { record, disagreements } = applyOverrides(reextracted, o);
    expect(record.deadlines).toEqual(reextracted.deadlines);
    expect(disagreements).toHaveLength(1);
  });

  it('refuses a correction that makes an invalid record, or touches what is not a value', () => {
    const o = emptyOverrides(base.id);
    expect(correctionProblem(base, o, c('set', ['signedDate'], '4月15日', base.signedDate))).toMatch(/不符合记录模式/);
    expect(correctionProblem(base, o, c('set', ['text'], 'x'))).toMatch(/cannot be corrected/);
    expect(correctionProblem(base, o, c('add', ['title'], 'x'))).toMatch(/not a list/);
    expect(correctionProblem(base, o, c('set', ['signedDate'], '2024-04-01', base.signedDate))).toBeNull();
  });
});

describe('goldOf', () => {
  it('writes the GOLD_SCHEMA keys from a record', () => {
    const g = goldOf(base);
    expect(Object.keys(g)).toEqual(['id', 'level', 'title', 'doc_number', 'issuers', 'signed_date', 'themes', 'event_periods', 'deadlines', 'contacts', 'emails', 'phones', 'references', 'attachments']);
    expect(g.deadlines).toEqual(base.deadlines.map((d) => ({ date: d.date, what: d.what })));
    const form = base.attachments.find((a) => a.form);
    expect(g.attachments.find((a) => a.title === form?.title)?.fields).toContain(form?.fieldSources[1]?.title);
  });
});
