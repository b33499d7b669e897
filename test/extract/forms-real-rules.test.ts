/**
 * Rules the real forms corpus (test/fixtures/forms/real, test/fixtures/forms-real) taught the
 * form reader, each with the printed rows it handles (copied from the text copies).
 */
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/document.js';
import type { JsonSchema } from '../../src/extract/forms/field-types.js';
import { bareForm, splitAtLabels } from '../../src/extract/forms/index.js';
import { formLayout } from '../../src/extract/forms/layout.js';
import { isFilledValue, labelBeforeWritten } from '../../src/extract/forms/filled.js';
import { flatFormAfter } from '../../src/extract/forms/flat.js';
import { blankLabels, labelAndBoxes, titleBlanks, withoutSectionNumber } from '../../src/extract/forms/printed.js';
import { slashOptions } from '../../src/extract/forms/options.js';
import { buildForm } from '../../src/extract/forms/schema.js';
import { readBytes } from '../../src/readers/index.js';
import { recordFromDoc } from '../../src/pipeline.js';
import * as XLSX from '@e965/xlsx';

const docOf = (lines: string[]): Promise<Doc> => readBytes(new TextEncoder().encode(lines.join('\n')), 'x.txt');

/** A bare form's title and the titles of its leaves, objects and row items walked into. */
async function formOf(lines: string[]): Promise<{ title: string | null; leaves: string[]; schema: JsonSchema | null }> {
  const part = bareForm((await docOf(lines)).blocks);
  if (!part) return { title: null, leaves: [], schema: null };
  const title = part.title?.text ?? '';
  const schema = buildForm(title, formLayout(part, title))?.schema ?? null;
  const leaves: string[] = [];
  const walk = (s: JsonSchema): void => {
    const inner = s['type'] === 'array' ? (s['items'] as JsonSchema) : s;
    const p = (inner['properties'] ?? {}) as Record<string, JsonSchema>;
    // An opinion cell ({ opinion, signature, date }) is one printed field, as the scorer reads it.
    if (Object.keys(p).length && !('opinion' in p)) Object.values(p).forEach(walk);
    else leaves.push(s['title'] as string);
  };
  if (schema) Object.values((schema['properties'] ?? {}) as Record<string, JsonSchema>).forEach(walk);
  return { title, leaves, schema };
}

describe('where a form file prints its title', () => {
  it('in the table\'s first row (f113 资格评定表): the title, not a field', async () => {
    const f = await formOf(['资格评定表 |  |  |  |  |  | ', '姓名 |  |  | 部门 |  |  | ', '岗位 |  |  | 日期 |  |  | ']);
    expect(f.title).toBe('资格评定表');
    expect(f.leaves).toEqual(['姓名', '部门', '岗位', '日期']);
  });
  it('under a `附表3：` label (f123)', async () => {
    const f = await formOf(['附表3：', '郑州轻工业学院校外毕业设计（论文）申批表', '申请人姓名 |  | 专业、班级 |  |  | 校内指导教师 | ', '课题名称 |  |  |  |  |  | ']);
    expect(f.title).toBe('郑州轻工业学院校外毕业设计（论文）申批表');
    expect(f.leaves).toEqual(['申请人姓名', '专业、班级', '校内指导教师', '课题名称']);
  });
  it('over instructions with sentences (f160 报名表 and its 注意事项)', async () => {
    const f = await formOf(['2012“种子杯”编程PK赛报名表', '注意事项：', '本次大赛不接受纸质报名表。请在官方网站上下载电子档。', '队名 |  | 学校 | ', '联系电话 |  | 邮箱 | ']);
    expect(f.title).toBe('2012“种子杯”编程PK赛报名表');
    expect(f.leaves).toEqual(['队名', '学校', '联系电话', '邮箱']);
  });
});

describe('forms with no blank cells', () => {
  it('a header row alone under a form\'s name is a grid (f115 汇总表)', async () => {
    const f = await formOf(['2014级校外毕业设计汇总表', '院系 | 行政班级 | 班级应有人数 | 外出实习人数 | 学号 | 姓名']);
    expect(f.leaves).toEqual(['院系', '行政班级', '班级应有人数', '外出实习人数', '学号', '姓名']);
  });
  it('a 回执单 with no table is a form of its blanks (f131)', async () => {
    const f = await formOf(['不参加2021年度城乡居民基本医疗保险回执单', '姓名：    学号：    院系：    专业：', '本人确定不参加2021年上海市城乡居民基本医疗保险。', '签名：', '日期：     年   月   日']);
    expect(f.title).toBe('不参加2021年度城乡居民基本医疗保险回执单');
  });
});

