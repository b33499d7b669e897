/**
 * Tests of the DOCX reader: the five sample notices against their seed texts, their titles
 * and tables, broken files, and small hand-built documents for what the samples lack
 * (checkboxes, notes, nested tables, direct formatting).
 */
import { readFileSync, readdirSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { RawBlock, RawParagraph, RawTable } from '../../src/document.js';
import { assembleDoc } from '../../src/readers/assemble.js';
import { joinLayoutLines, readDocx } from '../../src/readers/docx.js';
import { parseStyles } from '../../src/readers/docx-styles.js';

const SAMPLES = new URL('../../samples/', import.meta.url);
const sampleNames = readdirSync(SAMPLES)
  .filter((f) => /^\d{3}_[0-9a-f]+\.docx$/.test(f))
  .map((f) => f.replace(/\.docx$/, ''))
  .sort();
const sampleBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.docx`, SAMPLES)));
const sample = (prefix: string): Promise<RawBlock[]> => {
  const name = sampleNames.find((n) => n.startsWith(prefix));
  if (!name) throw new Error(`no sample ${prefix}`);
  return readDocx(sampleBytes(name), `${name}.docx`).then((r) => r.blocks);
};

const squash = (s: string): string => s.replace(/\s/g, '');
const paragraphs = (blocks: RawBlock[]): RawParagraph[] => blocks.filter((b): b is RawParagraph => b.kind === 'paragraph');
const tables = (blocks: RawBlock[]): RawTable[] => blocks.filter((b): b is RawTable => b.kind === 'table');
const blockText = (b: RawBlock): string => (b.kind === 'paragraph' ? b.text : b.rows.flat().map((c) => c.text).join(''));
const tableWith = (blocks: RawBlock[], text: string): RawTable => {
  const t = tables(blocks).find((tb) => tb.rows.flat().some((c) => squash(c.text).includes(text)));
  if (!t) throw new Error(`no table with ${text}`);
  return t;
};
/** Grid width of a table once spans are expanded, as later stages see it. */
const columns = (t: RawTable): number => {
  const doc = assembleDoc({ blocks: [t], pages: null, encoding: null }, { fileName: 'x', format: 'docx', sha256: '', bytes: 0 });
  const laid = doc.blocks[0];
  return laid?.kind === 'table' ? laid.columns : 0;
};
const firstColumnRowSpans = (t: RawTable): number[] =>
  t.rows.filter((r) => r.length === 3).map((r) => r[0]?.rowSpan ?? 0);

describe('readDocx on the sample notices', () => {
  it('finds all five samples', () => {
    expect(sampleNames.map((n) => n.slice(0, 3))).toEqual(['000', '001', '002', '003', '004']);
  });

  it.each(sampleNames)('%s: paragraphs and cells hold exactly the seed text', async (name) => {
    const result = await readDocx(sampleBytes(name), `${name}.docx`);
    expect(result.pages).toBeNull();
    expect(result.encoding).toBeNull();
    // The seed marks bold with ** (003); the DOCX has real bold instead.
    const seed = readFileSync(new URL(`${name}.txt`, SAMPLES), 'utf8').replace(/\*\*/g, '');
    expect(squash(result.blocks.map(blockText).join(''))).toBe(squash(seed));
    for (const b of result.blocks) expect(b.page).toBeNull();
  });

  it.each([
    ['000', '科技部 中央宣传部 中国科协关于举办2023年全国科技活动周的通知'],
    ['001', '关于举办2023年科技活动周的通知'],
    ['002', '北京市科学技术委员会、中关村科技园区管理委员会等三部门关于举办 2023 年（第 29 届）北京科技周活动的通知'],
    ['003', '科技部 中央宣传部 中国科协关于举办2024年全国科技活动周的通知'],
  ])('%s: the title, broken by manual line breaks, is one centred bold paragraph', async (prefix, title) => {
    // The title is the first bold paragraph (002 and 003 print the 发文字号 above it).
    const title0 = paragraphs(await sample(prefix)).find((b) => b.layout?.bold);
    expect(title0?.text).toBe(title);
    expect(title0?.layout).toMatchObject({ align: 'center', bold: true, fontSize: 22 });
  });

  it('000: body layout — indent, right-aligned signature and date, headers and footers left out', async () => {
    const ps = paragraphs(await sample('000'));
    const body = ps.find((p) => p.text.includes('2023年是全面贯彻党的二十大精神'));
    expect(body?.layout).toMatchObject({ align: 'justify', bold: false, fontSize: 16, indentChars: 2 });
    expect(ps.find((p) => p.text === '2023年4月15日')?.layout?.align).toBe('right');
    expect(ps.some((p) => /—\s*\d+\s*—/.test(p.text))).toBe(false);
  });

  it('000: the 备案表 has 2 columns and keeps the five option lines of one cell', async () => {
    const t = tableWith(await sample('000'), '活动名称');
    expect(columns(t)).toBe(2);
    const options = t.rows.flat().find((c) => c.text.includes('科普教育基地'));
    expect(options?.text.split('\n')).toHaveLength(5);
    expect(options?.text.split('\n')[2]).toBe('地方仪器仪表学会');
  });

  it('000: the 统计表 has 3 columns, group rowSpans 2/7/4/2/2 and line breaks inside labels', async () => {
    const t = tableWith(await sample('000'), '举办活动次数');
    expect(columns(t)).toBe(3);
    expect(firstColumnRowSpans(t)).toEqual([2, 7, 4, 2, 2]);
    const texts = t.rows.flat().map((c) => c.text);
    expect(texts).toContain('活动经费投入数量\n（单位：万元）');
    expect(texts).toContain('科普工作人员\n参与数量');
  });

  it('002: the 统计表 has rowSpans 2/5/4/2/2 and three label cells spanning 2 columns', async () => {
    const t = tableWith(await sample('002'), '举办活动次数');
    expect(columns(t)).toBe(3);
    expect(firstColumnRowSpans(t)).toEqual([2, 5, 4, 2, 2]);
    const wide = t.rows.flat().filter((c) => c.colSpan === 2);
    expect(wide.map((c) => c.text)).toEqual([
      '科技周期间开放的科普场馆数量',
      '科技周期间开放活动的科研机构数量',
      '科技周期间开放活动的大学数量',
    ]);
  });

  it('003: the 推荐表 is 6 columns × 6 rows', async () => {
    const t = tableWith(await sample('003'), '联系人及电话');
    expect(t.rows).toHaveLength(6);
    expect(columns(t)).toBe(6);
    expect(t.rows[0]?.map((c) => c.text)).toEqual(['序号', '活动名称', '活动简介', '举办时间、地点', '推荐单位', '联系人及电话']);
    expect(t.rows.map((r) => r[0]?.text)).toEqual(['序号', '1', '2', '3', '4', '5']);
  });

  it.each(['002', '003', '004'])('%s: the red head comes first, as a table holding 文件', async (prefix) => {
    const first = (await sample(prefix))[0];
    expect(first?.kind).toBe('table');
    expect(first && first.kind === 'table' && first.rows.flat().some((c) => squash(c.text) === '文件')).toBe(true);
  });

  it('004: 文件 spans both organ rows of the red head', async () => {
    const head = tables(await sample('004'))[0];
    expect(head?.rows.map((r) => r.map((c) => [c.text, c.rowSpan]))).toEqual([
      [
        ['中国科协', 1],
        ['文件', 2],
      ],
      [['中科部', 1]],
    ]);
  });

  it.each(['003', '004'])('%s: the 版记 is the last block, a table ending in 印发', async (prefix) => {
    const last = (await sample(prefix)).at(-1);
    expect(last?.kind).toBe('table');
    expect(last && blockText(last).endsWith('印发')).toBe(true);
  });
});

describe('readDocx on broken files', () => {
  const expectCorrupt = async (bytes: Uint8Array): Promise<void> => {
    await expect(readDocx(bytes, 'broken.docx')).rejects.toMatchObject({
      name: 'IngestError',
      code: 'corrupt_file',
      stage: 'read',
      file: 'broken.docx',
      message: expect.stringMatching(/^broken\.docx: not a readable DOCX: \S/),
    });
  };

  it('a truncated DOCX (first half of the bytes) is corrupt_file', async () => {
    const bytes = sampleBytes(sampleNames[0] ?? '');
    await expectCorrupt(bytes.subarray(0, Math.floor(bytes.length / 2)));
  });

  it('a ZIP holding only hello.txt is corrupt_file', async () => {
    const zip = await new JSZip().file('hello.txt', 'hello').generateAsync({ type: 'uint8array' });
    await expectCorrupt(zip);
  });

  it('a DOCX whose document.xml is not XML is corrupt_file', async () => {
    await expectCorrupt(await makeDocx('', { 'word/document.xml': '<w:document><w:body><w:p>' }));
  });
});

// ── hand-built documents ──────────────────────────────────────────────────────────────────────

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

async function makeDocx(body: string, parts: Record<string, string> = {}): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `${xmlHead}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    '_rels/.rels',
    `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    'word/document.xml',
    `${xmlHead}<w:document xmlns:w="${W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:body>${body}</w:body></w:document>`,
  );
  for (const [path, text] of Object.entries(parts)) zip.file(path, text);
  return zip.generateAsync({ type: 'uint8array' });
}

