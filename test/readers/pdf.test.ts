/**
 * PDF reader against the sample notices: the seed texts (samples/NNN.txt) are the ground truth
 * for wording, order and paragraphs; the table shapes are those written by
 * ../shared/samples/tools/build.py (see samples/README in /work/shared/samples).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { RawBlock, RawParagraph, RawTable } from '../../src/document.js';
import { readPdf } from '../../src/readers/pdf.js';
import type { Line } from '../../src/readers/pdf-lines.js';
import type { PageLines } from '../../src/readers/pdf-paragraphs.js';
import { buildBlocks } from '../../src/readers/pdf-paragraphs.js';
import { findTables } from '../../src/readers/pdf-tables.js';

const SAMPLES = new URL('../../samples/', import.meta.url);
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, SAMPLES)));
const seedOf = (id: string): string => readFileSync(new URL(`${id}.txt`, SAMPLES), 'utf8');

/** Whitespace never counts; seed 003 marks its bold title with `**`. */
const strip = (s: string): string => s.replace(/\s+/g, '').replace(/\*\*/g, '');
const CJK = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;

interface Spec {
  id: string;
  /** Seed lines of the red head (发文机关标志), printed as positioned text in several pieces. */
  redHead: string[];
  /** Seed line endings after which the PDF continues the same paragraph (title wraps, README joins). */
  joins: string[];
  /** First and last seed line of each table's cell text. */
  tables: Array<[string, string]>;
  title: string;
}

const SPECS: Spec[] = [
  {
    id: '000_fc46f2fa053bb05e',
    redHead: [],
    joins: [],
    tables: [
      ['活动名称', '2. 活动内容涉及开放参观活动'],
      ['科普活动开展次数', '宣传报道数量'],
    ],
    title: '科技部 中央宣传部 中国科协关于举办2023年全国科技活动周的通知',
  },
  { id: '001_683f5b3ce4c84b58', redHead: [], joins: [], tables: [], title: '关于举办2023年科技活动周的通知' },
  {
    id: '002_32cbd7b51d76111f',
    redHead: ['北京市科学技术委员会、中关村科技园区管理委员会', '中共北京市委宣传部文件', '北京市科学技术协会'],
    joins: ['（第 29 届）', '认真落实《关于新', '推动科普全面融入经济、', '市教委，', '充分发挥科普', '责任到人，'],
    tables: [['科普活动开展次数', '科技周期间开放活动的大学数量']],
    title: '北京市科学技术委员会、中关村科技园区管理委员会等三部门关于举办 2023 年（第 29 届）北京科技周活动的通知',
  },
  {
    id: '003_db71631729e5d48d',
    redHead: ['科 学 技 术 部', '中 共 中 央 宣 传 部 文 件', '中 国 科 学 技 术 协 会'],
    joins: ['中国科协关于举办', '重要论述，', '微视频等', '科普进校园、', '加大对科技活动周的宣'],
    tables: [
      ['序号', '5'],
      ['科普活动开展次数', '活动周期间开放的 大学数量'],
    ],
    title: '科技部 中央宣传部 中国科协关于举办2024年全国科技活动周的通知',
  },
  {
    id: '004_fa0b0f09862d8143',
    redHead: ['中国科协 文件', '中科部'],
    joins: ['第七个“全国科技工作者日”前后，', '将科学家精神与本地区、', '线上线下讲好科学家故', '扩大活', '国谊宾馆北楼'],
    tables: [],
    title: '中国科协 科技部关于开展 2023年“全国科技工作者日”活动的通知',
  },
];

/** The seed's paragraphs as the PDF prints them: joins applied, tables and red head left out. */
function expectedParagraphs(spec: Spec): string[] {
  const lines = seedOf(spec.id)
    .split('\n')
    .filter((l) => l.trim() !== '');
  const out: string[] = [];
  let tableEnd: string | null = null;
  let joinNext = false;
  for (const line of lines) {
    const s = strip(line);
    if (tableEnd !== null) {
      if (s.startsWith(strip(tableEnd))) tableEnd = null;
      continue;
    }
    const table = spec.tables.find(([first]) => s.startsWith(strip(first)));
    if (table) {
      if (!s.startsWith(strip(table[1]))) tableEnd = table[1];
      continue;
    }
    if (spec.redHead.some((r) => strip(r) === s)) continue;
    if (joinNext) out[out.length - 1] += s;
    else out.push(s);
    joinNext = spec.joins.some((j) => s.endsWith(strip(j)));
  }
  return out;
}

