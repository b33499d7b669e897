/**
 * `tongzhi forms FILE` through the built CLI: only the forms, each with what a form generator
 * needs; a bad file gives the same JSON error as `extract`.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, SAMPLES } from '../helpers.js';

describe('tongzhi forms', () => {
  it('prints the two forms of seed 003 from its PDF, and nothing else of the record', () => {
    const r = runCli(['forms', join(SAMPLES, '003_db71631729e5d48d.pdf')]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { id: string; notice: string; forms: Array<Record<string, unknown>> };
    expect(Object.keys(out)).toEqual(['id', 'notice', 'forms']);
    expect(out.forms.map((f) => [f['label'], f['title'], f['sealRequired']])).toEqual([
      ['附件1', '2024年全国科技活动周特色群众性科技活动推荐表', true],
      ['附件2', '2024年全国科技活动周开展情况统计表', true],
    ]);
    for (const f of out.forms) expect(Object.keys(f)).toEqual(['label', 'title', 'deadline', 'submitTo', 'sealRequired', 'schema', 'uiSchema', 'fieldSources', 'file']);
  });

  it('prints an empty list for a notice without forms (seed 001)', () => {
    const r = runCli(['forms', join(SAMPLES, '001_683f5b3ce4c84b58.docx')]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { forms: unknown[] }).forms).toEqual([]);
  });

  it('names the file and the reason when the file cannot be read', () => {
    const r = runCli(['forms', join(SAMPLES, 'hard/encrypted.pdf')]);
    expect(r.code).not.toBe(0);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'encrypted_file', file: 'encrypted.pdf', stage: 'read' } });
  });

  it('rejects an unknown flag as a usage error', () => {
    expect(runCli(['forms', '--frobnicate', 'x.pdf']).code).toBe(2);
  });
});