const p = (inner: string, pPr = ''): string => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${inner}</w:p>`;
const r = (text: string, rPr = ''): string => `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
const br = '<w:r><w:br/></w:r>';
const tc = (inner: string, tcPr = ''): string => `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${inner}</w:tc>`;
const tbl = (...rows: string[][]): string => `<w:tbl>${rows.map((cells) => `<w:tr>${cells.join('')}</w:tr>`).join('')}</w:tbl>`;
const read = async (body: string, parts?: Record<string, string>): Promise<RawBlock[]> =>
  (await readDocx(await makeDocx(body, parts), 'made.docx')).blocks;

describe('readDocx on hand-built documents', () => {
  it('keeps checkbox characters and maps form and content-control checkboxes to ☑/□', async () => {
    const sdt = (checked: boolean): string =>
      `<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="${checked ? 1 : 0}"/></w14:checkbox></w:sdtPr><w:sdtContent>${r('☐')}</w:sdtContent></w:sdt>`;
    const formField = (checked: boolean): string =>
      `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="${checked ? 1 : 0}"/></w:checkBox></w:ffData></w:fldChar></w:r>` +
      `<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;
    const blocks = await read(
      p(r('typed：□ ☐ ■ √ ☑')) + p(`${sdt(true)}${r('是')}${sdt(false)}${r('否')}`) + p(`${formField(true)}${r('甲')}${formField(false)}${r('乙')}`),
    );
    expect(paragraphs(blocks).map((b) => b.text)).toEqual(['typed：□ ☐ ■ √ ☑', '☑是□否', '☑甲□乙']);
  });

  it('joins line-broken body lines: nothing between CJK, a space between Latin words', async () => {
    const blocks = await read(p(`${r('关于举办')}${br}${r('2023年活动')}`) + p(`${r('see the')}${br}${r('notice 2023')}${br}${br}${r('年')}`));
    expect(paragraphs(blocks).map((b) => b.text)).toEqual(['关于举办2023年活动', 'see the notice 2023年']);
  });

  it('splits a paragraph at a page break', async () => {
    const blocks = await read(p(`${r('正文完。')}<w:r><w:br w:type="page"/></w:r>${r('附件')}`));
    expect(paragraphs(blocks).map((b) => b.text)).toEqual(['正文完。', '附件']);
  });

  it('keeps line structure in cells, spans, and flattens a nested table into its cell', async () => {
    const nested = tbl([tc(p(r('甲'))), tc(p(r('乙')))], [tc(p(r('丙'))), tc(p(r('丁')))]);
    const blocks = await read(
      tbl(
        [tc(p(`${r('经费')}${br}${r('（万元）')}`), '<w:vMerge w:val="restart"/>'), tc(p(r('中央'))), tc(p(r('一')) + p(r('二')))],
        [tc(p(''), '<w:vMerge/>'), tc(p(r('外层')) + nested, '<w:gridSpan w:val="2"/>')],
      ),
    );
    expect(tables(blocks)).toHaveLength(1);
    expect(tables(blocks)[0]?.rows).toEqual([
      [
        { text: '经费\n（万元）', rowSpan: 2, colSpan: 1 },
        { text: '中央', rowSpan: 1, colSpan: 1 },
        { text: '一\n二', rowSpan: 1, colSpan: 1 },
      ],
      [{ text: '外层\n甲 乙\n丙 丁', rowSpan: 1, colSpan: 2 }],
    ]);
  });

  it('appends footnotes after the body, in reference order', async () => {
    const footnotes = `${xmlHead}<w:footnotes xmlns:w="${W}"><w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1">${p(r('脚注一'))}</w:footnote><w:footnote w:id="2">${p(r('脚注二'))}</w:footnote></w:footnotes>`;
    const rels = `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="${REL}/footnotes" Target="footnotes.xml"/></Relationships>`;
    const ref = (id: number): string => `<w:r><w:footnoteReference w:id="${id}"/></w:r>`;
    const blocks = await read(p(`${r('正文')}${ref(2)}${r('继续')}${ref(1)}`) + p(r('末段')), {
      'word/footnotes.xml': footnotes,
      'word/_rels/document.xml.rels': rels,
    });
    expect(paragraphs(blocks).map((b) => b.text)).toEqual(['正文继续', '末段', '脚注二', '脚注一']);
  });

  it('reads alignment, bold and size from styles (basedOn, default style) and direct formatting', async () => {
    const styles = `${xmlHead}<w:styles xmlns:w="${W}"><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>
      <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:jc w:val="both"/><w:ind w:firstLine="640"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="T"><w:name w:val="My Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:ind w:hanging="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style></w:styles>`;
    const rels = `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
    const blocks = await read(
      p(r('标题'), '<w:pStyle w:val="T"/>') + p(r('正文')) + p(r('落款'), '<w:jc w:val="right"/>') + p(r('粗') + r('细'), '') + p(r('全粗', '<w:b/>')),
      { 'word/styles.xml': styles, 'word/_rels/document.xml.rels': rels },
    );
    expect(paragraphs(blocks).map((b) => [b.text, b.layout])).toEqual([
      ['标题', { align: 'center', bold: true, fontSize: 22, indentChars: 0 }],
      ['正文', { align: 'justify', bold: false, fontSize: 16, indentChars: 2 }],
      ['落款', { align: 'right', bold: false, fontSize: 16, indentChars: 2 }],
      ['粗细', { align: 'justify', bold: false, fontSize: 16, indentChars: 2 }],
      ['全粗', { align: 'justify', bold: true, fontSize: 16, indentChars: 2 }],
    ]);
  });
});

describe('joinLayoutLines', () => {
  it.each([
    [['科技部 中央宣传部 中国科协关于举办', '2023年全国科技活动周的通知'], '科技部 中央宣传部 中国科协关于举办2023年全国科技活动周的通知'],
    [['关于举办 ', '2023 年', '（第 29 届）'], '关于举办2023 年（第 29 届）'],
    [['Science', 'Week'], 'Science Week'],
    [['Hello,', 'world'], 'Hello, world'],
    [['第29', '届'], '第29届'],
    [['', '　　正文', '  '], '　　正文'],
  ])('%j → %s', (lines, joined) => {
    expect(joinLayoutLines(lines)).toBe(joined);
  });
});

describe('parseStyles', () => {
  it('resolves basedOn chains, lets a child switch bold off, and survives cycles', () => {
    const styles = parseStyles(
      `<w:styles xmlns:w="${W}"><w:style w:type="paragraph" w:styleId="A"><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>` +
        `<w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/><w:rPr><w:b w:val="0"/></w:rPr></w:style>` +
        `<w:style w:type="paragraph" w:styleId="C"><w:basedOn w:val="D"/></w:style><w:style w:type="paragraph" w:styleId="D"><w:basedOn w:val="C"/><w:pPr><w:jc w:val="end"/></w:pPr></w:style></w:styles>`,
    );
    expect(styles.paragraph('A')).toEqual({ align: 'center', bold: true });
    expect(styles.paragraph('B')).toEqual({ align: 'center', bold: false });
    expect(styles.paragraph('C')).toEqual({ align: 'right' });
    expect(styles.paragraph('missing')).toEqual({});
  });
});
