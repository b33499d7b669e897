/**
 * Renders one attached form of a notice as the web form react-jsonschema-form builds from our
 * schema (server-side, Ajv 2020 validator), into a standalone HTML page for screenshots:
 *   npx tsx test/tools/form-preview.ts FILE LABEL > form.html
 *   chromium --headless --no-sandbox --screenshot=form.png --window-size=900,1400 form.html
 */
import Form from '@rjsf/core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { processFile } from '../../src/pipeline.js';
import { rjsfValidator } from '../forms/real-clients.js';

const [file, label] = process.argv.slice(2);
if (!file || !label) {
  process.stderr.write('usage: form-preview.ts FILE LABEL (e.g. 附件2)\n');
  process.exit(2);
}
const record = await processFile(file, { maxBytes: 1 << 28, keywords: false });
const a = record.attachments.find((x) => x.label === label && x.form);
if (!a?.form) {
  process.stderr.write(`${file}: no form labelled ${label}\n`);
  process.exit(1);
}
const validator = rjsfValidator();
const html = renderToStaticMarkup(createElement(Form, { schema: a.form, uiSchema: a.uiSchema ?? {}, validator, formData: {} }));
const css = `body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;max-width:820px;margin:24px auto;color:#222}
legend{font-size:20px;font-weight:600;margin-bottom:8px}fieldset{border:0;padding:0}.form-group{margin:10px 0}
label.control-label{display:block;font-weight:600;margin-bottom:4px}.field-description,.help-block{color:#666;font-size:13px;margin:2px 0 4px}
input.form-control,textarea.form-control,select.form-control{width:100%;box-sizing:border-box;padding:6px;border:1px solid #bbb;border-radius:4px;font-size:14px}
textarea.form-control{min-height:70px}.radio{display:inline-block;margin-right:14px}.radio label{font-weight:normal}
.btn{padding:6px 14px;border:1px solid #888;border-radius:4px;background:#f4f4f4}.btn-info{background:#1d6fd6;color:#fff;border-color:#1d6fd6}
.array-item-add{margin:4px 0}.glyphicon-plus:before{content:"+"}.glyphicon-remove:before{content:"×"}`;
process.stdout.write(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${a.title ?? ''}</title><style>${css}</style><body>${html}</body></html>\n`);
