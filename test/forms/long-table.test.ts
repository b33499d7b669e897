/**
 * A 汇总表 of 40 numbered rows that runs over three pages, with its header row repeated on each
 * page, made by LibreOffice from test/fixtures/notices/long-table.html:
 *   soffice --headless --convert-to docx:"MS Word 2007 XML" long-table.html
 *   soffice --headless --convert-to pdf long-table.docx
 * The PDF reader must rejoin the pieces into one table; the form is the same from both files.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../../src/document.js';
import { processFile } from '../../src/pipeline.js';
import { readDocument } from '../../src/readers/index.js';
import type { Attachment } from '../../src/record/schema.js';
import { ROOT } from '../helpers.js';

const file = (ext: string): string => join(ROOT, `test/fixtures/notices/long-table.${ext}`);
const forms = new Map<string, Attachment>();
beforeAll(async () => {
  for (const ext of ['pdf', 'docx']) {
    const r = await processFile(file(ext), { maxBytes: 1 << 24, keywords: false });
    forms.set(ext, r.attachments[0] as Attachment);
  }
});

describe('a table over several pages', () => {
  it('is one table in the PDF: one header row and the 40 numbered rows, the repeated headers dropped', async () => {
    const doc = await readDocument(file('pdf'), { maxBytes: 1 << 24 });
    const tables = doc.blocks.filter((b): b is Table => b.kind === 'table');
    expect(tables).toHaveLength(1);
    const rows = tables[0]?.rows ?? [];
    expect(rows).toHaveLength(41);
    expect(rows.map((r) => r[0]?.text.trim()).slice(1)).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 1)));
  });

  it('gives one repeating-rows field with maxItems 40, and the blanks above it, from PDF and DOCX alike', () => {
    for (const ext of ['pdf', 'docx']) {
      const form = forms.get(ext)?.form as { properties: Record<string, { maxItems?: number }> };
      expect(Object.keys(form.properties), ext).toEqual(['tian_bao_dan_wei', 'tian_bao_ren', 'lian_xi_dian_hua', 'rows']);
      expect(form.properties['rows']?.maxItems, ext).toBe(40);
    }
    expect(forms.get('pdf')?.form).toEqual(forms.get('docx')?.form);
  });

  it('is due 2024-06-20 at kpsf@example.cn, sealed', () => {
    for (const ext of ['pdf', 'docx']) {
      expect(forms.get(ext), ext).toMatchObject({ deadline: { date: '2024-06-20' }, submitTo: { email: 'kpsf@example.cn' }, sealRequired: true });
    }
  });
});
