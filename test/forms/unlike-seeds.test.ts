/**
 * Forms shaped unlike the seeds', in notices written for the tests: a school competition notice
 * (test/fixtures/notices/school-competition-signup.txt) with a four-column 报名表 (性别 boxes,
 * 身份证号码, 出生日期) and a 汇总表 with several blanks on its header line and a 合计 row,
 * both named by 附件N in the deadline sentence; and a meeting notice ending in a 回执 whose
 * rows each print the boxes of a choice.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { processFile } from '../../src/pipeline.js';
import type { Attachment } from '../../src/record/schema.js';
import { ROOT } from '../helpers.js';
import { props, strictAjv, type Schema } from './real-clients.js';

let forms: Attachment[] = [];
beforeAll(async () => {
  const r = await processFile(join(ROOT, 'test/fixtures/notices/school-competition-signup.txt'), { maxBytes: 1 << 20, keywords: false });
  forms = r.attachments;
});

describe('报名表 in four columns (附件1)', () => {
  it('reads label/value pairs two per row, in printed order', () => {
    expect(Object.values(props(forms[0]?.form)).map((p) => p['title'])).toEqual([
      '姓名', '性别', '出生日期', '民族', '身份证号码', '年级', '学校名称', '指导教师', '联系电话', '电子邮箱', '作品名称', '作品类别', '作品简介', '是否参加过往届比赛',
    ]);
  });

  it('types 性别 □男 □女, 身份证号码, 出生日期, 作品简介（300字以内）', () => {
    const p = props(forms[0]?.form);
    expect(p['xing_bie']).toMatchObject({ type: 'string', enum: ['男', '女'] });
    expect(p['shen_fen_zheng_hao_ma']).toMatchObject({ type: 'string', pattern: '^\\d{17}[\\dXx]$' });
    expect(p['chu_sheng_ri_qi']).toMatchObject({ type: 'string', format: 'date' });
    expect(p['zuo_pin_jian_jie']).toMatchObject({ type: 'string', maxLength: 300 });
  });

  it('validates with Ajv 2020 strict: a good entry passes, a 17-digit ID and a 301-character summary fail', () => {
    const validate = strictAjv().compile(forms[0]?.form as Schema);
    const good = { xing_ming: '王小明', xing_bie: '男', chu_sheng_ri_qi: '2010-09-01', shen_fen_zheng_hao_ma: '11010820100901123X', lian_xi_dian_hua: '13912345678', dian_zi_you_xiang: 'wxm@example.cn', zuo_pin_lei_bie: '其他', zuo_pin_lei_bie_other: '科普视频', zuo_pin_jian_jie: '用旧手机做的校园气象站。' };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...good, shen_fen_zheng_hao_ma: '11010820100901123' })).toBe(false);
    expect(validate({ ...good, zuo_pin_jian_jie: '测'.repeat(301) })).toBe(false);
  });
});

describe('汇总表 with a header line of blanks and a 合计 row (附件2)', () => {
  it('makes one field per blank on the header line; the sealing unit is marked', () => {
    const p = props(forms[1]?.form);
    expect(Object.keys(p)).toEqual(['tian_bao_dan_wei', 'tian_bao_ren', 'lian_xi_dian_hua', 'rows']);
    expect(p['tian_bao_dan_wei']).toMatchObject({ title: '填报单位', description: '须加盖公章' });
    expect(forms[1]?.sealRequired).toBe(true);
  });

  it('keeps the numbered rows as an array of three, the 合计 row is not a row to fill', () => {
    const rows = props(forms[1]?.form)['rows'];
    expect(rows).toMatchObject({ type: 'array', maxItems: 3 });
    expect(Object.values(props(rows?.['items'])).map((c) => c['title'])).toEqual(['作品名称', '作者姓名', '指导教师', '参赛人数', '备注']);
  });

  it('takes its deadline and address from `报名表（附件1）和汇总表（附件2）盖章后报送`', () => {
    expect(forms[1]).toMatchObject({ deadline: { date: '2024-05-10' }, submitTo: { email: 'kjds@example.cn' }, sealRequired: true });
  });
});

describe('回执 at the end of a meeting notice (test/fixtures/notices/meeting-receipt.txt)', () => {
  let receipt: Attachment | undefined;
  beforeAll(async () => {
    const r = await processFile(join(ROOT, 'test/fixtures/notices/meeting-receipt.txt'), { maxBytes: 1 << 20, keywords: false });
    receipt = r.attachments.find((a) => a.title === '回执');
  });

  it('is a form: 单位名称, then rows of attendees whose 是否住宿 is a choice printed in every row', () => {
    const p = props(receipt?.form);
    expect(Object.keys(p)).toEqual(['dan_wei_ming_cheng', 'rows']);
    expect(p['rows']).toMatchObject({ type: 'array', maxItems: 2 });
    const cols = props(p['rows']?.['items']);
    expect(Object.values(cols).map((c) => c['title'])).toEqual(['姓名', '职务', '手机', '是否住宿']);
    expect(cols['shi_fou_zhu_su']).toMatchObject({ type: 'string', enum: ['是', '否'] });
  });

  it('is due with the 参会回执 sentence: 3月10日, kxhy@example.cn', () => {
    expect(receipt).toMatchObject({ deadline: { date: '2024-03-10' }, submitTo: { email: 'kxhy@example.cn', office: null } });
  });
});

describe('date blanks and blanks under the table (test/fixtures/notices/venue-opening.txt)', () => {
  it('`    年   月   日` in a cell and `填报日期：　年　月　日` under the table are dates; 填表人 / 审核人 are fields', async () => {
    const r = await processFile(join(ROOT, 'test/fixtures/notices/venue-opening.txt'), { maxBytes: 1 << 20, keywords: false });
    const p = props(r.attachments[0]?.form);
    expect(Object.values(p).map((x) => x['title'])).toEqual(['场馆名称', '开放日期', '接待人数', '填表人', '审核人', '填报日期']);
    expect(p['kai_fang_ri_qi']).toMatchObject({ type: 'string', format: 'date' });
    expect(p['tian_bao_ri_qi']).toMatchObject({ type: 'string', format: 'date' });
    // `说明：请如实填写。` under the table is an instruction, not a blank.
    expect(Object.values(p).map((x) => x['title'])).not.toContain('说明');
  });
});