const paragraphs = (blocks: RawBlock[]): RawParagraph[] => blocks.filter((b): b is RawParagraph => b.kind === 'paragraph');
const tables = (blocks: RawBlock[]): RawTable[] => blocks.filter((b): b is RawTable => b.kind === 'table');
/** Row spans of the group cells that open rows in the first column. */
const firstColumnRowSpans = (t: RawTable): number[] => t.rows.flatMap((r) => (r[0] && r[0].rowSpan > 1 ? [r[0].rowSpan] : []));
const blockText = (b: RawBlock): string => (b.kind === 'paragraph' ? b.text : b.rows.map((r) => r.map((c) => c.text).join('\t')).join('\n'));

describe.each(SPECS)('readPdf $id', (spec) => {
  const read = readPdf(bytesOf(`${spec.id}.pdf`), `${spec.id}.pdf`);

  it('has the seed text, in the seed order (red head and tables included)', async () => {
    const { blocks } = await read;
    expect(strip(blocks.map(blockText).join(''))).toBe(strip(seedOf(spec.id)));
  });

  it('prints every seed paragraph as one paragraph, in order', async () => {
    const got = paragraphs((await read).blocks).map((p) => strip(p.text));
    const redHead = strip(spec.redHead.join(''));
    let head = '';
    while (head.length < redHead.length && got.length > 0) head += got.shift();
    expect(head).toBe(redHead);
    expect(got).toEqual(expectedParagraphs(spec));
  });

  it('drops page numbers and reports pages', async () => {
    const { blocks, pages } = await read;
    expect(pages).toBeGreaterThan(1);
    for (const p of paragraphs(blocks)) expect(p.text).not.toMatch(/^[—–-]\s*\d+\s*[—–-]$/);
    expect(blocks.every((b) => b.page !== null && b.page >= 1 && b.page <= pages!)).toBe(true);
  });

  it('puts no space between two CJK characters where the seed has none', async () => {
    const seed = seedOf(spec.id);
    const texts = (await read).blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : b.rows.flat().map((c) => c.text)));
    const pattern = (s: string): RegExp => new RegExp([...strip(s)].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*'));
    for (const t of texts) {
      for (const m of t.matchAll(/ +/g)) {
        const at = m.index ?? 0;
        const before = t[at - 1];
        const after = t[at + m[0].length];
        if (!before || !after || !CJK.test(before) || !CJK.test(after)) continue;
        const left = pattern(t.slice(Math.max(0, at - 3), at)).source;
        const right = pattern(t.slice(at + m[0].length, at + m[0].length + 3)).source;
        expect(seed, `space in …${t.slice(at - 6, at + 6)}…`).toMatch(new RegExp(`${left}[\\s\\u3000\\u00a0]+${right}`));
      }
    }
  });

  it('gives the title as one centred, bold paragraph', async () => {
    const titles = paragraphs((await read).blocks).filter((p) => strip(p.text) === strip(spec.title));
    expect(titles).toHaveLength(1);
    expect(titles[0]?.layout).toMatchObject({ align: 'center', bold: true, fontSize: 22 });
  });

  it('measures body paragraphs: justified, 16 pt, two-character indent', async () => {
    const body = paragraphs((await read).blocks).filter((p) => p.text.length > 80 && p.layout?.fontSize === 16);
    expect(body.length).toBeGreaterThan(3);
    const indented = body.filter((p) => p.layout?.indentChars === 2 && p.layout.align === 'justify');
    expect(indented.length).toBeGreaterThan(body.length * 0.6);
  });
});

