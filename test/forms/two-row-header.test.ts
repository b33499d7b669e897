/**
 * A 报名表 grid whose header takes two rows — 参赛学生 over 姓名 / 年级 / 性别 and 指导教师 over
 * 姓名 / 联系电话, beside 序号 and 作品名称 spanning both — made by LibreOffice from
 * test/fixtures/notices/two-row-header.html (see long-table.test.ts for the commands). In the
 * PDF the second header row is one text run across four cells.
 */
import Form from '@rjsf/core';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { processFile } from '../../src/pipeline.js';
import type { Attachment } from '../../src/record/schema.js';
import { ROOT } from '../helpers.js';
import { props, rjsfValidator, strictAjv, type Schema } from './real-clients.js';

const forms = new Map<string, Attachment>();
beforeAll(async () => {
  for (const ext of ['pdf', 'docx']) {
    const r = await processFile(join(ROOT, `test/fixtures/notices/two-row-header.${ext}`), { maxBytes: 1 << 24, keywords: false });
    forms.set(ext, r.attachments[0] as Attachment);
  }
});

describe('a grid with a two-row header', () => {
  it.each(['pdf', 'docx'])('.%s: each row has the work, then the student and the teacher as nested objects', (ext) => {
    const rows = props(forms.get(ext)?.form)['rows'];
    expect(rows).toMatchObject({ type: 'array', maxItems: 5 });
    const item = props(rows?.['items']);
    expect(Object.keys(item)).toEqual(['zuo_pin_ming_cheng', 'can_sai_xue_sheng', 'zhi_dao_jiao_shi']);
    expect(Object.values(props(item['can_sai_xue_sheng'])).map((p) => p['title'])).toEqual(['姓名', '年级', '性别']);
    expect(Object.values(props(item['zhi_dao_jiao_shi'])).map((p) => p['title'])).toEqual(['姓名', '联系电话']);
  });

  it('is the same form from the PDF and the DOCX', () => {
    expect(forms.get('pdf')?.form).toEqual(forms.get('docx')?.form);
  });

  it('validates with Ajv 2020 strict and renders every header label with rjsf', () => {
    const form = forms.get('pdf')?.form as Schema;
    const validate = strictAjv().compile(form);
    const row = { zuo_pin_ming_cheng: '校园气象站', can_sai_xue_sheng: { xing_ming: '王小明', nian_ji: '初二', xing_bie: '男' }, zhi_dao_jiao_shi: { xing_ming: '李老师', lian_xi_dian_hua: '13912345678' } };
    expect(validate({ rows: [row] }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ rows: [{ ...row, zhi_dao_jiao_shi: { xing_ming: '李老师', lian_xi_dian_hua: '下午打' } }] })).toBe(false);
    const validator = rjsfValidator();
    const html = renderToStaticMarkup(createElement(Form, { schema: form, uiSchema: forms.get('pdf')?.uiSchema ?? {}, validator, formData: { rows: [row] } }));
    for (const label of ['作品名称', '参赛学生', '姓名', '年级', '性别', '指导教师', '联系电话']) expect(html).toContain(label);
  });
});
