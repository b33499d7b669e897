/**
 * Real clients of the form schemas: Ajv's draft 2020-12 class in strict mode, and
 * react-jsonschema-form rendered server-side with the Ajv 2020 validator, for every form of
 * the seed notices in every format.
 */
import Form from '@rjsf/core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleOf, loadSeedForms, printedLabels, type Schema, type SeedForm } from './fixtures.js';
import { props, rjsfValidator, strictAjv } from './real-clients.js';

let forms: SeedForm[] = [];
beforeAll(async () => {
  forms = await loadSeedForms();
});


/** Paths (as key lists) to every property of a given JSON type, nested objects and row items included. */
function pathsOfType(s: Schema, type: string, at: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [k, p] of Object.entries(props(s))) {
    if (p['type'] === type) out.push([...at, k]);
    if (p['type'] === 'object') out.push(...pathsOfType(p, type, [...at, k]));
    if (p['type'] === 'array' && (p['items'] as Schema)['type'] === 'object') out.push(...pathsOfType(p['items'] as Schema, type, [...at, k, '0']));
  }
  return out;
}

function setAt(data: unknown, path: string[], value: unknown): void {
  let cur = data as Record<string, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  cur[path[path.length - 1] as string] = value;
}

describe('seed forms', () => {
  it('are the five forms of seeds 000, 002 and 003 in each of .txt, .docx and .pdf', () => {
    expect(forms.map((f) => f.name).sort()).toEqual(
      ['000 附件2', '000 附件3', '002 附件', '003 附件1', '003 附件2'].flatMap((n) => ['.docx', '.pdf', '.txt'].map((e) => `${n} ${e}`)).sort(),
    );
  });
});

describe('Ajv 2020-12, strict mode', () => {
  it('compiles every form schema', () => {
    for (const f of forms) expect(() => strictAjv().compile(f.attachment.form), f.name).not.toThrow();
  });

  it('accepts a filled example of every form', () => {
    for (const f of forms) {
      const validate = strictAjv().compile(f.attachment.form);
      const ok = validate(exampleOf(f.attachment.form));
      expect(ok, `${f.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('rejects text in a number field', () => {
    let checked = 0;
    for (const f of forms) {
      const validate = strictAjv().compile(f.attachment.form);
      for (const path of [...pathsOfType(f.attachment.form, 'integer'), ...pathsOfType(f.attachment.form, 'number')]) {
        const data = exampleOf(f.attachment.form);
        setAt(data, path, '三场');
        expect(validate(data), `${f.name} ${path.join('/')}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('rejects more rows than the form prints (003 推荐表: 不超过 5 项)', () => {
    const f = forms.find((x) => x.name === '003 附件1 .txt') as SeedForm;
    const validate = strictAjv().compile(f.attachment.form);
    const data = exampleOf(f.attachment.form) as Record<string, unknown>;
    const row = (data['rows'] as unknown[])[0];
    data['rows'] = Array.from({ length: 5 }, () => row);
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    data['rows'] = Array.from({ length: 6 }, () => row);
    expect(validate(data)).toBe(false);
  });

  it('asks for the text of "other, please specify" only when that option is chosen (000 附件2)', () => {
    const f = forms.find((x) => x.name === '000 附件2 .txt') as SeedForm;
    const validate = strictAjv().compile(f.attachment.form);
    const data = exampleOf(f.attachment.form) as Record<string, unknown>;
    const key = 'huo_dong_ni_yi_zhong_guo_yi_qi_yi_biao';
    data[key] = '与本学会相关的其他组织或科技工作者';
    expect(validate(data)).toBe(false);
    data[`${key}_other`] = '北京市海淀区青少年科技馆';
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  });

  it('checks the 联系方式 (电话/手机/邮箱) of 000 附件2 as a phone or an email', () => {
    const f = forms.find((x) => x.name === '000 附件2 .txt') as SeedForm;
    const validate = strictAjv().compile(f.attachment.form);
    const data = exampleOf(f.attachment.form) as Record<string, unknown>;
    for (const good of ['13912345678', '010-58881234', 'Lsh@cis.org.cn']) {
      data['lian_xi_fang_shi'] = good;
      expect(validate(data), good).toBe(true);
    }
    data['lian_xi_fang_shi'] = '下周给';
    expect(validate(data)).toBe(false);
  });
});

describe('react-jsonschema-form, rendered server-side with the Ajv 2020 validator', () => {
  const validator = rjsfValidator();
  const render = (f: SeedForm): string =>
    renderToStaticMarkup(createElement(Form, { schema: f.attachment.form, uiSchema: f.attachment.uiSchema, validator, formData: exampleOf(f.attachment.form) }));
  const unescape = (html: string): string => html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  it('renders every printed field label of every form', () => {
    for (const f of forms) {
      const html = unescape(render(f));
      expect(html, f.name).toContain(`${f.attachment.form['title'] as string}`);
      for (const label of printedLabels(f.attachment)) expect(html, `${f.name}: ${label}`).toContain(label);
    }
  });

  it('renders choices as radio buttons, long text as a textarea and counts as number inputs (000 附件2)', () => {
    const html = render(forms.find((x) => x.name === '000 附件2 .txt') as SeedForm);
    expect(html).toMatch(/type="radio"[^>]*value="0"|value="0"[^>]*type="radio"/);
    expect(html).toContain('<textarea');
    expect(html).toMatch(/type="number"/);
  });

  it('agrees with Ajv on the filled example', () => {
    for (const f of forms) {
      const { errors } = validator.validateFormData(exampleOf(f.attachment.form), f.attachment.form);
      expect(errors, f.name).toEqual([]);
    }
  });
});