describe('readPdf tables', () => {
  it('000: a 2-column 备案表 with a five-line option cell and a 3-column 统计表', async () => {
    const t = tables((await readPdf(bytesOf('000_fc46f2fa053bb05e.pdf'), '000.pdf')).blocks);
    expect(t).toHaveLength(2);
    const [form, stats] = t as [RawTable, RawTable];
    expect(form.rows).toHaveLength(9);
    expect(form.rows.every((r) => r.length === 2)).toBe(true);
    const options = form.rows[2]?.[1]?.text ?? '';
    // Five typed lines; the second wrapped in the cell and is joined again.
    expect(options.split('\n').map(strip)).toEqual([
      '科普教育基地分支机构科技志愿团队',
      '会员所在单位（理事单位会员普通单位会员个人会员所在单位）',
      '地方仪器仪表学会',
      '与本学会相关的其他组织或科技工作者，',
      '请注明__________________________',
    ]);
    expect(form.rows[0]?.[0]?.text).toBe('活动名称');
    expect(stats.rows).toHaveLength(17);
    expect(stats.rows[0]).toHaveLength(3);
    expect(firstColumnRowSpans(stats)).toEqual([2, 7, 4, 2, 2]);
    expect(stats.rows[9]?.[0]?.text).toBe('科普工作人员\n参与数量'); // a typed break stays
    expect(stats.page).toBe(8);
  });

  it('002: rowspans 2/5/4/2/2 and three labels spanning two columns', async () => {
    const t = tables((await readPdf(bytesOf('002_32cbd7b51d76111f.pdf'), '002.pdf')).blocks);
    expect(t).toHaveLength(1);
    const stats = t[0] as RawTable;
    expect(firstColumnRowSpans(stats)).toEqual([2, 5, 4, 2, 2]);
    expect(stats.rows[7]?.[0]?.text).toBe('科普工作人员参与数量'); // wrapped in the cell, joined again
    const wide = stats.rows.flat().filter((c) => c.colSpan === 2);
    expect(wide.map((c) => strip(c.text))).toEqual(['科技周期间开放的科普场馆数量', '科技周期间开放活动的科研机构数量', '科技周期间开放活动的大学数量']);
  });

  it('003: a 6 × 6 推荐表 and a 统计表 with rowspans 7/4/2/2 and colspans', async () => {
    const t = tables((await readPdf(bytesOf('003_db71631729e5d48d.pdf'), '003.pdf')).blocks);
    expect(t).toHaveLength(2);
    const [nominate, stats] = t as [RawTable, RawTable];
    expect(nominate.rows).toHaveLength(6);
    expect(nominate.rows.every((r) => r.length === 6 && r.every((c) => c.rowSpan === 1 && c.colSpan === 1))).toBe(true);
    expect(nominate.rows[0]?.map((c) => c.text)).toEqual(['序号', '活动名称', '活动简介', '举办时间、地点', '推荐单位', '联系人及电话']);
    expect(stats.rows[0]?.[0]).toMatchObject({ text: '科普活动开展次数', colSpan: 2 });
    expect(firstColumnRowSpans(stats)).toEqual([7, 4, 2, 2]);
    expect(stats.rows.slice(-3).map((r) => r[0]?.colSpan)).toEqual([2, 2, 2]);
  });

  it('001 and 004 have no tables (a 版记 rule pair is not one)', async () => {
    for (const id of ['001_683f5b3ce4c84b58', '004_fa0b0f09862d8143']) {
      expect(tables((await readPdf(bytesOf(`${id}.pdf`), id)).blocks)).toEqual([]);
    }
  });

  it('finds spans from missing interior rules', () => {
    const h = (y: number, x0: number, x1: number) => ({ x0, x1, y0: y, y1: y });
    const v = (x: number, y0: number, y1: number) => ({ x0: x, x1: x, y0, y1 });
    // 3 × 3 grid: the top-left cell spans two rows, the bottom row is one cell across.
    const grid = findTables([h(300, 0, 300), h(200, 100, 300), h(100, 0, 300), h(0, 0, 300), v(0, 0, 300), v(100, 100, 300), v(200, 100, 300), v(300, 0, 300)]);
    expect(grid).toHaveLength(1);
    expect(grid[0]?.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan])).toEqual([
      [0, 0, 2, 1],
      [0, 1, 1, 1],
      [0, 2, 1, 1],
      [1, 1, 1, 1],
      [1, 2, 1, 1],
      [2, 0, 1, 3],
    ]);
    expect(findTables([h(300, 0, 300), h(0, 0, 300)])).toEqual([]);
  });
});

