/**
 * The PDF reader fetches a page's operator list (rules, real font names) only where it can change
 * what is read: page 1, pages whose text may sit in a ruled table (`mayHoldTable`), and the page
 * after a table. These tests hold the test to every table page of the samples and fixtures, and
 * check that prose pages are really skipped.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readPdf } from '../../src/readers/pdf.js';
import { findTables, mayHoldTable, rulingSegments } from '../../src/readers/pdf-tables.js';
import { pdfjs } from '../../src/readers/pdfjs-load.js';

const file = (rel: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../${rel}`, import.meta.url)));
const CMAPS = new URL('../../node_modules/pdfjs-dist/cmaps/', import.meta.url).pathname;

/** One text item as pdfjs gives it: `str` at (x, y), `size` pt high, `width` pt wide. */
const item = (str: string, x: number, y: number, width: number, size = 12): { str: string; transform: number[]; width: number; fontName: string } => ({
  str,
  transform: [size, 0, 0, size, x, y],
  width,
  fontName: 'f1',
});

/** Every page's text items and whether its rules make a table, read the slow way (all operator lists). */
async function pagesOf(rel: string): Promise<Array<{ items: unknown[]; table: boolean }>> {
  const task = pdfjs.getDocument({ data: file(rel), cMapUrl: CMAPS, cMapPacked: true, verbosity: 0, isEvalSupported: false });
  const doc = await task.promise;
  const out: Array<{ items: unknown[]; table: boolean }> = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const items = (await page.getTextContent()).items as unknown[];
    const ops = await page.getOperatorList();
    out.push({ items, table: findTables(rulingSegments(ops.fnArray, ops.argsArray, pdfjs.OPS)).length > 0 });
    page.cleanup();
  }
  await task.destroy();
  return out;
}

describe('mayHoldTable', () => {
  it('says yes to a table header row: 序号 and 教师 an em and more apart on one baseline (long-table.pdf page 3)', () => {
    expect(mayHoldTable([item('序号', 60, 761, 24), item('  ', 84, 761, 8), item('学校', 92, 770, 24), item('教师', 123, 761, 24)])).toBe(true);
  });

  it('says no to prose cut into runs at font switches, with no gap between them', () => {
    const line = [item('为做好 ', 81, 674, 40), item('2024', 121, 674, 24), item(' 年度科普示范学校认定工作，现将有关事项通知如下。', 145, 674, 292)];
    expect(mayHoldTable([...line, item('各区县科技局、各有关学校：', 57, 705, 156)])).toBe(false);
  });

  it('says yes to one run spaced across cells (LibreOffice: 姓名 年级 性别 姓名 in four cells)', () => {
    expect(mayHoldTable([item('姓名 年级 性别 姓名', 60, 700, 300)])).toBe(true);
    // The same words set close, as a line of prose would: no.
    expect(mayHoldTable([item('姓名 年级 性别 姓名', 60, 700, 100)])).toBe(false);
  });

  it('says yes to text that is not horizontal (a form turned on its page)', () => {
    expect(mayHoldTable([{ str: '序号', transform: [0, 12, -12, 0, 100, 100], width: 24 }])).toBe(true);
  });

  it.each(['samples/000_fc46f2fa053bb05e.pdf', 'samples/002_32cbd7b51d76111f.pdf', 'samples/003_db71631729e5d48d.pdf', 'test/fixtures/notices/long-table.pdf', 'test/fixtures/notices/two-row-header.pdf'])(
    'every table page of %s is fetched (said yes to, or follows a table page), and some prose page is not',
    async (rel) => {
      const pages = await pagesOf(rel);
      expect(pages.some((p) => p.table)).toBe(true);
      pages.forEach((p, i) => {
        if (p.table) expect(mayHoldTable(p.items) || (pages[i - 1]?.table ?? false)).toBe(true);
      });
      expect(pages.some((p) => !p.table && !mayHoldTable(p.items))).toBe(true);
    },
  );
});

describe('readPdf fetches operator lists only where needed', () => {
  afterEach(() => vi.restoreAllMocks());

  it('001 (5 pages of prose, no table): page 1 only', async () => {
    const pageProto = Object.getPrototypeOf(await firstPage('samples/001_683f5b3ce4c84b58.pdf')) as { getOperatorList: (...a: unknown[]) => unknown };
    const spy = vi.spyOn(pageProto, 'getOperatorList');
    const read = await readPdf(file('samples/001_683f5b3ce4c84b58.pdf'), '001.pdf');
    expect(read.pages).toBe(5);
    const pages = spy.mock.contexts.map((p) => (p as { pageNumber: number }).pageNumber);
    expect(pages).toContain(1);
    expect(pages.length).toBeLessThan(5);
  });

  it('long-table.pdf: its three table pages and page 1', async () => {
    const pageProto = Object.getPrototypeOf(await firstPage('test/fixtures/notices/long-table.pdf')) as { getOperatorList: (...a: unknown[]) => unknown };
    const spy = vi.spyOn(pageProto, 'getOperatorList');
    const read = await readPdf(file('test/fixtures/notices/long-table.pdf'), 'long-table.pdf');
    expect(new Set(spy.mock.contexts.map((p) => (p as { pageNumber: number }).pageNumber))).toEqual(new Set([1, 2, 3, 4]));
    expect(read.blocks.filter((b) => b.kind === 'table').length).toBeGreaterThan(0);
  });
});

/** A page object of pdfjs's, for its prototype. */
async function firstPage(rel: string): Promise<object> {
  const task = pdfjs.getDocument({ data: file(rel), cMapUrl: CMAPS, cMapPacked: true, verbosity: 0, isEvalSupported: false });
  const page = await (await task.promise).getPage(1);
  await task.destroy();
  return page;
}
