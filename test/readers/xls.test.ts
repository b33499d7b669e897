/**
 * Workbooks (.xls, .et, .xlsx): every sheet a table with its merges as spans, so a sheet that
 * is a form has the same grid as the form printed in the DOCX; titles and notes merged across
 * the sheet are paragraphs; typed errors for protected and oversized workbooks.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Doc, Table } from '../../src/document.js';
import { detectFormat, readBytes } from '../../src/readers/index.js';
import { MAX_CELLS } from '../../src/readers/xls.js';
import { ROOT, SAMPLES } from '../helpers.js';

const FORMATS = join(ROOT, 'samples/formats');
const ORIGINALS = join(ROOT, '../shared/eval/forms/originals');
const bytesOf = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const tables = (d: Doc): Table[] => d.blocks.filter((b): b is Table => b.kind === 'table');
const grid = (t: Table): string[] => t.rows.flat().map((c) => `${c.row},${c.col} ${c.rowSpan}x${c.colSpan} ${c.text}`);
const STEMS = ['000_fc46f2fa053bb05e', '002_32cbd7b51d76111f', '003_db71631729e5d48d'];

describe('workbook detection', () => {
  it.each([
    ['xls', 'xls'],
    ['et', 'xls'],
    ['xlsx', 'xlsx'],
  ])('.%s is %s from its bytes', (ext, format) => {
    expect(detectFormat(bytesOf(join(FORMATS, `${STEMS[2]}.${ext}`)))).toBe(format);
  });
});

describe.each(['xlsx', 'xls', 'et'])('the seeds\' forms as .%s', (ext) => {
  it.each(STEMS)('%s: every form sheet has the grid of the DOCX table', async (stem) => {
    const sheet = await readBytes(bytesOf(join(FORMATS, `${stem}.${ext}`)), `${stem}.${ext}`);
    const docx = await readBytes(bytesOf(join(SAMPLES, `${stem}.docx`)), `${stem}.docx`);
    const fromSheets = tables(sheet);
    expect(fromSheets.length).toBeGreaterThan(0);
    for (const t of fromSheets) {
      const same = tables(docx).find((d) => grid(d).join('\n') === grid(t).join('\n'));
      expect(same, grid(t).slice(0, 3).join(' | ')).toBeDefined();
    }
  });
  it('the title merged across the sheet is a paragraph above the table', async () => {
    const doc = await readBytes(bytesOf(join(FORMATS, `${STEMS[2]}.${ext}`)), 'x');
    const i = doc.blocks.findIndex((b) => b.kind === 'paragraph' && b.text === '2024 年全国科技活动周开展情况统计表');
    expect(i).toBeGreaterThan(0);
    expect(doc.blocks.slice(i + 1).find((b) => b.kind === 'table')).toBeDefined();
  });
});

describe('broken and hostile workbooks', () => {
  it('a password-protected .xls (FILEPASS) is encrypted_file', async () => {
    await expect(readBytes(bytesOf(join(FORMATS, 'bad/password.xls')), 'password.xls')).rejects.toMatchObject({ code: 'encrypted_file' });
  });

  it('a password-protected .xlsx (an OLE2 EncryptedPackage) is encrypted_file', async () => {
    const CFB = (XLSX as unknown as { CFB: { utils: { cfb_new(): unknown; cfb_add(c: unknown, p: string, d: Buffer): void }; write(c: unknown, o: { type: 'buffer' }): Buffer } }).CFB;
    const cfb = CFB.utils.cfb_new();
    CFB.utils.cfb_add(cfb, 'EncryptionInfo', Buffer.alloc(200, 1));
    CFB.utils.cfb_add(cfb, 'EncryptedPackage', Buffer.alloc(8192, 2));
    await expect(readBytes(new Uint8Array(CFB.write(cfb, { type: 'buffer' })), 'locked.xlsx')).rejects.toMatchObject({ code: 'encrypted_file' });
  });

  it(`a sheet of more than ${MAX_CELLS} cells is too_complex`, async () => {
    const side = Math.ceil(Math.sqrt(MAX_CELLS)) + 1;
    const aoa = Array.from({ length: side }, (_, r) => Array.from({ length: side }, (_, c) => (r === 0 || c === 0 || r === side - 1 ? `${r}:${c}` : '')));
    aoa[side - 1]![side - 1] = 'end';
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), 'big');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    await expect(readBytes(bytes, 'big.xlsx')).rejects.toMatchObject({ code: 'too_complex' });
  });

  it('a ZIP that is not a workbook or document is still unsupported', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['a']]), 's');
    const ods = new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'ods' }) as Buffer);
    await expect(readBytes(ods, 'x.ods')).rejects.toMatchObject({ code: 'unsupported_format' });
  });
});

describe('real .xls forms (shared/eval/forms/originals)', () => {
  const files = readdirSync(ORIGINALS).filter((f) => f.endsWith('.xls'));
  it.each(files)('%s reads with its tables', async (f) => {
    const doc = await readBytes(bytesOf(join(ORIGINALS, f)), f);
    expect(doc.source.format).toBe('xls');
    expect(tables(doc).length).toBeGreaterThan(0);
    expect(tables(doc).every((t) => t.columns < 100)).toBe(true);
  });
});