describe('buildBlocks on an A4 page with a 80–520 pt text frame', () => {
  const line = (text: string, x: number, end: number, y: number, size = 16): Line => ({ text, x, end, y, size, bold: false, chars: text.length });
  const page = (n: number, lines: Line[]): PageLines => ({
    page: n,
    bottom: 0,
    top: 842,
    // A running header and a page number on every page.
    lines: [line('某某市科学技术局文件', 80, 240, 800), ...lines, line(`- ${n} -`, 290, 310, 50, 14)],
    tables: [],
  });
  const blocks = buildBlocks([
    page(1, [
      line('关于举办活动的', 190, 410, 700, 22),
      line('通知', 278, 322, 664, 22),
      line('各单位：', 80, 144, 620),
      line('第一段首行缩进两个字符并且一直写到', 112, 520, 592),
      line('右边距，下一行接着写', 80, 520, 564),
      line('到页底还没有写完的句子', 80, 520, 536),
    ]),
    page(2, [line('在这一页写完。', 80, 192, 700), line('第二段。', 112, 176, 672), line('单位名称', 380, 480, 600)]),
    page(3, [line('第三段开头。', 112, 208, 700)]),
  ]) as RawParagraph[];

  it('drops running headers and page numbers, joins wraps and page breaks', () => {
    expect(blocks.map((b) => [b.text, b.page, b.layout?.align])).toEqual([
      ['关于举办活动的通知', 1, 'center'],
      ['各单位：', 1, 'left'],
      ['第一段首行缩进两个字符并且一直写到右边距，下一行接着写到页底还没有写完的句子在这一页写完。', 1, 'justify'],
      ['第二段。', 2, 'left'],
      ['单位名称', 2, 'right'],
      ['第三段开头。', 3, 'left'],
    ]);
    expect(blocks[2]?.layout).toMatchObject({ indentChars: 2, fontSize: 16 });
  });
});

describe('buildBlocks on a flush-left text file laid out by LibreOffice (n201, 10 pt, ragged right edge near 537 pt)', () => {
  const line = (text: string, end: number, y: number): Line => ({ text, x: 56.8, end, y, size: 10, bold: false, chars: text.length });
  const blocks = buildBlocks([
    {
      page: 1,
      bottom: 0,
      top: 842,
      tables: [],
      lines: [
        line('新冠肺炎疫情发生以来,全国人民坚韧奉献、团结协作,构筑起同心战疫的坚固防线。为传', 534.8, 759),
        line('递抗疫温暖,宣传抗疫精神,进一步普及心理健康知识,引导广大同学积极悦纳自我,培养自信乐观的心理品质', 536.8, 744.4),
        line('经研究,决定举办第三届大学生创意海报设计比赛,相关事宜通知如下。', 282.8, 729.8),
        line('一、比赛主题', 116.8, 715.2),
        line('积极接纳自我·“疫”起自信成长', 198.8, 700.7),
        line('二、参赛对象', 116.8, 686.1),
        line('全体在校本科生、研究生', 166.8, 671.6),
        line('三、赛程安排', 116.8, 657.1),
        line('四、作品要求', 116.8, 598.8),
        line('(不含 5 人),作品符合本届大学生创意海报设计比赛主题。作品必须原创且首次发布,严禁抄袭,一经发现,取', 532.8, 569.7),
        line('消参赛资格。', 116.8, 555.1),
        line('请各学院于 10 月 18 日之前将附件报名表发送至汽车与交通工程学院心晴社邮箱(邮', 424.8, 526),
        line('箱:2564961240@qq.com;赛事 QQ 交流群:939367406),后续将在赛事 QQ 交流群通知第二课堂成绩单报名', 534.8, 511.4),
        line('事宜。', 86.8, 496.8),
      ],
    },
  ]) as RawParagraph[];

  it('the edge is where the long lines end, not where a run of short headings ends; a line that stops short before an unbreakable word wrapped', () => {
    expect(blocks.map((b) => b.text)).toEqual([
      '新冠肺炎疫情发生以来,全国人民坚韧奉献、团结协作,构筑起同心战疫的坚固防线。为传递抗疫温暖,宣传抗疫精神,进一步普及心理健康知识,引导广大同学积极悦纳自我,培养自信乐观的心理品质经研究,决定举办第三届大学生创意海报设计比赛,相关事宜通知如下。',
      '一、比赛主题',
      '积极接纳自我·“疫”起自信成长',
      '二、参赛对象',
      '全体在校本科生、研究生',
      '三、赛程安排',
      '四、作品要求',
      '(不含 5 人),作品符合本届大学生创意海报设计比赛主题。作品必须原创且首次发布,严禁抄袭,一经发现,取消参赛资格。',
      '请各学院于 10 月 18 日之前将附件报名表发送至汽车与交通工程学院心晴社邮箱(邮箱:2564961240@qq.com;赛事 QQ 交流群:939367406),后续将在赛事 QQ 交流群通知第二课堂成绩单报名事宜。',
    ]);
  });
});

