/**
 * OFD (GB/T 33190): package walk (OFD.xml → Document.xml → pages, template page, annotations),
 * glyph positions from TextCode X/Y/DeltaX (with the `g` repeat syntax) and CTM, rules from
 * PathObjects into tables, ZIP limits and typed errors. The seed OFDs are made from the seed
 * PDFs by test/tools/make-layout-samples.ts, so they must read as the PDFs do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/document.js';
import { IngestError } from '../../src/errors.js';
import { detectFormat, readBytes } from '../../src/readers/index.js';
import { parseDeltas } from '../../src/readers/ofd.js';
import { ROOT, SAMPLES } from '../helpers.js';
import type { OfdDoc, OfdText } from '../tools/ofd-writer.js';
import { writeOfd } from '../tools/ofd-writer.js';

const FORMATS = join(ROOT, 'samples/formats');
const SEED = '003_db71631729e5d48d';
const bytesOf = (p: string): Uint8Array => new Uint8Array(readFileSync(p));

/** A run of text laid out glyph by glyph, CJK one em wide, as a producer writes it. */
function run(text: string, x: number, y: number, size = 5.6, scale?: number): OfdText {
  const deltaX = [...text].slice(0, -1).map(() => size);
  return { x, y, size, text, deltaX, font: 2, width: size * [...text].length, ...(scale ? { scale } : {}) };
}

const onePage = (texts: OfdText[], extra: Partial<OfdDoc> = {}): Promise<Uint8Array> => writeOfd({ width: 210, height: 297, pages: [{ texts, rules: [] }], ...extra });

describe('parseDeltas', () => {
  it('expands the g repeat syntax among plain advances', () => {
    expect(parseDeltas('1 g 3 2.5 4')).toEqual([1, 2.5, 2.5, 2.5, 4]);
    expect(parseDeltas('')).toEqual([]);
  });
});

describe('the seed OFDs', () => {
  it('are ofd from their bytes', () => {
    expect(detectFormat(bytesOf(join(FORMATS, `${SEED}.ofd`)))).toBe('ofd');
  });
  it('read as the PDFs they were made from: same blocks, same tables', async () => {
    const ofd = await readBytes(bytesOf(join(FORMATS, `${SEED}.ofd`)), `${SEED}.ofd`);
    const pdf = await readBytes(bytesOf(join(SAMPLES, `${SEED}.pdf`)), `${SEED}.pdf`);
    expect(ofd.source.format).toBe('ofd');
    expect(ofd.source.pages).toBe(pdf.source.pages);
    expect(ofd.blocks.length).toBe(pdf.blocks.length);
    const grid = (t: Table): string[][] => t.rows.map((r) => r.map((c) => `${c.rowSpan}x${c.colSpan}:${c.text}`));
    const tables = (d: typeof ofd): string[][][] => d.blocks.filter((b): b is Table => b.kind === 'table').map(grid);
    expect(tables(ofd)).toEqual(tables(pdf));
    // The 版头 is on the template page: the title lines still come first.
    expect(ofd.text.slice(0, 200)).toBe(pdf.text.slice(0, 200));
  });
  it('a missing page is corrupt_file naming the part', async () => {
    const e = await readBytes(bytesOf(join(FORMATS, 'bad/missing-page.ofd')), 'missing-page.ofd').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IngestError);
    expect(e).toMatchObject({ code: 'corrupt_file' });
    expect((e as Error).message).toMatch(/page 2 .*Doc_0\/Pages\/Page_1\/Content\.xml/);
  });
});

describe('reading a page', () => {
  it('lays TextObjects into lines by position, whatever their order in the file', async () => {
    const bytes = await onePage([run('第二行文字', 30, 60), run('第一行', 30, 50), run('在右边', 30 + 5.6 * 3, 50)]);
    const doc = await readBytes(bytes, 'order.ofd');
    // The first line fills the text frame, so the second continues its paragraph.
    expect(doc.text).toBe('第一行在右边第二行文字');
  });
  it('reads text drawn half size under a CTM that doubles it at its true place', async () => {
    const doc = await readBytes(await onePage([run('左半', 30, 50), run('右半', 30 + 11.2, 50, 5.6, 2)]), 'ctm.ofd');
    expect(doc.text.split('\n')[0]).toBe('左半右半');
  });
  it('a wide DeltaX gap inside one TextCode is a space', async () => {
    const t: OfdText = { x: 30, y: 50, size: 5, text: '姓名', deltaX: [20], font: 2, width: 25 };
    expect((await readBytes(await onePage([t]), 'gap.ofd')).text).toBe('姓 名');
  });
  it('reads the template page and annotations with the page', async () => {
    const bytes = await writeOfd({
      width: 210,
      height: 297,
      template: { texts: [run('模板页上的发文机关', 30, 30)], rules: [] },
      pages: [{ texts: [run('正文第一段。', 30, 80)], rules: [], template: true, annotations: [run('批注里的文字', 30, 120)] }],
    });
    expect((await readBytes(bytes, 'tpl.ofd')).text.split('\n')).toEqual(['模板页上的发文机关', '正文第一段。', '批注里的文字']);
  });
  it('decodes character references but expands no DTD entities', async () => {
    const zip = await JSZip.loadAsync(await onePage([run('甲乙', 30, 50)]));
    const page = await zip.file('Doc_0/Pages/Page_0/Content.xml')?.async('string');
    const evil = (page ?? '').replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY boom "爆炸爆炸">]>').replace('甲乙', '甲&#x4E19;&amp;&boom;');
    zip.file('Doc_0/Pages/Page_0/Content.xml', evil);
    const doc = await readBytes(await zip.generateAsync({ type: 'uint8array' }), 'entities.ofd');
    expect(doc.text).toContain('甲丙&');
    expect(doc.text).not.toContain('爆炸');
  });
  it('ruled PathObjects become a table', async () => {
    const rules = [50, 60, 70].map((y) => ({ x0: 30, y0: y, x1: 130, y1: y })).concat([30, 80, 130].map((x) => ({ x0: x, y0: 50, x1: x, y1: 70 })));
    const texts = [run('姓名', 32, 57, 4), run('单位', 82, 57, 4), run('张三', 32, 67, 4), run('某部', 82, 67, 4)];
    const doc = await readBytes(await writeOfd({ width: 210, height: 297, pages: [{ texts, rules }] }), 'table.ofd');
    const table = doc.blocks.find((b): b is Table => b.kind === 'table');
    expect(table?.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['姓名', '单位'],
      ['张三', '某部'],
    ]);
  });
});

describe('bad packages', () => {
  it('a ZIP with OFD.xml but no document root is corrupt_file', async () => {
    const zip = new JSZip();
    zip.file('OFD.xml', '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody/></ofd:OFD>');
    const e = await readBytes(await zip.generateAsync({ type: 'uint8array' }), 'empty.ofd').catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'corrupt_file' });
    expect((e as Error).message).toMatch(/DocRoot/);
  });
  it('too many ZIP entries is too_complex, as for DOCX', async () => {
    const zip = await JSZip.loadAsync(await onePage([run('甲', 30, 50)]));
    for (let i = 0; i < 10_050; i++) zip.file(`Doc_0/Res/x${i}.bin`, '');
    const e = await readBytes(await zip.generateAsync({ type: 'uint8array' }), 'many.ofd').catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'too_complex' });
    expect((e as Error).message).toMatch(/OFD .*ZIP entries/);
  });
});
