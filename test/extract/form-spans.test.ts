/**
 * Tables as the .doc/.docx/.xls readers give them, with row and column spans: the rules that
 * read spans, each with the real rows of the forms corpus that taught it (forms/real f001, f005).
 */
import { describe, expect, it } from 'vitest';
import type { Cell, Table } from '../../src/document.js';
import { formLayout } from '../../src/extract/forms/layout.js';
import type { Item } from '../../src/extract/forms/field.js';

/** A cell: text, then its grid column, then row and column spans. */
type Spec = [string, number, number?, number?];

function table(rows: Spec[][]): Table {
  const cells = rows.map((r, row) => r.map(([text, col, rowSpan = 1, colSpan = 1]): Cell => ({ text, row, col, rowSpan, colSpan, start: 0, end: 0 })));
  const columns = Math.max(...cells.flat().map((c) => c.col + c.colSpan));
  return { kind: 'table', index: 0, page: null, rows: cells, columns, start: 0, end: 0 };
}

/** The layout's labels, groups as `group › label`, a grid's columns under its title. */
function labels(t: Table): string[] {
  const items = formLayout({ label: null, number: null, title: null, blocks: [t] }, '表').items;
  const out: string[] = [];
  const walk = (it: Item): void => {
    if (it.kind === 'field') out.push(it.field.title);
    else if (it.kind === 'group') out.push(...it.group.fields.map((f) => `${it.group.title} › ${f.title}`));
    else for (const c of it.rows.columns) walk(c.kind === 'field' ? { kind: 'field', field: c.field } : { kind: 'group', group: c.group });
  };
  items.forEach(walk);
  return out;
}

describe('spans in the readers\' tables', () => {
  it('f005.xls: a first row of wide cells (`报名单位填写 | 组委会填写`) groups the grid\'s labels under it; 序号 is no field', () => {
    const t = table([
      [['报名单位填写', 0, 1, 3], ['组委会填写', 3, 1, 2]],
      [['序号', 0], ['考号', 1], ['姓名', 2], ['复查情况', 3], ['复查人', 4]],
      [['1', 0], ['', 1], ['', 2], ['', 3], ['', 4]],
      [['', 0], ['', 1], ['', 2], ['', 3], ['', 4]],
      [['', 0], ['', 1], ['', 2], ['', 3], ['', 4]],
    ]);
    expect(labels(t)).toEqual(['报名单位填写 › 考号', '报名单位填写 › 姓名', '组委会填写 › 复查情况', '组委会填写 › 复查人']);
  });
  it('f001.doc: `姓名` spanning two rows over `中 文 | 汉语拼音` with the row under them empty: labels written under', () => {
    const t = table([
      [['姓名', 0, 2, 1], ['中 文', 1], ['汉语拼音', 2, 1, 4], ['照 片\n（请附电子版）', 6, 4, 2]],
      [['', 1], ['', 2, 1, 4]],
      [['联系方式', 0, 2, 2], ['手机', 2, 1, 2], ['家庭联系方式', 4, 1, 4]],
      [['', 2, 1, 2], ['', 4, 1, 4]],
    ]);
    expect(labels(t)).toEqual(['姓名 › 中文', '姓名 › 汉语拼音', '姓名 › 照片', '联系方式 › 手机', '联系方式 › 家庭联系方式']);
  });
  it('f001.doc: opinion cells side by side are a field each, not a label and its value', () => {
    const t = table([
      [['姓名', 0], ['', 1]],
      [['申请人签名：\n我保证以上信息真实准确。\n签名：\n年 月 日', 0], ['辅导员意见：（是否同意派出）\n签名：\n年 月 日', 1], ['所在学院领导意见：（是否同意推荐）\n签名：\n年 月 日', 2]],
    ]);
    expect(labels(t)).toEqual(['姓名', '申请人签名', '辅导员意见', '所在学院领导意见']);
  });
});

describe('columns a grid prints in every row', () => {
  it('f124: `项目序号 | 分值` printed down the rows beside blank `自评得分 | 他评得分` are no fields', () => {
    const row = (a: string, b: string): Spec[] => [[a, 0], [b, 1], ['', 2], ['', 3]];
    const t = table([[['项目 序号', 0], ['分 值', 1], ['自评 得分', 2], ['他评 得分', 3]], row('1', '4'), row('2', '3'), row('3', '2'), row('4', '4')]);
    expect(labels(t)).toEqual(['自评得分', '他评得分']);
  });
});

describe('cells that label themselves', () => {
  it('f103: `份数： | 日期：` are two labels, not a label and its value; f153: `序号` heads no field', () => {
    const t = table([
      [['用印文件名称', 0], ['', 1, 1, 4]],
      [['份数：', 0, 1, 2], ['日期：', 2, 1, 3]],
      [['填报单位:二院', 0, 1, 2], ['填表日期：２００７年４月 日', 2, 1, 3]],
      [['参考厂商及型号', 0, 2, 1], ['序号', 1], ['厂商名称', 2], ['联系人', 3]],
      [['', 1], ['', 2], ['', 3]],
    ]);
    expect(labels(t)).toEqual(['用印文件名称', '份数', '日期', '填报单位', '填表日期', '参考厂商及型号 › 厂商名称', '参考厂商及型号 › 联系人']);
  });
});

describe('a label two rows high beside its value', () => {
  it('f021.doc: `入 党⏎时 间 | 1998.02 | 参加工作时间 | 1990.08 | 健康状况 | 健康` are labels and values, not a group', () => {
    const t = table([
      [['入 党\n时 间', 0, 2, 1], ['1998.02', 1, 2, 2], ['参加工作时间', 3, 2, 1], ['1990.08', 4, 2, 1], ['健康状况', 5, 2, 1], ['健康', 6, 2, 1]],
      [['现 任\n职 务', 8], ['', 9, 1, 3]],
    ]);
    expect(labels(t)).toEqual(['入党时间', '参加工作时间', '健康状况', '现任职务']);
  });
});

describe('f159: ticks in square brackets and a blank before its label', () => {
  it('`[未通过][通过] | _______________存档日期(YYYY/MM/DD)`', () => {
    const t = table([[['[未通过][通过]', 0, 1, 2], ['_______________存档日期(YYYY/MM/DD)', 2, 1, 4]], [['姓名', 0], ['', 1], ['备注', 2], ['', 3]]]);
    expect(labels(t)).toEqual(['未通过', '通过', '存档日期', '姓名', '备注']);
  });
});
