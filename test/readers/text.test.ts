/**
 * Plain-text notices: encodings decided from the bytes, tables from tabs and pipes, and
 * paragraphs that a page break of the original cut in two.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBytes } from '../../src/readers/index.js';
import { continues, decodeText, pipeRows } from '../../src/readers/text.js';
import { SAMPLES } from '../helpers.js';

const SENTENCE = '请于6月30日前将总结报告报送科技部。';
const utf16 = (s: string, le: boolean): Uint8Array => {
  const b = Buffer.from(s, 'utf16le');
  if (!le) for (let i = 0; i < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1] as number, b[i] as number];
  return new Uint8Array(Buffer.concat([Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]), b]));
};

describe('decodeText', () => {
  it.each([
    ['UTF-8', new TextEncoder().encode(SENTENCE), 'utf-8'],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(SENTENCE)]), 'utf-8'],
    ['UTF-16LE with BOM', utf16(SENTENCE, true), 'utf-16le'],
    ['UTF-16BE with BOM', utf16(SENTENCE, false), 'utf-16be'],
    ['UTF-16LE without BOM', new Uint8Array(Buffer.from(`${SENTENCE} Tel 010-58881428`, 'utf16le')), 'utf-16le'],
  ])('%s', (_name, bytes, encoding) => {
    const d = decodeText(bytes);
    expect(d?.encoding).toBe(encoding);
    expect(d?.text.replace(/ Tel.*$/, '')).toBe(SENTENCE);
  });

  it('GBK bytes (seed 001 converted with iconv) decode as GB18030 to the UTF-8 seed', () => {
    const gbk = decodeText(new Uint8Array(readFileSync(join(SAMPLES, '001_683f5b3ce4c84b58_gbk.txt'))));
    expect(gbk?.encoding).toBe('gb18030');
    expect(gbk?.text).toBe(readFileSync(join(SAMPLES, '001_683f5b3ce4c84b58.txt'), 'utf8'));
  });

  it('random bytes are not text', () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    expect(decodeText(bytes)).toBeNull();
  });
});

describe('tables in text', () => {
  it('pipe rows without outer pipes keep an empty first cell (` | 项目编号 | …` under a row-spanning 项目信息); Markdown rows lose their outer pipes', async () => {
    const copy = await readBytes(new TextEncoder().encode('表\n项目信息 | 项目名称 |  | \n | 项目编号 |  | \n'), 't.txt');
    const t1 = copy.blocks.find((b) => b.kind === 'table');
    expect(t1?.kind === 'table' && t1.rows.map((r) => r.map((c) => c.text))).toEqual([['项目信息', '项目名称', ''], ['', '项目编号', '']]);
    const md = await readBytes(new TextEncoder().encode('表\n| 姓名 | 单位 |\n|---|---|\n| 张三 | 一中 |\n'), 't.txt');
    const t2 = md.blocks.find((b) => b.kind === 'table');
    expect(t2?.kind === 'table' && t2.rows.map((r) => r.map((c) => c.text))).toEqual([['姓名', '单位'], ['张三', '一中']]);
  });

  it('tab-separated rows (seed 002 统计表) keep the empty value cells and regain the group row spans', async () => {
    const doc = await readBytes(new TextEncoder().encode('标题\n科普活动开展次数\t举办活动次数\t\n\t承接北京市科普活动个数\t\n其他\t\t\n'), 't.txt');
    const table = doc.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.map((r) => r.map((c) => [c.text, c.rowSpan, c.col]))).toEqual([
      [['科普活动开展次数', 2, 0], ['举办活动次数', 1, 1], ['', 1, 2]],
      [['承接北京市科普活动个数', 1, 1], ['', 1, 2]],
      [['其他', 1, 0], ['', 1, 1], ['', 1, 2]],
    ]);
  });

  it('one cell per line with a leading tab, rows split by blank lines, cells continued on plain lines (seed 000 备案表)', async () => {
    const text = '备案表\n\n\t活动名称\n\t\n\n\t联系方式\n\t（电话/手机/邮箱）\n\n\t项目简介\n\t（1.主要活动内容。\n2. 活动地址等。）\n\n注：说明。\n';
    const doc = await readBytes(new TextEncoder().encode(text), 't.txt');
    const table = doc.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['活动名称', ''],
      ['联系方式', '（电话/手机/邮箱）'],
      ['项目简介', '（1.主要活动内容。\n2. 活动地址等。）'],
    ]);
    expect(doc.blocks.at(-1)).toMatchObject({ kind: 'paragraph', text: '注：说明。' });
  });

  it('pipe tables, with the rule line dropped', async () => {
    const doc = await readBytes(new TextEncoder().encode('| 序号 | 姓名 | 单位 |\n|---|---|---|\n| 1 | | |\n'), 't.txt');
    const table = doc.blocks[0];
    expect(table?.kind === 'table' && table.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['序号', '姓名', '单位'],
      ['1', '', ''],
    ]);
  });

  it('rows of two cells with one ` | ` between them, two or more in a run, are a table (f158 作品概况); a lone one is a line', async () => {
    const doc = await readBytes(new TextEncoder().encode('信息安全作品概况\n作品名称 | 面向多架构Linux内核的并发安全静态分析\n应用前景 （请罗列作品在哪些应用场景可以推广） | 1. 通用Linux智能设备与服务器\n'), 't.txt');
    const table = doc.blocks[1];
    expect(table?.kind === 'table' && table.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['作品名称', '面向多架构Linux内核的并发安全静态分析'],
      ['应用前景 （请罗列作品在哪些应用场景可以推广）', '1. 通用Linux智能设备与服务器'],
    ]);
    const lone = await readBytes(new TextEncoder().encode('首页 | 通知公告\n关于举办竞赛的通知\n'), 't.txt');
    expect(lone.blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph']);
  });

  it('a pipe opening only some rows closes an empty first cell (n148: 县(区) over an empty cell, 小计 …)', () => {
    const rows = pipeRows(['县(区) | 卫生固定标语刷写及媒体播报情况(条) | 备 注 |', '| 小计 | 墙体刷写 | 电视播放 | 固定时段广播信息 | 其它 | |', '市州合计 | | | | | | |']);
    expect(rows.map((r) => r.map((c) => c.text))).toEqual([
      ['县(区)', '卫生固定标语刷写及媒体播报情况(条)', '备 注'],
      ['', '小计', '墙体刷写', '电视播放', '固定时段广播信息', '其它', ''],
      ['市州合计', '', '', '', '', '', ''],
    ]);
  });

  it('every cell offset points at its text in the full text', async () => {
    const doc = await readBytes(new Uint8Array(readFileSync(join(SAMPLES, '003_db71631729e5d48d.txt'))), '003.txt');
    for (const b of doc.blocks) {
      expect(doc.text.slice(b.start, b.end)).toBe(b.kind === 'paragraph' ? b.text : b.rows.map((r) => r.map((c) => c.text).join('\t')).join('\n'));
      if (b.kind === 'table') for (const c of b.rows.flat()) expect(doc.text.slice(c.start, c.end)).toBe(c.text);
    }
  });
});

describe('paragraphs cut by a page break', () => {
  it.each([
    ['seed 002: 认真落实《关于新 / 时代…', '2023 年是全面贯彻落实党的二十大精神的开局之年，是实施《北京市“十四五”时期国际科技创新中心建设规划》承上启下的关键之年。为全面贯彻党的二十大精神，认真落实《关于新', '时代进一步加强科学技术普及工作的意见》要求', true],
    ['seed 004: an address that wrapped its room number', '地址：北京市西城区文兴东街 1 号国谊宾馆北楼', '1323 房间（100044）', true],
    ['a heading after a sentence', '各地方各部门要紧扣主题，把举办全国科技活动周作为贯彻落实的一项重要任务来抓，办出特色。', '（二）增进联动，加强宣传。', false],
    ['a title line and the 文号 under it', '科技部 中央宣传部 中国科协关于举办2023年全国科技活动周的通知', '国科函才〔2023〕65号', false],
    ['a short contact line', '联系人：栗英轩、李杨', '联系电话：55577988、88827919', false],
    ['option lists laid out line by line', '科普教育基地    分支机构      科技志愿团队     地方仪器仪表学会', '会员所在单位    与本学会相关的其他组织或科技工作者，请注明_____________', false],
    ['n110: a row of a page copied from a table ends with |', '關于組織開展2020年度江蘇省首臺(套)重大裝備推薦申報工作的通知 |', '發布日期:2020-10-27 來源:武進高新區管委會 瀏覽次數: 字號:〖大 中 小〗 |', false],
    ['a 附件 list line ending in a file name, the signature under it', '附件:闽科协普〔2024〕20号福建省科协等21部门关于举办福建省2024年全国科普日活动的通知.pdf', '科研部', false],
    ['n234: a forum post line ends with its timestamp, the title under it', '学习再学习 发表于 2022-1-29 15:45:08', '“红色新晃·文化侗乡”主题征文活动', false],
    ['a line pushed far right is a signature or a date', '请各学院于11月20日前将推荐材料报送至研究生院培养办公室，逾期不予受理，请相互转告', '                        研究生院', false],
  ])('%s', (_name, prev, next, joined) => {
    expect(continues(prev, next)).toBe(joined);
  });
});