describe('labels inside cells', () => {
  it.each([
    ['一、购置的必要性与工作量预测', '购置的必要性与工作量预测'],
    ['（二）预期成果', '预期成果'],
    ['3. 预期的成果形式与技术水平', '预期的成果形式与技术水平'],
    ['1学分', '1学分'],
    ['2.5万元', '2.5万元'],
  ])('section number: %s → %s', (raw, label) => expect(withoutSectionNumber(raw)).toBe(label));

  it('a cell of blanks after labels, `申请人：      日期：` (f101), is a field per label', () => {
    expect(blankLabels('申请人：          \u3000\u3000     日期：')?.map((b) => b.label)).toEqual(['申请人', '日期']);
    expect(blankLabels('主办单位： 承办单位： 协办单位：')?.map((b) => b.label)).toEqual(['主办单位', '承办单位', '协办单位']);
    expect(blankLabels('填报单位:二院 填表日期：')).toBeNull();
    expect(blankLabels('自我评价： 签字：        日期')).toBeNull();
  });

  it('a date printed one part per cell (f133 `年 | 月 | 日至 | 年 | 月 | 日`) gives no fields', async () => {
    const f = await formOf(['毕业设计任务书', '题目 |  |  |  | ', '起止日期 |  | 年 | 月 | 日至 |  | 年 | 月 | 日']);
    expect(f.leaves).toEqual(['题目', '起止日期']);
  });
});

describe('blanks, samples and answers printed in a form', () => {
  it.each([
    ['爆炸科学与技术国家重点实验室论文、专著综合统计表(   年度)', ['年度']],
    ['郑州轻工业学院     届毕业生回生源地就业申请表', ['届']],
    ['乐麦教育成长记录表 2018年  月', ['月']],
    ['2018 年度统计表', []],
    // a reader squeezed the blank to one space (f025, f027); a letter-spaced title has none
    ['郑州轻工业学院 届毕业生回生源地就业申请表', ['届']],
    ['20 －20 学年第 学期', ['学年', '学期']],
    ['学 年 度 考 核 表', []],
  ])('title blanks of %s', (title, words) => expect(titleBlanks(title)).toEqual(words));

  it('a printed sample row (`示范 | 国内重要刊物 | …`, f106) does not stop the grid under it', async () => {
    const f = await formOf(['论文、专著综合统计表', '序号 | 刊物类别 | 作者 | 出版时间', '示范 | 国内重要刊物 | 宋顺成 | 2009', ' |  |  | ', ' |  |  | ', ' |  |  | ']);
    expect(f.leaves).toEqual(['刊物类别', '作者', '出版时间']);
  });

  it.each([
    ['刊物类别', '国外刊物/国内重要刊物/中文专著/外文专著', ['国外刊物', '国内重要刊物', '中文专著', '外文专著']],
    ['是否固定人员', '是/否', ['是', '否']],
    ['收录情况', 'SCI收录/EI收录/其他', ['SCI收录', 'EI收录', '其他']],
    ['联系方式', '电话/手机/邮箱', null],
    ['作者', '作者1,作者2,作者3,…..', null],
  ])('answers listed in the hint of %s (%s)', (label, hint, options) => expect(slashOptions(label, hint)).toEqual(options));
});

describe('opinion cells', () => {
  const row = '申请人签名： 我保证以上信息真实准确。 签名： 年    月    日 |  | 辅导员意见：（是否同意派出） 签名： 年    月    日 |  |  | 所在学院领导意见：（是否同意推荐） 签名： 年    月    日 |  | ';
  const lines = ['访学项目申请表', '所在学院 |  |  |  | 所学专业 |  | ', row];
  it('`辅导员意见：（是否同意派出） 签名： 年 月 日` (f001) is one object {opinion, signature, date} titled by its label, the hint its description', async () => {
    const f = await formOf(lines);
    const o = (f.schema?.['properties'] as Record<string, JsonSchema>)['fu_dao_yuan_yi_jian'];
    expect(o?.['title']).toBe('辅导员意见');
    expect(o?.['type']).toBe('object');
    expect(String(o?.['description'])).toContain('是否同意派出');
    expect(Object.keys((o?.['properties'] ?? {}) as object)).toEqual(['opinion', 'signature', 'date']);
    // A reader that lists leaf fields (the eval's scorer) sees the printed label on the opinion.
    expect((o?.['properties'] as Record<string, JsonSchema>)['opinion']?.['title']).toBe('辅导员意见');
  });
  it('a signature after a declaration (`申请人签名： 我保证…。 签名： 年 月 日`) stays one text field', async () => {
    const f = await formOf(lines);
    expect((f.schema?.['properties'] as Record<string, JsonSchema>)['shen_qing_ren_qian_ming']?.['type']).toBe('string');
  });
});

