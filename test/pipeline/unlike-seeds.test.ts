/**
 * Notices shaped unlike the seeds (written for these tests in the style of real school and
 * city notices): a one-page school notice with no 文号 and a Chinese-numeral 成文日期, and a
 * city notice with a numbered 附件说明, a 报名截止时间 label and an inline form.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processFile } from '../../src/pipeline.js';
import { ROOT } from '../helpers.js';

const notice = (name: string) => processFile(join(ROOT, 'test/fixtures/notices', name), { maxBytes: 1 << 20, keywords: false });

describe('one-page school notice', () => {
  it('reads title, recipients, institution level and 二○二三年六月二十八日', async () => {
    const r = await notice('school-one-page.txt');
    expect(r.title).toBe('关于做好2023年暑期学生安全教育工作的通知');
    expect(r.recipients).toEqual(['各学院']);
    expect(r.issuers).toEqual(['XX大学学生处']);
    expect(r.level).toBe('institution');
    expect(r.signedDate).toBe('2023-06-28');
    expect(r.docNumber).toBeNull();
  });

  it('请各学院于7月10日下午16:00前将《…统计表》报送学生处，电子版发送至xsc@abc.edu.cn', async () => {
    const r = await notice('school-one-page.txt');
    const d = r.deadlines.find((x) => x.date === '2023-07-10');
    expect(d).toMatchObject({ time: '16:00', what: '《暑期安全教育情况统计表》', to: 'xsc@abc.edu.cn' });
  });

  it('联系人：张工，联系电话：0533-2181234，手机：13812345678', async () => {
    const r = await notice('school-one-page.txt');
    expect(r.contacts[0]).toMatchObject({ name: '张工', phones: ['0533-2181234', '13812345678'] });
  });

  it('a form named in the 附件说明 but not printed in the file is still listed, without a schema', async () => {
    const r = await notice('school-one-page.txt');
    expect(r.attachments).toEqual([expect.objectContaining({ title: '暑期安全教育情况统计表', form: null })]);
  });
});

describe('city notice with an inline form', () => {
  it('reads 文号, municipal level from 淄教字 + 淄博, period, reference, fax', async () => {
    const r = await notice('city-with-form.txt');
    expect(r.docNumber).toBe('淄教字〔2024〕12号');
    expect(r).toMatchObject({ level: 'municipal', region: '淄博市', signedDate: '2024-03-20' });
    expect(r.eventPeriods.map((p) => [p.start, p.end])).toEqual([['2024-04-15', '2024-05-31']]);
    expect(r.references.map((x) => x.docNumber)).toEqual(['鲁教基字〔2024〕3号']);
    expect(r.contacts[0]).toMatchObject({ name: '李老师', faxes: ['0533-3182267'], emails: ['kjj@zbedu.cn'] });
  });

  it('报名截止时间：2024年4月10日17:00 → what 报名, time 17:00; 填报 is not split at 报', async () => {
    const r = await notice('city-with-form.txt');
    expect(r.deadlines.map((d) => [d.date, d.time, d.what])).toEqual([
      ['2024-04-10', null, '登录报名系统填报'],
      ['2024-04-10', '17:00', '报名'],
    ]);
  });

  it('the printed 报名表 becomes rows of its column labels; the unprinted 登记表 is listed without a schema', async () => {
    const r = await notice('city-with-form.txt');
    const [form, other] = r.attachments;
    expect(form?.title).toBe('2024年中小学科技节报名表');
    const props = form?.form?.['properties'] as Record<string, { title: string; items?: { properties: Record<string, { title: string }> }; maxItems?: number }>;
    const rows = Object.values(props).find((p) => p.items);
    expect(Object.values(props)[0]?.title).toBe('学校名称');
    expect(Object.values(rows?.items?.properties ?? {}).map((p) => p.title)).toEqual(['作品名称', '作者姓名', '年级', '指导教师', '联系电话']);
    expect(rows?.maxItems).toBe(3);
    expect(other).toMatchObject({ label: '附件2', title: '作品信息登记表', form: null });
  });
});
