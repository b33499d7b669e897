/**
 * `tongzhi export --format es-bulk`: alternating action/document NDJSON lines, pre-segmented
 * fields, and every document field declared in the documented mapping.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/export.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { ES_INDEX_BODY, esBulkLines, openPublisher } from '../../src/sinks/index.js';
import { seedRecords, tempConfig, variant } from './fixtures.js';

let seeds: Map<string, NoticeRecord>;
let lines: string[];
const config = tempConfig();

beforeAll(async () => {
  seeds = await seedRecords();
  const pub = await openPublisher(config);
  for (const r of seeds.values()) await pub.publish(r);
  await pub.close();
  const out = join(config.layout.out, 'bulk.ndjson');
  expect(await command.run(['--data', config.layout.data, '--base-url', 'http://tongzhi.test', '--format', 'es-bulk', '--output', out])).toBe(0);
  const text = readFileSync(out, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  lines = text.slice(0, -1).split('\n');
}, 60_000);

describe('es-bulk export', () => {
  it('alternates an index action and its document, one pair per record', () => {
    expect(lines).toHaveLength(2 * seeds.size);
    for (let i = 0; i < lines.length; i += 2) {
      const action = JSON.parse(lines[i] ?? '') as { index: { _index: string; _id: string } };
      const doc = JSON.parse(lines[i + 1] ?? '') as { id: string };
      expect(Object.keys(action)).toEqual(['index']);
      expect(action.index._index).toBe('tongzhi-notices');
      expect(action.index._id).toBe(doc.id);
    }
  });

  it('carries pre-segmented fields and only fields the mapping declares', () => {
    const props = ES_INDEX_BODY.mappings.properties as Record<string, unknown>;
    const docs = lines.filter((_, i) => i % 2 === 1).map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const d of docs) for (const k of Object.keys(d)) expect(props, k).toHaveProperty(k);
    const d003 = docs.find((d) => d['id'] === seeds.get('003')?.id) as Record<string, string>;
    expect(d003['docNumber_seg']?.split(' ')).toContain('国科发才〔2024〕31号');
    expect(d003['body_seg']?.split(' ')).toEqual(expect.arrayContaining(['杨启', '启明', '科普', '统计表']));
    expect(d003['url']).toBe(`http://tongzhi.test/notices/${seeds.get('003')?.id}`);
  });

  it('is the mapping the README shows', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const block = /```json\n(\{\n  "settings"[\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block, 'the README has the es-mapping block').toBeDefined();
    expect(JSON.parse(block ?? '{}')).toEqual(ES_INDEX_BODY);
  });

  it('refuses an unknown format with the usage', async () => {
    expect(await command.run(['--data', config.layout.data, '--format', 'csv'])).toBe(2);
  });
});

describe('es-bulk groups', () => {
  it('gives copies of one notice one group (the PDF of 003), and a form alone its own', () => {
    const s003 = seeds.get('003') as NoticeRecord;
    const pdf = variant(s003, '0000000000000001', { source: { ...s003.source, format: 'pdf', fileName: '003.pdf' } });
    const form = variant(s003, 'ffffffffffffff01', { kind: 'form' });
    const docs = [...esBulkLines([...seeds.values(), pdf, form], { baseUrl: 'http://tongzhi.test' })].filter((_, i) => i % 2 === 1).map((l) => JSON.parse(l) as { id: string; group: string });
    const group = new Map(docs.map((d) => [d.id, d.group]));
    expect([group.get(s003.id), group.get(pdf.id)]).toEqual([pdf.id, pdf.id]);
    expect(group.get(form.id)).toBe(form.id);
    for (const r of seeds.values()) if (r !== s003) expect(group.get(r.id)).toBe(r.id);
  });
});