describe('grids inside label/value tables', () => {
  it('a heading row over a header row over empty rows (f129 计划进程完成情况记录) is an array titled by the heading', async () => {
    const empty = ' |  |  |  |  |  |  | ';
    const f = await formOf([
      '杭州电子科技大学本科毕业设计（论文）指导记录',
      '学    院 |  |  | 专    业 |  |  | 毕业届次 | ',
      '计划进程完成情况记录 |  |  |  |  |  |  | ',
      '日    期 |  | 工作内容 |  |  | 完成情况 |  | ',
      empty, empty, empty, empty,
      '学生请假记录 |  |  |  |  |  |  | ',
      '请假时间 |  | 请假原因 |  |  | 批准人 |  | ',
      empty, empty, empty,
    ]);
    const p = (f.schema?.['properties'] ?? {}) as Record<string, JsonSchema>;
    const grids = Object.values(p).filter((x) => x['type'] === 'array');
    expect(grids.map((g) => g['title'])).toEqual(['计划进程完成情况记录', '学生请假记录']);
    expect(f.leaves).toEqual(['学院', '专业', '毕业届次', '日期', '工作内容', '完成情况', '请假时间', '请假原因', '批准人']);
  });
});

describe('more rows of real forms', () => {
  it('`附：    □会议记要 □总结 □会议论文集` (f101) is the label 附 with its options', () => {
    expect(labelAndBoxes('附：    □会议记要       □总结            □会议论文集')).toEqual({ label: '附', options: '□会议记要       □总结            □会议论文集' });
    expect(labelAndBoxes('□是 □否')).toBeNull();
  });
  it('a lone row of blanks (`起止日期： |  | 年 |  | 月 | …`, f133) is no grid; `进度安排：` over `序号 | 时间 | 内容` over numbered rows is one', async () => {
    const f = await formOf([
      '毕业设计（论文）任务书',
      '学生姓名 |  | 指导教师 | ',
      '',
      '起止日期： |  | 年 |  | 月 |  | 日 至 |  | 年 |  | 月 |  | 日',
      '',
      '进度安排： |  | ',
      '序号 | 时间 | 内容',
      '1 |  | ', '2 |  | ', '3 |  | ', '4 |  | ',
    ]);
    expect(f.leaves).toEqual(['学生姓名', '指导教师', '起止日期', '时间', '内容']);
  });
});

describe('cells that look like several blanks but are not', () => {
  it('an opinion cell with its seal line (`推荐意见： 单位（公章）： 年 月 日`, f003) stays one field', async () => {
    const f = await formOf(['2019年广东省中学数学教育优秀论文评选报名表', '论文题目 |  |  | ', '推荐意见：                单位（公章）：        年   月   日 |  |  | ']);
    expect(Object.values((f.schema?.['properties'] ?? {}) as Record<string, JsonSchema>).map((p) => p['title'])).toEqual(['论文题目', '推荐意见']);
  });
});

describe('rows with fewer cells than the table above them (a text copy writes `label | `)', () => {
  it('g014 报名表: the one-cell rows under the four-cell rows are fields in order, hints kept', async () => {
    const f = await formOf([
      '2022年博士生学术论坛报名表',
      '姓名 |  | 年级 | ',
      '所在学校 |  | 专业 | ',
      '所在地址及邮编 | ',
      '意向分议题会场（例：议题一） | ',
      '征文题目 | ',
      '摘要（800字以内） | ',
    ]);
    expect(f.leaves).toEqual(['姓名', '年级', '所在学校', '专业', '所在地址及邮编', '意向分议题会场', '征文题目', '摘要']);
  });
  it('stop at the first line that is not such a row (a sentence after the table is no field)', async () => {
    const f = await formOf(['报名表', '姓名 |  | 年级 | ', '征文题目 | ', '请于10月20日前发送至论坛邮箱。']);
    expect(f.leaves).toEqual(['姓名', '年级', '征文题目']);
  });
});

