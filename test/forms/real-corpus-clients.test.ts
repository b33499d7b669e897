/**
 * The clients of test/forms/clients.test.ts over the whole real forms corpus (90 forms, their
 * text copies and their original .docx/.doc/.xls/.xlsx files): every form schema compiles in
 * Ajv 2020-12 strict mode, accepts a filled example, and renders in react-jsonschema-form with
 * its title and every printed label. Files are read once (doc-cache.ts).
 */
import Form from '@rjsf/core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/record/schema.js';
import { exampleOf, printedLabels, type Schema } from './fixtures.js';
import { fileOf, formsOf, loadGold, TESTED_FORMATS } from './real-forms.js';
import { rjsfValidator, strictAjv } from './real-clients.js';

interface Named {
  name: string;
  a: Attachment & { form: Schema; uiSchema: Schema };
}

let forms: Named[] = [];
beforeAll(async () => {
  for (const g of loadGold()) {
    for (const format of TESTED_FORMATS) {
      const file = fileOf(g, format);
      if (!file) continue;
      for (const a of await formsOf(file)) if (a.form && a.uiSchema) forms.push({ name: `${g.id}.${format} ${a.title ?? ''}`, a: a as Named['a'] });
    }
  }
}, 600_000);

const unescape = (html: string): string => html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('the real forms corpus as clients read it', () => {
  it('gives forms from the text copies and the originals', () => {
    // 90 text copies, 31 .docx/.xlsx originals (and 59 .doc/.xls with TONGZHI_TEST_LEGACY_FORMS=1)
    expect(forms.length).toBeGreaterThan(TESTED_FORMATS.includes('doc') ? 170 : 110);
  });

  it('every schema compiles in Ajv 2020-12 strict mode and accepts a filled example', () => {
    const ajv = strictAjv();
    for (const f of forms) {
      const validate = ajv.compile(f.a.form);
      expect(validate(exampleOf(f.a.form)), `${f.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('every form renders in rjsf with its title and every printed label', () => {
    const validator = rjsfValidator();
    for (const f of forms) {
      const html = unescape(renderToStaticMarkup(createElement(Form, { schema: f.a.form, uiSchema: f.a.uiSchema, validator, formData: exampleOf(f.a.form) })));
      // A form whose file prints no title line (f116: the title is a cell inside the table) has none.
      if (typeof f.a.form['title'] === 'string') expect(html, f.name).toContain(f.a.form['title']);
      for (const label of printedLabels(f.a)) expect(html, `${f.name}: ${label}`).toContain(label);
    }
  }, 300_000);
});
