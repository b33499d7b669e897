/**
 * Legacy Word (.doc, Kingsoft .wps): detection from the OLE2 stream names, the LibreOffice path
 * (merged cells kept) and the in-process word-extractor path, and typed errors for cut and
 * password-protected files.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Doc, Table } from '../../src/document.js';
import { openCfb } from '../../src/readers/cfb.js';
import { VIA_SOFFICE, VIA_WORD_EXTRACTOR, wordTextBlocks } from '../../src/readers/doc.js';
import { detectFormat, readBytes } from '../../src/readers/index.js';
import { sofficeWorks } from '../../src/readers/soffice.js';
import { ROOT } from '../helpers.js';

const FORMATS = join(ROOT, 'samples/formats');
const ORIGINALS = join(ROOT, '../shared/eval/forms/originals');
const SEED = '003_db71631729e5d48d';
const bytesOf = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const tables = (d: Doc): Table[] => d.blocks.filter((b): b is Table => b.kind === 'table');

const saved = process.env.TONGZHI_SOFFICE;
afterEach(() => {
  if (saved === undefined) delete process.env.TONGZHI_SOFFICE;
  else process.env.TONGZHI_SOFFICE = saved;
});

describe('wordTextBlocks (word-extractor text)', () => {
  it('cells end in tabs; a paragraph break inside a cell stays in that cell', () => {
    // A row of the 参会回执 in f009.doc: the last cell holds two paragraphs.
    const blocks = wordTextBlocks('参会回执\n姓   名\t\t性  别\t\t\n住宿否\t\t住宿时间\t2017年8月   日\n至   日\t\n回执请传真至：010-83155436\n');
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'table', 'paragraph']);
    const t = blocks[1];
    expect(t?.kind === 'table' && t.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['姓   名', '', '性  别', ''],
      ['住宿否', '', '住宿时间', '2017年8月   日\n至   日'],
    ]);
  });
  it('a vertically merged group label gets its row span back', () => {
    const blocks = wordTextBlocks('经费投入\t中央财政\t\t\n\t省级财政\t\t\n\t其他\t\t\n');
    const t = blocks[0];
    expect(t?.kind === 'table' && t.rows.map((r) => r.map((c) => `${c.text}/${c.rowSpan}`))).toEqual([
      ['经费投入/3', '中央财政/1', '/1'],
      ['省级财政/1', '/1'],
      ['其他/1', '/1'],
    ]);
  });
  it('a paragraph between two tables is not pulled into the second', () => {
    const blocks = wordTextBlocks('a\tb\t\n附件2\nc\td\te\t\n');
    expect(blocks.map((b) => b.kind)).toEqual(['table', 'paragraph', 'table']);
  });
});

describe('.doc and .wps', () => {
  it('are told from .xls by their streams, whatever the name', () => {
    expect(detectFormat(bytesOf(join(FORMATS, `${SEED}.wps`)))).toBe('doc');
    expect(detectFormat(bytesOf(join(ORIGINALS, 'f005.xls')))).toBe('xls');
  });

  it('without LibreOffice: word-extractor, tables as rows of cells', async () => {
    process.env.TONGZHI_SOFFICE = 'off';
    const doc = await readBytes(bytesOf(join(FORMATS, `${SEED}.wps`)), `${SEED}.wps`);
    expect(doc.source).toMatchObject({ format: 'doc', via: VIA_WORD_EXTRACTOR });
    expect(doc.text).toContain('国科发才〔2024〕31号');
    expect(doc.text).toContain('“十四五”');
    const form = tables(doc).find((t) => t.rows[0]?.[0]?.text === '序号');
    expect(form?.rows[0]?.map((c) => c.text)).toEqual(['序号', '活动名称', '活动简介', '举办时间、地点', '推荐单位', '联系人及电话']);
  });

  it.runIf(sofficeWorks())('with LibreOffice: converted to .docx, merged cells kept', { timeout: 120_000 }, async () => {
    const doc = await readBytes(bytesOf(join(FORMATS, `${SEED}.doc`)), `${SEED}.doc`);
    expect(doc.source).toMatchObject({ format: 'doc', via: VIA_SOFFICE });
    const stats = tables(doc).find((t) => t.rows.some((r) => r.some((c) => c.text.startsWith('活动经费投入'))));
    const group = stats?.rows.flat().find((c) => c.text.startsWith('活动经费投入'));
    expect(group?.rowSpan).toBe(7);
  });

  it('a cut file is corrupt_file, not unsupported', async () => {
    await expect(readBytes(bytesOf(join(FORMATS, 'bad/truncated.doc')), 'truncated.doc')).rejects.toMatchObject({ code: 'corrupt_file' });
  });

  it('a password-protected document (FIB fEncrypted) is encrypted_file', async () => {
    const bytes = bytesOf(join(FORMATS, `${SEED}.doc`));
    const main = openCfb(bytes)?.entries.find((e) => e.name === 'WordDocument');
    if (!main) throw new Error('no WordDocument stream');
    const fib = (main.start + 1) * 512;
    bytes[fib + 0x0b] = (bytes[fib + 0x0b] ?? 0) | 0x01;
    await expect(readBytes(bytes, 'locked.doc')).rejects.toMatchObject({ code: 'encrypted_file' });
  });
});

describe('real .doc forms (shared/eval/forms/originals)', () => {
  const docs = readdirSync(ORIGINALS).filter((f) => f.endsWith('.doc'));
  it.each(docs)('%s reads with its table (in process)', async (f) => {
    process.env.TONGZHI_SOFFICE = 'off';
    const doc = await readBytes(bytesOf(join(ORIGINALS, f)), f);
    expect(doc.source.format).toBe('doc');
    expect(tables(doc).length).toBeGreaterThan(0);
  });
});