describe('readPdf errors', () => {
  const codeOf = async (bytes: Uint8Array): Promise<unknown> => readPdf(bytes, 'x.pdf').then(() => 'no error', (e: { code?: unknown }) => e.code);

  it('refuses a scan with no_text_layer', async () => {
    await expect(readPdf(bytesOf('003_db71631729e5d48d_scanned.pdf'), 'scan.pdf', undefined, 'off')).rejects.toMatchObject({
      name: 'IngestError',
      code: 'no_text_layer',
      message: expect.stringMatching(/8 pages of images and no text layer; OCR is off/),
    });
  });

  it('refuses a truncated file with corrupt_file', async () => {
    const whole = bytesOf('001_683f5b3ce4c84b58.pdf');
    expect(await codeOf(whole.slice(0, Math.floor(whole.length * 0.3)))).toBe('corrupt_file');
    expect(await codeOf(new TextEncoder().encode('%PDF-1.7\nnot really a PDF\n'))).toBe('corrupt_file');
  });

  it('refuses an encrypted file with encrypted_file', async () => {
    // samples/hard/encrypted.pdf: qpdf --encrypt user owner 256 -- samples/001….pdf
    expect(await codeOf(bytesOf('hard/encrypted.pdf'))).toBe('encrypted_file');
  });

  it('refuses text from a broken ToUnicode map with no_text_layer', async () => {
    const err = await readPdf(privateUsePdf(), 'pua.pdf', undefined, 'off').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'no_text_layer', message: expect.stringMatching(/broken ToUnicode/) });
  });

  it('prints nothing: stdout carries the JSON record', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    const whole = bytesOf('000_fc46f2fa053bb05e.pdf');
    await readPdf(whole, '000.pdf');
    for (const bad of [whole.slice(0, 5000), bytesOf('hard/encrypted.pdf'), privateUsePdf()]) await codeOf(bad);
    expect([write.mock.calls, log.mock.calls, warn.mock.calls]).toEqual([[], [], []]);
    vi.restoreAllMocks();
  });

  it('leaves the caller’s bytes usable, also when they are a Node Buffer', async () => {
    const buffer = readFileSync(new URL('001_683f5b3ce4c84b58.pdf', SAMPLES));
    const length = buffer.byteLength;
    await readPdf(buffer, '001.pdf');
    expect(buffer.byteLength).toBe(length);
    expect(buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

/** A one-page PDF whose Helvetica text maps, through its ToUnicode CMap, to private-use characters. */
function privateUsePdf(): Uint8Array {
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CMapName /Junk def 1 begincodespacerange <00> <FF> endcodespacerange',
    '1 beginbfrange <20> <7E> <E000> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  const content = 'BT /F1 24 Tf 72 720 Td (Some words that a broken map turns to junk) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Length ${cmap.length} >>\nstream\n${cmap}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}