describe('forms sent on as someone filled them in', () => {
  it.each([
    ['王思琪', true],
    ['201635700116', true],
    ['交通运输161班', true],
    ['zhengming_zhang@seu.edu.cn', true],
    ['19Q25111', true],
    ['２００７年４月\t日', true],
    ['女', true],
    ['沈阳北软信息职业技术学院', true],
    ['专业成绩学的还行，平时上课对于专业课的学习也从来不敢懈怠，比赛倒没有', true],
    ['申请人', false],
    ['摘要（800字以内）', false],
    ['CET-4', false],
    ['所在学院', false],
    ['仪器设备操作、维护人员配备，安装场地、使用环境及其它辅助设施的完备情况', false],
    ['入　党 时　间', false],
  ])('%s is written in: %s', (text, written) => expect(isFilledValue(text)).toBe(written));

  it.each([
    ['填报单位:二院', '填报单位'],
    ['所在学校/学院：（盖章）北京工业大学/微电子学院', '所在学校/学院'],
    ['金额单位：万元', null],
    ['注:项目类别指如211、985学科、985教学、教改、条保等。', null],
  ])('a label and what was written after its colon: %s → %s', (text, label) => expect(labelBeforeWritten(text)).toBe(label));

  it('f148: `姓名 |  | 王思琪 | 性别 | 女 | …` gives the printed labels only', async () => {
    const f = await formOf(['浙江师范大学芙蓉印社篆刻大赛报名表', '姓名 |  | 王思琪 | 性别 | 女 | 学号 | 201635700116', '学院 |  | 工学院、职业技术教育学院 | 班级 | 交通运输161班 | 是否为芙蓉印社社员 | 是', '备注 |  |  |  |  |  | ']);
    expect(f.leaves).toEqual(['姓名', '性别', '学号', '学院', '班级', '是否为芙蓉印社社员', '备注']);
  });

  it('f138: a header over rows a team filled in is a grid, the rows are no fields', async () => {
    const f = await formOf([
      '报 名 表',
      '团队名称 | Master队 |  |  | ',
      '团队信息 |  |  |  | ',
      '姓名 | 学历及年级 | 职务 | 手机号码 | 邮箱',
      '朱子琦 | 研究生二年级 | 团队负责人 | 18201603482 | 756207798@qq.com',
      '马春杰 | 研究生一年级 | 团队成员 | 18801321911 | tianbing010@126.com',
      '张时雨 | 本科四年级 | 团队成员 | 13241305509 | 986847686@qq.com',
      '参赛题目 | 中星微电子集团 深度学习 |  |  | ',
    ]);
    expect(f.leaves).toEqual(['团队名称', '姓名', '学历及年级', '职务', '手机号码', '邮箱', '参赛题目']);
  });

  it('f136: the role heading each member\'s row (`队长`, `队员2`, `第一指导老师`) is no field', async () => {
    const f = await formOf([
      '2026年第二十三届东南大学大学生物理及实验科技作品创新竞赛报名表',
      '作品赛道 | 自选2 |  |  |  | ',
      '作品名称 | 绝热与等温 -- 理想气体分子动力学过程的微观对比仿真 |  |  |  | ',
      '参赛队员 |  | 姓名 | 学号 | 手机号 | 邮箱',
      ' | 队长 | 张正明 | 19Q25111 | 18362900633 | zhengming_zhang@seu.edu.cn',
      ' | 队员2 | 王黎 | 01624126 | 17872862580 | 17872862580@163.com',
      '指导教师 |  | 姓名 | 一卡通号 | 手机号 | 邮箱',
      ' | 第一指导老师 |  |  |  | ',
      '作品简介 |  |  |  |  | ',
    ]);
    expect(f.leaves).toEqual(['作品赛道', '作品名称', '姓名', '学号', '手机号', '邮箱', '姓名', '一卡通号', '手机号', '邮箱', '作品简介']);
  });
});

