/**
 * One test per inference rule of the form schemas, each with the cells or lines it was made
 * for (seed notices and the forms issue): types, lengths, choices, header blanks, keys, and
 * when/where/how a form is handed in.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Doc } from '../../src/document.js';
import { fieldSchema, PHONE_PATTERN, MOBILE_PATTERN, maxLengthOf } from '../../src/extract/forms/field-types.js';
import { asciiKey, KeyScope } from '../../src/extract/forms/keys.js';
import { splitLabel, unitOf, type Field } from '../../src/extract/forms/field.js';
import { formLayout, isPlaceTemplate, opinionCell } from '../../src/extract/forms/layout.js';
import { toChoice } from '../../src/extract/forms/options.js';
import { buildForm } from '../../src/extract/forms/schema.js';
import { processFile } from '../../src/pipeline.js';
import { readBytes } from '../../src/readers/index.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { segment } from '../../src/structure/segment.js';
import { SAMPLES } from '../helpers.js';

const field = (label: string, hint: string | null = null, unit: string | null = null, options: string[] = []): Field => {
  const { title, description } = splitLabel(hint ? `${label}（${hint}）` : label);
  return { title, description, options, required: false, unit, origin: { span: { start: 0, end: 0 }, table: null, row: null, col: null } };
};

describe('field types from labels and hints', () => {
  it.each([
    { cell: '拟参加人数', expected: { type: 'integer', minimum: 0 } },
    { cell: '承接科技部活动任务个数', expected: { type: 'integer', minimum: 0 } },
    { cell: '科普活动开展次数', expected: { type: 'integer', minimum: 0 } },
    { cell: '科技周期间开放的科普场馆数量', expected: { type: 'integer', minimum: 0 } },
    { cell: '中央财政经费投入情况', unit: '万元', expected: { type: 'number', minimum: 0, description: '单位：万元' } },
    { cell: '企业赞助经费情况', unit: '万元', expected: { type: 'number', minimum: 0 } },
    { cell: '项目金额', hint: '元', expected: { type: 'number', minimum: 0 } },
    { cell: '填表日期', expected: { type: 'string', format: 'date' } },
    { cell: '举办时间', expected: { type: 'array', items: { type: 'string', format: 'date' }, minItems: 1, maxItems: 2 } },
    { cell: '联系方式', hint: '电话/手机/邮箱', expected: { type: 'string', description: '电话/手机/邮箱' } },
    { cell: '联系电话', expected: { type: 'string', pattern: PHONE_PATTERN } },
    { cell: '手机', expected: { type: 'string', pattern: MOBILE_PATTERN } },
    { cell: '电子邮箱', expected: { type: 'string', format: 'email' } },
    { cell: '邮政编码', expected: { type: 'string', pattern: '^\\d{6}$' } },
    { cell: '联系人及电话', expected: { type: 'string' } },
    { cell: '负责人姓名', expected: { type: 'string' } },
    { cell: '举办时间、地点', hint: '地点精确到县级', expected: { type: 'string', description: '地点精确到县级' } },
    { cell: '活动简介', hint: '100 字以内, 方案可附后', expected: { type: 'string', maxLength: 100 } },
    { cell: '实物投入情况', hint: '如：捐赠图书、光盘、创新操作室等', unit: '万元', expected: { type: 'string', description: '如：捐赠图书、光盘、创新操作室等' } },
  ])('$cell $hint', ({ cell, hint, unit, expected }) => {
    const { schema } = fieldSchema(field(cell, hint ?? null, unit ?? null));
    expect(schema).toMatchObject(expected);
  });

  it('a label asking for several things (联系人及电话) gets no pattern that would reject the name', () => {
    expect(fieldSchema(field('联系人及电话')).schema).toEqual({ title: '联系人及电话', type: 'string' });
  });

  it('联系方式（电话/手机/邮箱） accepts a phone or an email, nothing else', () => {
    const pattern = new RegExp(fieldSchema(field('联系方式', '电话/手机/邮箱')).schema['pattern'] as string, 'u');
    for (const ok of ['13912345678', '010-68598336', '(0533)3186911', 'kjhdz@most.cn']) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ['张三', '1391234567', 'kjhdz@most']) expect(pattern.test(bad), bad).toBe(false);
  });

  it('long text gets a textarea, a length limit a help line: 项目简介, 活动简介（100 字以内）', () => {
    expect(fieldSchema(field('项目简介', '1.主要活动内容、方式、参加人员、宣传方式。')).ui).toEqual({ 'ui:widget': 'textarea' });
    expect(fieldSchema(field('活动简介', '100 字以内, 方案可附后')).ui).toEqual({ 'ui:widget': 'textarea', 'ui:help': '不超过 100 字' });
    expect(fieldSchema(field('活动名称')).ui).toEqual({});
  });

  it.each([
    ['（100 字以内, 方案可附后）', 100],
    ['不超过300字', 300],
    ['限 200 字', 200],
    ['（地点精确到县级）', null],
  ])('maxLength of %s', (text, n) => {
    expect(maxLengthOf(text)).toBe(n);
  });

  it('the unit of a group: 活动经费投入数量（单位：万元） and (单位: 人次)', () => {
    expect(unitOf('活动经费投入数量（单位：万元）')).toBe('万元');
    expect(unitOf('科普工作人员参与数量 (单位: 人次)')).toBe('人次');
    expect(unitOf('宣传报道情况')).toBeNull();
  });
});

describe('choices', () => {
  it('"other, please specify" keeps the option and asks for its text', () => {
    expect(toChoice('与本学会相关的其他组织或科技工作者，请注明__________________________')).toEqual({ value: '与本学会相关的其他组织或科技工作者', specify: '请注明' });
    expect(toChoice('其他______')).toEqual({ value: '其他', specify: '请注明' });
    expect(toChoice('科普教育基地')).toEqual({ value: '科普教育基地', specify: null });
  });

  it('□是 □否 is a single choice shown as radio buttons', () => {
    const { schema, ui, other } = fieldSchema(field('是否为首次举办', null, null, ['是', '否']));
    expect(schema).toEqual({ title: '是否为首次举办', type: 'string', enum: ['是', '否'] });
    expect(ui).toEqual({ 'ui:widget': 'radio' });
    expect(other).toBeNull();
  });

  it('（可多选） is an array of unique options shown as checkboxes, with the other text when chosen', async () => {
    const doc = await readBytes(
      new TextEncoder().encode('关于报送科普活动的通知\n各单位：\n请填写附件。\n附件1\n科普活动登记表\n活动名称\t\n活动形式（可多选）\t□线上 □线下 □其他，请注明____\n'),
      'x.txt',
    );
    const part = segment(doc).attachments[0];
    if (!part) throw new Error('no attachment');
    const built = buildForm('科普活动登记表', formLayout(part, '科普活动登记表'));
    const props = built?.schema['properties'] as Record<string, Record<string, unknown>>;
    expect(props['huo_dong_xing_shi']).toEqual({ title: '活动形式', description: '可多选', type: 'array', items: { type: 'string', enum: ['线上', '线下', '其他'] }, uniqueItems: true });
    expect(built?.uiSchema['huo_dong_xing_shi']).toEqual({ 'ui:widget': 'checkboxes' });
    expect(built?.schema['allOf']).toEqual([
      {
        if: { properties: { huo_dong_xing_shi: { contains: { const: '其他' } } }, required: ['huo_dong_xing_shi'] },
        then: { properties: { huo_dong_xing_shi_other: { title: '其他（请注明）', type: 'string', minLength: 1 } }, required: ['huo_dong_xing_shi_other'] },
      },
    ]);
  });
});

describe('header lines and marks', () => {
  const layoutOf = async (lines: string): Promise<ReturnType<typeof formLayout>> => {
    const doc: Doc = await readBytes(new TextEncoder().encode(`关于报送统计表的通知\n各单位：\n请填写附件。\n附件1\n活动统计表\n${lines}`), 'x.txt');
    const part = segment(doc).attachments[0];
    if (!part) throw new Error('no attachment');
    return formLayout(part, '活动统计表');
  };
  const titlesOf = (l: ReturnType<typeof formLayout>): string[] => l.items.map((i) => (i.kind === 'field' ? i.field.title : i.kind === 'group' ? i.group.title : i.rows.title));

  it('单位名称：______ is a field', async () => {
    const l = await layoutOf('单位名称：______________\n举办活动次数\t\n参与媒体数量\t\n');
    expect(titlesOf(l)).toEqual(['单位名称', '举办活动次数', '参与媒体数量']);
    expect(l.sealRequired).toBe(false);
  });

  it('各区、各有关部门（盖章）： is the sealing unit: a field, and the form must be sealed', async () => {
    const l = await layoutOf('各区、各有关部门（盖章）：\n举办活动次数\t\n');
    expect(titlesOf(l)).toEqual(['各区、各有关部门', '举办活动次数']);
    expect(l.items[0]).toMatchObject({ field: { description: '须加盖公章' } });
    expect(l.sealRequired).toBe(true);
  });

  it('推荐单位：…（公章） keeps who may recommend as the description', async () => {
    const l = await layoutOf('推荐单位：党中央、国务院有关部门相关司局，地方科技管理部门（公章）\n举办活动次数\t\n');
    expect(l.items[0]).toMatchObject({ field: { title: '推荐单位', description: '党中央、国务院有关部门相关司局，地方科技管理部门；须加盖公章' } });
    expect(l.sealRequired).toBe(true);
  });

  it('a label marked * or （必填） is required, and the mark is not part of the title', async () => {
    const l = await layoutOf('*活动名称\t\n参与媒体数量（必填）\t\n备注\t\n');
    const built = buildForm('活动统计表', l);
    expect(built?.schema['required']).toEqual(['huo_dong_ming_cheng', 'can_yu_mei_ti_shu_liang']);
    expect(titlesOf(l)).toEqual(['活动名称', '参与媒体数量', '备注']);
  });
});

describe('ASCII keys', () => {
  it.each([
    ['活动名称', 'huo_dong_ming_cheng'],
    ['活动经费投入数量（单位：万元）', 'huo_dong_jing_fei_tou_ru_shu_liang'],
    ['联系方式（电话/手机/邮箱）', 'lian_xi_fang_shi'],
    ['E-mail地址', 'e_mail_di_zhi'],
    ['2023年参加人数', 'f_2023_nian_can_jia_ren_shu'],
    ['女性人数', 'nv_xing_ren_shu'],
    ['活动拟以中国仪器仪表学会哪类组织平台名义参与开展和宣传', 'huo_dong_ni_yi_zhong_guo_yi_qi_yi_biao'],
  ])('%s → %s', (label, key) => {
    expect(asciiKey(label)).toBe(key);
    expect(key).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('a clash inside one object gets a number', () => {
    const scope = new KeyScope();
    expect([scope.take('其他人员数量'), scope.take('其他人员数量（单位：人）'), scope.take('其他')]).toEqual(['qi_ta_ren_yuan_shu_liang', 'qi_ta_ren_yuan_shu_liang_2', 'qi_ta']);
  });
});

describe('when, where and how a form is handed in (seed notices)', () => {
  const records = new Map<string, NoticeRecord>();
  beforeAll(async () => {
    for (const stem of ['000_fc46f2fa053bb05e', '002_32cbd7b51d76111f', '003_db71631729e5d48d']) {
      records.set(stem.slice(0, 3), await processFile(join(SAMPLES, `${stem}.txt`), { maxBytes: 1 << 26, keywords: false }));
    }
  });
  const form = (seed: string, label: string) => records.get(seed)?.attachments.find((a) => a.label === label);

  it('000 附件3: the 注 under the form (6月15日, Lsh@cis.org.cn) wins over the body\'s 6月30日 report to 科技部', () => {
    expect(form('000', '附件3')).toMatchObject({ deadline: { date: '2023-06-15', time: null }, submitTo: { email: 'Lsh@cis.org.cn', office: null }, sealRequired: false });
    expect(form('000', '附件3')?.deadline?.evidence.quote).toBe('注：附件3提交截止日期和邮箱：2023年6月15日前提交邮箱Lsh@cis.org.cn 。');
  });

  it('003 附件1: 盖章扫描件 by 4月15日 to the contact email', () => {
    expect(form('003', '附件1')).toMatchObject({ deadline: { date: '2024-04-15' }, submitTo: { email: 'kjhdz@most.cn', office: null }, sealRequired: true });
  });

  it('003 附件2: reported to 科技部 by 6月30日; 地方/部门 (盖章) means sealed', () => {
    expect(form('003', '附件2')).toMatchObject({ deadline: { date: '2024-06-30' }, submitTo: { email: null, office: '科技部' }, sealRequired: true });
  });

  it('002 附件: 6月12日 to 市科委、中关村管委会, sealed by 各区、各有关部门', () => {
    expect(form('002', '附件')).toMatchObject({ deadline: { date: '2023-06-12' }, submitTo: { email: null, office: '市科委、中关村管委会' }, sealRequired: true });
  });

  it('a 报名表 is due at the 报名截止时间 even when that sentence names no form (with its time)', async () => {
    const r = await processFile(join(SAMPLES, '../test/fixtures/notices/city-with-form.txt'), { maxBytes: 1 << 20, keywords: false });
    expect(r.attachments[0]).toMatchObject({ title: '2024年中小学科技节报名表', deadline: { date: '2024-04-10', time: '17:00' }, submitTo: null });
  });

  it('every field points at the cell or line its label is printed in', () => {
    for (const r of records.values()) {
      for (const a of r.attachments) {
        for (const f of a.fieldSources) {
          expect(f.evidence.quote.replace(/\s/g, ''), f.pointer).toContain(f.title.replace(/[（(].*$/, '').replace(/\s/g, '').slice(0, 4));
          // A cell has row and column; repeating rows point at their whole table (row and column null).
          if (f.table === null || f.row === null) expect(f.col, f.pointer).toBeNull();
          else expect(f.col, f.pointer).toEqual(expect.any(Number));
        }
      }
    }
  });
});

describe('opinion cells: label, hint, signature and date in one cell are one field', () => {
  it.each([
    { cell: '辅导员意见：（是否同意派出） 签名： 年    月    日', label: '辅导员意见', note: '是否同意派出；另须签名、日期' },
    { cell: '学院意见： 学院创新活动负责人签字：             （盖章） 年    月    日', label: '学院意见', note: '另须签名、盖章、日期' },
    { cell: '街道意见 （盖章）   年  月  日', label: '街道意见', note: '盖章；另须盖章、日期' },
    { cell: '学校意见： 年    月    日', label: '学校意见', note: '另须日期' },
    { cell: '我自愿申请加入深圳市数学学会，承认并遵守学会章程。 申请人（签名）： 年    月    日', label: '申请人（签名）', note: '我自愿申请加入深圳市数学学会，承认并遵守学会章程。；另须签名、日期' },
    { cell: '申请人签名： 我保证以上信息真实准确。 签名： 年    月    日', label: '申请人签名', note: '另须签名、日期' },
  ])('$cell', ({ cell, label, note }) => {
    expect(opinionCell(cell)).toEqual({ label, note });
  });
  it('a cell with no signature, seal or date, or only a date, is no opinion cell', () => {
    expect(opinionCell('项目名称')).toBeNull();
    expect(opinionCell('年    月    日')).toBeNull();
  });
});

describe('photo cells', () => {
  it.each(['照 片', '（贴小一寸彩色近照）', '相片'])('%s is an image to upload', (label) => {
    const { schema, ui } = fieldSchema(field(label));
    expect(schema).toMatchObject({ type: 'string', contentMediaType: 'image/*' });
    expect(ui['ui:widget']).toBe('file');
  });
  it('照片数量 is no photo', () => {
    expect(fieldSchema(field('照片数量')).schema['contentMediaType']).toBeUndefined();
  });
});

describe('a value that leaves the place out is a blank (n148)', () => {
  it.each([
    ['市(州)卫生局', true],
    ['县（市、区）教育局', true],
    ['甘肃省卫生厅', false],
    ['市卫生局', false],
  ])('%s → %s', (value, expected) => {
    expect(isPlaceTemplate(value)).toBe(expected);
  });
});

describe('a text copy that dropped the spanned cells of its first header row (n148)', () => {
  const text =
    '各市、州卫生局:\n请按附件报送。\n甘肃省卫生厅\n二O一O年四月二日\n附件:甘肃省医疗卫生固定宣传标语刷写情况统计表\n填报单位: 市(州)卫生局\n填报时间: 年 月 日\n' +
    '县(区) | 卫生固定标语刷写及媒体播报情况(条) | 备 注 |\n| 小计 | 墙体刷写 | 电视播放 | 固定时段广播信息 | 其它 | |\n市州合计 | | | | | | |';
  it('the empty cells under 县(区) and 备注 say they span both rows; the label between heads the run; 市州合计 is a totals row', async () => {
    const doc = await readBytes(new TextEncoder().encode(text), 'n148.txt');
    const part = segment(doc).attachments[0];
    expect(part).toBeDefined();
    const { items } = formLayout(part as NonNullable<typeof part>, '统计表');
    const grid = items.find((it) => it.kind === 'rows');
    expect(grid?.kind === 'rows' && grid.rows.columns.map((c) => (c.kind === 'field' ? c.field.title : `${c.group.title}: ${c.group.fields.map((f) => f.title).join(' ')}`))).toEqual([
      '县',
      '卫生固定标语刷写及媒体播报情况(条): 小计 墙体刷写 电视播放 固定时段广播信息 其它',
      '备注',
    ]);
    expect(items.filter((it) => it.kind === 'field').map((it) => it.kind === 'field' && it.field.title)).toEqual(['填报单位', '填报时间']);
  });
});
