/**
 * The committed JSON Schema is generated from the zod schema; it must never drift.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordJsonSchema } from '../../src/record/schema.js';
import { ROOT, runCli } from '../helpers.js';

describe('schemas/notice-record.schema.json', () => {
  it('is what the zod schema generates (run `npm run schema` after changing src/record/schema.ts)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'schemas/notice-record.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(recordJsonSchema());
  });

  it('is what `tongzhi schema` prints', () => {
    const r = runCli(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(recordJsonSchema());
  });
});