describe('forms printed inside real notices (real-44)', () => {
  it('h028: a form run into one line after its title reads back into its labels, opinion cells with their seal and date', () => {
    const line = '附件1: 全省高校后勤工作先进集体推荐表 单位名称 联系人姓名 联系电话 通讯地址 邮政编码 先进 事迹 简介 呈报 单位 意见 (盖 章) 年 月 日 学校 意见 (盖 章) 年 月 日 省教 育厅 审批 意见 (盖 章) 年 月 日 附件2: 全省高校后勤工作先进个人推荐表 姓名 性别 民族 年龄 职务 职称 学历 政治面貌 单位 联系电话 先进 事迹 简介 呈报 单位 意见 (盖 章) 年 月 日 |';
    const first = flatFormAfter(line, '全省高校后勤工作先进集体推荐表', 0);
    expect(first?.map((f) => f.title)).toEqual(['单位名称', '联系人姓名', '联系电话', '通讯地址', '邮政编码', '先进事迹简介', '呈报单位意见', '学校意见', '省教育厅审批意见']);
    expect(first?.[6]?.signed).toEqual({ signature: false, seal: true, date: true });
    expect(flatFormAfter(line, '全省高校后勤工作先进个人推荐表', 0)?.map((f) => f.title)).toEqual(['姓名', '性别', '民族', '年龄', '职务', '职称', '学历', '政治面貌', '单位', '联系电话', '先进事迹简介', '呈报单位意见']);
  });
  it('h028: the attachment list and a sentence naming the form are no flat form', () => {
    expect(flatFormAfter('附件:1.全省高校后勤工作先进集体推荐表 2.全省高校后勤工作先进个人推荐表 二〇一〇年一月五日', '全省高校后勤工作先进集体推荐表', 0)).toBeNull();
    expect(flatFormAfter('要认真填写《全省高校后勤工作先进集体推荐表》(附件1)和《全省高校后勤工作先进个人推荐表》(附件2)。', '全省高校后勤工作先进集体推荐表', 0)).toBeNull();
  });

  it('h013: a 统计表 whose rows are printed (`区分 | 名 称 | 单位 | 数量 | 备 注`) gives a field per row, and `联系人: 联系电话:` under `填报单位名称:` are blanks', async () => {
    const f = await formOf([
      '全国科普日活动情况调查表',
      '填报单位名称:',
      '联系人: 联系电话:',
      '区分 | 名 称 | 单位 | 数量 | 备 注 |',
      '科普活动 | 科普报告会 | 场 | | |',
      '科普展览 | 场 | | |',
      '培训班 | 期 | | |',
      '科普录像 | 场 | | |',
      '其 他 | 项 | | |',
    ]);
    expect(f.leaves).toEqual(['填报单位名称', '联系人', '联系电话', '科普报告会', '科普展览', '培训班', '科普录像', '其他']);
  });
});

