/**
 * Headed rooms to write in (src/extract/forms/rooms.ts), with the real rows and lines of the
 * forms corpus that taught them (test/fixtures/forms-real f111, f107, f133, f155; forms/real f006,
 * f003, f030, f018).
 */
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../src/document.js';
import { bareForm } from '../../src/extract/forms/index.js';
import { formLayout } from '../../src/extract/forms/layout.js';
import { roomCell, roomHeading, roomLines } from '../../src/extract/forms/rooms.js';
import { readBytes } from '../../src/readers/index.js';

/** A row as a .doc/.docx reader gives it: cells with their grid columns and spans. */
const row = (r: number, ...cells: Array<[string, number]>): Cell[] => {
  let col = 0;
  return cells.map(([text, colSpan]) => {
    const c: Cell = { text, row: r, col, rowSpan: 1, colSpan, start: 0, end: text.length };
    col += colSpan;
    return c;
  });
};

describe('roomHeading: the words of a heading over room to write', () => {
  it('takes numbered and plain headings, a hint in brackets set aside', () => {
    expect(roomHeading('五、主要费用预算明细（列出元器件购置、开发设计、外协加工等费用）')).toBe(true);
    expect(roomHeading('五、仪器设备操作、维护人员配备，安装场地、使用环境及其它辅助设施的完备情况')).toBe(true);
    expect(roomHeading('个 人 简 历')).toBe(true);
  });
  it('leaves instructions, blanks between words, sentences and labels with colons', () => {
    expect(roomHeading('以下由所属市中数会填写')).toBe(false);
    expect(roomHeading('论文的作者中必须含有项目组成员')).toBe(false);
    expect(roomHeading('如同意，建议资助 万元')).toBe(false);
    expect(roomHeading('经费使用情况\n已用经费 元')).toBe(false);
    expect(roomHeading('希望自己在专业这方面能够学的更好，毕竟这是自己的饭碗了。')).toBe(false);
    expect(roomHeading('关键词：')).toBe(false);
  });
});

describe('roomCell: a heading across the table with its room inside the cell', () => {
  it('f111.doc: headings in rows of their own, one after another, end the table', () => {
    const rows = [row(0, ['负责人', 1], ['', 1], ['所在学院', 1], ['', 1]), row(1, ['一、自制仪器设备的目的及必要性', 4]), row(2, ['二、自制仪器设备具体技术性能指标', 4])];
    expect(roomCell(rows, 0)).toBe(false);
    expect(roomCell(rows, 1)).toBe(true);
    expect(roomCell(rows, 2)).toBe(true);
  });
  it('f006.doc: `个人简历` over the opinion cell is a room; a heading over label/value rows is not', () => {
    const rows = [row(0, ['个人简历', 8]), row(1, ['所在单位或推荐人意见：\n所在单位： （请盖公章）', 8])];
    expect(roomCell(rows, 0)).toBe(true);
    const heading = [row(0, ['基本情况', 4]), row(1, ['姓名', 1], ['', 1], ['性别', 1], ['', 1])];
    expect(roomCell(heading, 0)).toBe(false);
    // f018.doc: a heading over its section's blank (`已用经费      元`) heads it
    const section = [row(0, ['三、经费使用情况说明（对已花销的经费进行分析和下一步规划）', 1]), row(1, ['经费使用情况\n已用经费 元', 1])];
    expect(roomCell(section, 0)).toBe(false);
  });
});

describe('roomLines: numbered headings on lines between and after the tables', () => {
  const lines = async (text: string[]): Promise<string[]> => roomLines((await readBytes(new TextEncoder().encode(text.join('\n')), 'x.txt')).blocks).map((p) => p.text);
  it('f133: 一、题目 over 二、…, and the 意见 heading; not 三、 over its table', async () => {
    const got = await lines(['毕业设计（论文）任务书', '学生姓名 |  | 指导教师 | ', '一、题目', '', '二、内容和要求（理、工科类：包括需达到的技术指标）', '', '三、起止日期及进度安排', '起止日期： |  | 年 |  | 月', '四、团队审查意见：', '团队负责人 |  | （签名） |  | 年']);
    expect(got).toEqual(['一、题目', '二、内容和要求（理、工科类：包括需达到的技术指标）', '四、团队审查意见：']);
  });
  it('f111: the last headings, and the opinions that sign and date', async () => {
    const f = ['北京理工大学自制仪器设备申报书', '负责人 |  | 所在学院 | ', '', '六、自制仪器设备工作进度安排', '七、项目组专家评审意见 专家组组长：         成员：              年  月  日', '九、学校领导审批意见 年  月  日'];
    const doc = await readBytes(new TextEncoder().encode(f.join('\n')), 'x.txt');
    const part = bareForm(doc.blocks);
    const titles = formLayout(part ?? { label: null, number: null, title: null, blocks: doc.blocks }, '').items.flatMap((it) => (it.kind === 'field' ? [it.field.title] : []));
    expect(titles).toEqual(['负责人', '所在学院', '自制仪器设备工作进度安排', '项目组专家评审意见', '学校领导审批意见']);
  });
  it('a notice\'s sections with text under them are not rooms', async () => {
    expect(await lines(['报名表', '姓名 |  | 单位 | ', '一、报送要求', '请于5月10日前报送。', '二、联系方式', '联系人：张三'])).toEqual([]);
  });
});

describe('a room sized by a word count, and blanks a copy filled in above the table', () => {
  it('f018: `一、项目的进展情况（…）` over `字数：800字之内` is a room', async () => {
    const doc = await readBytes(new TextEncoder().encode(['中期检查报告', '项目编号 |  | 所属学院 | ', '一、项目的进展情况（含已开展的工作、中期目标完成情况等）', '字数：800字之内', '三、经费使用情况说明', '经费使用情况 已用经费           元'].join('\n')), 'x.txt');
    expect(roomLines(doc.blocks).map((p) => p.text)).toEqual(['一、项目的进展情况（含已开展的工作、中期目标完成情况等）']);
  });
  it('f140: `填表时间：2018年3月12日      受理时间：` above the table is two blanks', async () => {
    const doc = await readBytes(new TextEncoder().encode(['校园网络服务开通申请表', '填表时间：2018年3月12日                          受理时间：', '姓名 |  | 联系电话 | '].join('\n')), 'x.txt');
    const part = bareForm(doc.blocks);
    const titles = formLayout(part ?? { label: null, number: null, title: null, blocks: doc.blocks }, '').items.flatMap((it) => (it.kind === 'field' ? [it.field.title] : []));
    expect(titles).toEqual(['填表时间', '受理时间', '姓名', '联系电话']);
  });
});

describe('blanks in a line above the table', () => {
  it('f027 `20   －20   学年第   学期`, f114 `学生姓名：      届`; not a date line alone', async () => {
    const doc = await readBytes(new TextEncoder().encode(['课程补修申请表', '20   －20   学年第   学期', '学生姓名：                                                届', '年  月  日', '课程名称 |  | 学分 | '].join('\n')), 'x.txt');
    const part = bareForm(doc.blocks);
    const titles = formLayout(part ?? { label: null, number: null, title: null, blocks: doc.blocks }, '').items.flatMap((it) => (it.kind === 'field' ? [it.field.title] : []));
    expect(titles).toEqual(['学年', '学期', '学生姓名', '届', '课程名称', '学分']);
  });
});
