/**
 * Every attached form rendered live by react-jsonschema-form from the schema and uiSchema the API
 * serves, beside the printed table it came from. Schemas are draft 2020-12: validated by Ajv2020.
 */
import Form from '@rjsf/core';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020.js';
import { useEffect, useState } from 'react';
import { ApiFailure, download, getJson, type NoticeRecord } from './api.js';

const validator = customizeValidator({ AjvClass: Ajv2020 as unknown as NonNullable<Parameters<typeof customizeValidator>[0]>['AjvClass'] });

/** One empty row in every table, so its column labels show before anyone adds a row. */
function firstRows(schema: RJSFSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    if (typeof p === 'object' && p.type === 'array' && typeof p.items === 'object' && !Array.isArray(p.items) && p.items.type === 'object') out[k] = [{}];
  }
  return out;
}

/** The printed table: the stretch of text its field labels were found in. */
function printed(record: NoticeRecord, n: number): string {
  const a = record.attachments[n];
  if (!a) return '';
  const ev = a.fieldSources.map((f) => f.evidence).filter((e) => e.end > e.start);
  if (ev.length === 0) return a.evidence.quote;
  const start = Math.min(...ev.map((e) => e.start));
  const end = Math.max(...ev.map((e) => e.end));
  return record.text.slice(Math.max(0, start - 40), Math.min(record.text.length, end + 40));
}

interface Loaded {
  n: number;
  schema: RJSFSchema;
  ui: UiSchema;
}

export function FormsView({ id }: { id: string }) {
  const [record, setRecord] = useState<NoticeRecord | null>(null);
  const [forms, setForms] = useState<Loaded[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState<Record<number, unknown>>({});
  useEffect(() => {
    (async () => {
      const r = await getJson<NoticeRecord>(`/notices/${id}`);
      setRecord(r);
      const loaded: Loaded[] = [];
      for (const [n, a] of r.attachments.entries()) {
        if (!a.form) continue;
        const schema = await getJson<RJSFSchema>(`/notices/${id}/forms/${n}`);
        const ui = await getJson<UiSchema>(`/notices/${id}/forms/${n}/ui`).catch((e: unknown) => {
          if (e instanceof ApiFailure && e.status === 404) return {};
          throw e;
        });
        loaded.push({ n, schema, ui });
      }
      setForms(loaded);
    })().catch((e: Error) => setError(e.message));
  }, [id]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!record || !forms) return <p>加载中…</p>;
  return (
    <div className="forms">
      <p>
        <a href={`#/notice/${id}`}>← 返回通知</a>
      </p>
      <h1>表单预览：{record.title}</h1>
      {forms.length === 0 && <p>此通知没有可填写的表单。</p>}
      {forms.map(({ n, schema, ui }) => {
        const a = record.attachments[n];
        return (
          <section key={n} className="form-pair" aria-label={`${a?.label ?? ''} ${a?.title ?? ''}`}>
            <h2>
              {a?.label} {a?.title}
            </h2>
            <button type="button" onClick={() => void download(`/notices/${id}/forms/${n}`, `${id}-form-${n}.schema.json`)}>
              下载 JSON Schema
            </button>
            <div className="split">
              <div className="printed">
                <h3>原文表格</h3>
                <pre>{printed(record, n)}</pre>
              </div>
              <div className="rjsf-host" data-form={n}>
                <h3>在线填写</h3>
                <Form schema={schema} uiSchema={{ ...ui, 'ui:submitButtonOptions': { submitText: '检查填写' } }} validator={validator} formData={firstRows(schema)} onSubmit={(e) => setSubmitted((s) => ({ ...s, [n]: e.formData }))} noHtml5Validate />
                {submitted[n] !== undefined && (
                  <p role="status" className="ok">
                    填写内容符合表单要求。
                  </p>
                )}
              </div>
            </div>
          </section>
        );
      })}
    </div>
  );
}