describe('a workbook sent as a form', () => {
  it('f106/f016: each sheet is a form of its own, titled by its banner lines or the heading across its first row', async () => {
    const wb = XLSX.utils.book_new();
    const first = XLSX.utils.aoa_to_sheet([['爆炸科学与技术国家重点实验室', '', ''], ['论文、专著综合统计表(   年度)', '', ''], ['序号', '刊物类别', '作者', '出版时间'], ['', '', '', ''], ['', '', '', ''], ['', '', '', '']]);
    first['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 3 } }, { s: { r: 1, c: 0 }, e: { r: 1, c: 3 } }];
    const second = XLSX.utils.aoa_to_sheet([['拟发表的论文', '', '', '', ''], ['项目编号', '论文题目', '第一作者', '拟投稿期刊', '档次'], ['', '', '', '', ''], ['', '', '', '', ''], ['', '', '', '', '']]);
    second['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 2 } }];
    XLSX.utils.book_append_sheet(wb, first, '论文');
    XLSX.utils.book_append_sheet(wb, second, '拟发表');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const record = recordFromDoc(await readBytes(bytes, 'x.xlsx'), { keywords: false });
    const forms = record.attachments.filter((a) => a.form);
    expect(forms.map((a) => a.title)).toEqual(['爆炸科学与技术国家重点实验室论文、专著综合统计表( 年度)', '拟发表的论文']);
    const fieldsOf = (s: unknown): string[] => Object.values(((s as JsonSchema)['properties'] ?? {}) as Record<string, JsonSchema>).flatMap((p) => (p['type'] === 'array' ? Object.values(((p['items'] as JsonSchema)['properties'] ?? {}) as Record<string, JsonSchema>).map((q) => q['title'] as string) : [p['title'] as string]));
    expect(fieldsOf(forms[1]?.form)).toEqual(['项目编号', '论文题目', '第一作者', '拟投稿期刊', '档次']);
  });
});

describe('forms with no table', () => {
  it('f131: a 回执单 with `姓名 学号 院系 专业` set apart by blanks, `签名：` and `日期： 年 月 日`', async () => {
    const f = await formOf(['不参加2021年度城乡居民基本医疗保险回执单', '姓名             学号               院系                 专业', '本人已仔细阅读并知晓《华东理工大学学生参加2021年上海市城乡居民基本医疗保险的通知》的内容，经家长同意，本人确定不参加2021年上海市城乡居民基本医疗保险，不享受2021年城乡居民基本医疗保险待遇。', '签名：', '日期：     年   月   日']);
    expect(f.title).toBe('不参加2021年度城乡居民基本医疗保险回执单');
    expect(f.leaves).toEqual(['姓名', '学号', '院系', '专业', '签名', '日期']);
  });
  it('f154: a 结题报告 of blanks, headed sections and opinion lines', async () => {
    const f = await formOf([
      '爆炸科学与技术国家重点实验室(北京理工大学)', '自主课题项目结题报告',
      '项目编号:', '项目名称:', '项目负责人:', '所在单位:', '资助金额:', '起止年月:',
      '爆炸科学与技术国家重点实验室（北京理工大学）', '年  月  日',
      '研究目标、内容和技术指标', '二、任务完成情况', '三、研究成果与应用前景（附成果证明及论文收录情况说明）', '四、哪些内容未按研究计划完成及其原因', '五、存在问题、建议和需要说明的问题',
      '实验室学术委员会审核意见： （签章） 年  月  日', '重点实验室意见： （签章） 年  月  日',
    ]);
    expect(f.leaves).toEqual(['项目编号', '项目名称', '项目负责人', '所在单位', '资助金额', '起止年月', '研究目标、内容和技术指标', '任务完成情况', '研究成果与应用前景', '哪些内容未按研究计划完成及其原因', '存在问题、建议和需要说明的问题', '实验室学术委员会审核意见', '重点实验室意见']);
  });
});

describe('cells that ask several questions, and rubrics', () => {
  it('f126: a value cell of questions with boxes and blanks in sentences is a group of those questions', async () => {
    const f = await formOf([
      '杭州电子科技大学毕业设计（论文）质量检查表（三）',
      '学生姓名 |  |  | 学号 |  | 指导教师 | ',
      '指导情况 | 指导    次数（截止至检查日），每次指导时间    小时。 有无制订指导计划：有   □；     无   □。 有无填写指导记录：有   □；     无   □。 |  |  |  |  | ',
      '学生工作态度和纪律情况 | 1.学生工作态度： 认真 □；    一般 □；    不认真 □。 2.学生是否主动与指导教师见面：是 □；  否 □。 3.是否经常在实验室（机房）工作： 是 □；    否 □。（工科填写） 每周平均工作时间            ；每周与指导教师见面      次。 4.有否请假         ；请假天数          ； 主要原因                                                               。 |  |  |  |  | ',
    ]);
    expect(f.leaves).toEqual(['学生姓名', '学号', '指导教师', '每次指导时间', '有无制订指导计划', '有无填写指导记录', '学生工作态度', '学生是否主动与指导教师见面', '是否经常在实验室（机房）工作', '每周平均工作时间', '每周与指导教师见面', '有否请假', '请假天数', '主要原因']);
    const p = (f.schema?.['properties'] ?? {}) as Record<string, JsonSchema>;
    const attitude = (Object.values(p).find((x) => x['title'] === '学生工作态度和纪律情况')?.['properties'] ?? {}) as Record<string, JsonSchema>;
    expect(Object.values(attitude)[0]?.['enum']).toEqual(['认真', '一般', '不认真']);
  });

  it('f013: a 评分表 (`评分项 | 评分 | 分值 | 分值说明 | 得分`) gives one score per item and the total, not the grades\' wording', async () => {
    const f = await formOf([
      '“大学生创新创业训练计划”项目中期检查评分表',
      '评分项 | 评分 | 分值 | 分值说明 | 得分',
      '项目 完成 情况 | 项目进展情况 | 25分 | 很好地、成功地完成了预期阶段研究目标，工作量大（20-25分） | ',
      ' |  |  | 很好地完成了预期阶段研究目标，工作量比较大（15-20分） | ',
      ' | 阶段性 成果 | 15分 | 发表论文质量高，参加学术竞赛成绩优异，设计成果获得专利认证，（12-15分） | ',
      ' |  |  | 无明显阶段性成果（1-4分） | ',
      '项目经费情况 | 经费使用 | 5分 | 填写及时，记录准确，经费使用合理。（5分） | ',
      '合计 |  |  |  | ',
    ]);
    expect(f.leaves).toEqual(['项目进展情况', '阶段性成果', '经费使用', '合计']);
  });
});

describe('one attachment part that prints several labelled forms', () => {
  it('f122: `附表2 郑州轻工业学院` / `本科生…登记表` and `附表3：` / `…申批表` start forms of their own', async () => {
    const doc = await docOf([
      '附表1 计算机与通信工程学院（电子信息工程学院）', '本科生校外毕业设计（论文）申请表', '姓名 |  | 学号 | ',
      '备注：', '本表一式三份，一份计算机学院学工办备案。',
      '附表2 郑州轻工业学院', '本科生毕业设计(论文)校外指导教师登记表', '姓名 |  | 性别 |  | 年龄 | ',
      '附表3：', '郑州轻工业学院校外毕业设计（论文）申批表', '院（系） 专业： 编号：', '申请人姓名 |  | 专业、班级 | ',
    ]);
    const parts = splitAtLabels({ label: null, number: null, title: null, blocks: doc.blocks });
    expect(parts.map((p) => [p.label?.text ?? null, p.number, p.title?.text ?? null])).toEqual([
      [null, null, null],
      ['附表2', 2, '郑州轻工业学院本科生毕业设计(论文)校外指导教师登记表'],
      ['附表3', 3, '郑州轻工业学院校外毕业设计（论文）申批表'],
    ]);
    expect(parts.map((p) => p.blocks.filter((b) => b.kind === 'table').length)).toEqual([1, 1, 1]);
  });
});

describe('form files whose title the reader does not see', () => {
  it('f141: a table alone with blanks to fill (its title in the page header) is a form with no title', async () => {
    const part = bareForm((await docOf(['申    请    人    情    况 | 姓 名 |  |  |  |  |  | 性 别 |  |  | 手 机 号 码 |  | ', ' | 身 份 证 号 码 |  |  |  |  |  |  |  |  |  | ', ' | 护 照 号 码 |  |  |  |  |  |  |  |  |  | '])).blocks);
    expect(part?.title).toBeNull();
    expect(part?.blocks.filter((b) => b.kind === 'table')).toHaveLength(1);
  });
  it('a notice\'s table is no such form: sentences before it', async () => {
    expect(bareForm((await docOf(['请各单位于5月1日前报送。', '姓名 |  | 性别 | '])).blocks)).toBeNull();
  });
});

describe('hints printed in the blank, and taller rows of a text copy', () => {
  it('f149: `企业名称 |  |  | （工商营业执照上的单位名称）` is the label with its hint; a label and its wide blank over an empty row head no group', async () => {
    const empty = ' |  |  |  |  |  |  |  |  | ';
    const f = await formOf([
      '企业登记表',
      '企业名称 |  |  | （工商营业执照上的单位名称） |  |  |  |  |  | ', empty,
      '营业执照注册号 |  |  |  |  |  | 企业性质 |  | （公有？集体、股份、外资、民营等） | ', empty,
      '法人代表 |  |  |  |  |  | 法人电话 |  | （必须是企业固定电话） | ', empty,
    ]);
    expect(f.leaves).toEqual(['企业名称', '营业执照注册号', '企业性质', '法人代表', '法人电话']);
    const p = Object.values((f.schema?.['properties'] ?? {}) as Record<string, JsonSchema>);
    expect(p[0]?.['description']).toBe('工商营业执照上的单位名称');
  });
});

describe('what a form prints that is not filled in', () => {
  it('f016: the key of a column\'s words (`…含有以下几种类型`) under the grid and its notes', async () => {
    const f = await formOf([
      '已录用的论文',
      '项目编号 | 论文题目 | 第一作者 | 年份', ' |  |  | ', ' |  |  | ', ' |  |  | ',
      '注意：', '论文的作者中必须含有项目组成员', '',
      ' | 论文作者身份含有以下几种类型 |  |  | 论文档次含以下几种', ' | 项目负责人 |  |  | SCI', ' | 项目组成员 |  |  | EI',
    ]);
    expect(f.leaves).toEqual(['项目编号', '论文题目', '第一作者', '年份']);
  });
  it('f015/f160: a `…信息` cell beside others heads them; f140: `由网络中心填写` says who fills the blank', async () => {
    const f = await formOf(['项目成员变更申请表', '变更成员信息 |  |  |  | 新加成员信息 |  | ', '姓名 |  | 班级 |  | 姓名 |  | 班级 | ', '账号名 | 由网络中心填写 | 备注 | ']);
    expect(f.leaves).toEqual(['姓名', '班级', '姓名', '班级', '账号名', '备注']);
  });
});

describe('who signs for a label', () => {
  it('f104: `签名：` cells after a 意见 label and its blank sign for it; a named signer (`学院领导签字`) stays a blank', async () => {
    const f = await formOf(['学术活动申请表', '实验室副主任意见： |  |  |  | 签名： |  | ', '学院意见 |  | 学院领导签字 | ']);
    expect(f.leaves).toEqual(['实验室副主任意见', '学院意见', '学院领导签字']);
  });
  it('f025: a declaration and its signer sign for the label; f121: an opinion cell with `签字：` is one field', async () => {
    const f = await formOf(['就业申请表', '毕业生本人申明 |  | 本人自愿申请回生源地就业，将户口、档案等关系转回生源地就业主管部门。 毕业生签名：      年     月    日 |  | ', '班级辅导员意见： 签字： 年    月    日 |  |  | ']);
    expect(f.leaves).toEqual(['毕业生本人申明', '班级辅导员意见']);
  });
});

describe('questions on lines above the table (f030 评议表)', () => {
  it('a question with lettered choices and `请选择(   )`; a hint before the next blank leaves it blank', async () => {
    const f = await formOf(['开放基金项目评议表', '项目名称：', '申请者姓名：', '综合评价：    A.优         B.良        C.中          D.差        请选择(   )', '具体评价意见：（ 对同意资助的项目，要着重指出其创新点和研究价值） 评议专家签字： 日期：']);
    expect(f.leaves).toEqual(['项目名称', '申请者姓名', '综合评价', '具体评价意见', '评议专家签字', '日期']);
    const p = (f.schema?.['properties'] ?? {}) as Record<string, JsonSchema>;
    expect(Object.values(p)[2]?.['enum']).toEqual(['优', '良', '中', '差']);
  });
});

describe('notes and samples printed in a form', () => {
  it('f116 `注：*为必填项`, f024 a sentence in the value cell, f006 the lines under `说明：`', async () => {
    const f = await formOf(['网络安全登记表', '*负责人 |  | *联系电话 | ', '单位负责人承诺 | 对以上填列内容及提供材料的真实性、合法性负责。 |  | ', '注：*为必填项 |  |  | ', '说明：', '填写入会申请表，签名盖章后将扫描件发到学会秘书邮箱: szmath2025@163.com；']);
    expect(f.leaves).toEqual(['负责人', '联系电话', '单位负责人承诺']);
  });
  it('f021: a sample written with placeholders is a value', () => {
    expect(isFilledValue('XX大学XX学院XX系XX专业')).toBe(true);
    expect(isFilledValue('淳安县XXX单位XXX职务')).toBe(true);
    expect(isFilledValue('毕业院校系及专业')).toBe(false);
  });
});

describe('an opinion signed by a panel', () => {
  it('f124: `评估意见： 组长： 组员： 年 月 日` is one opinion, not three blanks', async () => {
    const f = await formOf(['评分总表', '评估意见： 组长： 组员： 年    月     日 |  | ', '自评总分 |  | 他评总分 | ']);
    expect(f.leaves).toEqual(['评估意见', '自评总分', '他评总分']);
  });
});

describe('records and opinions their writers sign', () => {
  it('f132: `答辩记录： 记录人（签字）： 年 月 日 答辩小组组长（签字）： 年 月 日` is one field; f030: a named signer after an opinion is a blank', async () => {
    const f = await formOf(['答辩记录表', '答辩记录： 记录人（签字）： 年   月   日 答辩小组组长（签字）： 年   月   日 |  |  | ', '具体评价意见：（要着重指出其创新点） 评议专家签字： 日期： |  |  | ', '以下由所属市中数会填写 |  |  | ']);
    expect(f.leaves).toEqual(['答辩记录', '具体评价意见', '评议专家签字', '日期']);
  });
});

describe('a grid under label rows', () => {
  it('f156: `日期 | 开始时间 | 作业量 | 备注` over empty rows, under `姓名： |  | 2018年 月`, is the form\'s grid', async () => {
    const empty = ' |  |  | ';
    const f = await formOf(['成长记录表', '姓名： |  | 2018年      月 | ', empty, '日期 | 开始时间 | 作业量 | 备注', empty, empty, empty, empty]);
    expect(f.leaves).toEqual(['姓名', '日期', '开始时间', '作业量', '备注']);
    const p = Object.values((f.schema?.['properties'] ?? {}) as Record<string, JsonSchema>);
    expect(p.map((x) => x['type'])).toEqual(['string', 'array']);
  });
});

describe('f019 经费申请表 and its opinions', () => {
  it('`科目 | 预算金额 | 备注（计算依据与说明）` over printed rows: a field per row, its number set aside; `学术委员会评审意见 主任签字 年 月 日` is an opinion', async () => {
    const f = await formOf(['经费申请表', '科       目 | 预算金额 | 备注（计算依据与说明）', '一．研究经费 |  | ', '1. 材料费 |  | ', '2. 差旅费 |  | ', '学术委员会评审意见 主任签字 年   月   日']);
    expect(f.leaves).toEqual(['研究经费', '材料费', '差旅费', '学术委员会评审意见']);
  });
});
