/**
 * @module extract/forms/field-types
 * The JSON Schema of one printed field, inferred from its label, hint and options, and the
 * rjsf uiSchema entry that goes with it. Rules in order: choices, counts, money, dates, email,
 * phone, then text (long text gets a textarea; `（100 字以内）` a maxLength).
 */
import type { Field } from './field.js';
import { toChoice } from './options.js';
import { opinionSchema } from './signed.js';

export type JsonSchema = Record<string, unknown>;
export type UiSchema = Record<string, unknown>;

export interface FieldSchema {
  schema: JsonSchema;
  ui: UiSchema;
  /** the option that asks for its own text, and what to ask */
  other: { value: string; specify: string } | null;
}

const COUNT = /人数|次数|数量|个数|件数|项数|人次|场次|名额|户数|家数|台数|套数|篇数|册数/;
const MONEY = /经费|金额|资金|费用|预算|投资|收入|支出|万元|（元）|\(元\)/;
const MONEY_UNIT = /^(?:万?元|亿元|千元)$/;
const DATE = /日期|时间|时段|期间|年月/;
const DATE_RANGE = /起止|起讫|期间|时段|周期|(?:举办|活动|开展|实施|执行)时间/;
const EMAIL = /邮箱|e-?mail|电子信箱|电邮/i;
const MOBILE = /手机/;
const PHONE = /电话|传真|手机|联系方式/;
/** a label that asks for several things at once (联系人及电话, 举办时间、地点) stays free text */
const COMPOUND = /及|和|与|、|\/|联系人|姓名|地点|地址/;
const LONG_TEXT = /简介|简述|说明|内容|介绍|事迹|摘要|备注|意见|建议|方案|概况|总结|情况|理由|描述|成效|特色|亮点/;
const PHOTO = /^(?:[（(]?(?:贴|粘贴)?[^（）()]{0,8}(?:照片|相片|近照)[）)]?|照片|相片)$/;
const MULTI = /可多选|多选|可复选|（多项）/;

export const MOBILE_PATTERN = '^1[3-9]\\d{9}$';
/** mobile, or landline with optional area code (010-12345678, (0533)1234567) and extension */
export const PHONE_PATTERN = '^(?:1[3-9]\\d{9}|(?:\\(0\\d{2,3}\\)|（0\\d{2,3}）|0\\d{2,3}[- ]?)?\\d{7,8}(?:(?:-|转)\\d{1,6})?)$';
/** 18-digit 居民身份证号码, the last character a digit or X */
export const ID_CARD_PATTERN = '^\\d{17}[\\dXx]$';
const PHONE_OR_EMAIL_PATTERN = `^(?:${PHONE_PATTERN.slice(1, -1)}|[^@\\s]+@[^@\\s]+\\.[^@\\s]+)$`;

/** `（100 字以内）`, `不超过300字`, `限200字` → the number. */
export function maxLengthOf(text: string): number | null {
  const m = /(\d{1,5})\s*字(?:以内|之内|左右)|不超过\s*(\d{1,5})\s*(?:个)?字|限\s*(\d{1,5})\s*字/.exec(text);
  const n = m ? Number(m[1] ?? m[2] ?? m[3]) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

function withUnit(description: string | null, unit: string | null): string | null {
  if (!unit || (description ?? '').includes(unit)) return description;
  return [description, `单位：${unit}`].filter(Boolean).join('；');
}

function choiceSchema(f: Field, base: JsonSchema): FieldSchema {
  const choices = f.options.map(toChoice);
  const values = choices.map((c) => c.value);
  const otherChoice = choices.find((c) => c.specify !== null);
  const other = otherChoice?.specify ? { value: otherChoice.value, specify: otherChoice.specify } : null;
  if (MULTI.test(f.title + (f.description ?? ''))) {
    return { schema: { ...base, type: 'array', items: { type: 'string', enum: values }, uniqueItems: true }, ui: { 'ui:widget': 'checkboxes' }, other };
  }
  return { schema: { ...base, type: 'string', enum: values }, ui: { 'ui:widget': 'radio' }, other };
}

export function fieldSchema(f: Field): FieldSchema {
  const hint = f.description ?? '';
  const label = f.title;
  const base: JsonSchema = { title: f.title };
  if (f.description) base['description'] = f.description;
  if (f.options.length > 1) return choiceSchema(f, base);
  // `照 片 （请附电子版）`, `（贴小一寸彩色近照）`: a picture to upload, not text.
  if (PHOTO.test(label.replace(/\s+/g, ''))) return { schema: { ...base, type: 'string', contentMediaType: 'image/*' }, ui: { 'ui:widget': 'file', 'ui:options': { accept: 'image/*' } }, other: null };
  if (f.tick) return { schema: { ...base, type: 'boolean' }, ui: { 'ui:widget': 'checkbox' }, other: null };
  if (f.signed) return { ...opinionSchema(base, f.signed), other: null };

  const numeric = (type: 'integer' | 'number'): FieldSchema => {
    const description = withUnit(f.description, f.unit);
    return { schema: { ...base, ...(description ? { description } : {}), type, minimum: 0 }, ui: {}, other: null };
  };
  const isMoney = MONEY.test(label + hint) || (f.unit !== null && MONEY_UNIT.test(f.unit));
  if (COUNT.test(label) && !MONEY.test(label)) return numeric('integer');
  if (isMoney && (MONEY.test(label) || COUNT.test(label))) return numeric('number');
  if (hint.endsWith('年月日') && !COMPOUND.test(label)) return { schema: { ...base, type: 'string', format: 'date' }, ui: {}, other: null };
  if ((/年月$/.test(label) || hint.endsWith('年月')) && !COMPOUND.test(label)) {
    // 出生年月: a month, not a day.
    return { schema: { ...base, description: [f.description, '年-月，如 2010-09'].filter(Boolean).join('；'), type: 'string', pattern: '^\\d{4}-(?:0[1-9]|1[0-2])$' }, ui: {}, other: null };
  }
  if (DATE.test(label) && !COMPOUND.test(label)) {
    if (DATE_RANGE.test(label)) {
      // One date for a one-day event, two for its first and last day.
      const description = [f.description, '一天填一个日期，跨多天填开始和结束日期'].filter(Boolean).join('；');
      return { schema: { ...base, description, type: 'array', items: { type: 'string', format: 'date' }, minItems: 1, maxItems: 2 }, ui: { 'ui:options': { orderable: false } }, other: null };
    }
    return { schema: { ...base, type: 'string', format: 'date' }, ui: {}, other: null };
  }
  if (EMAIL.test(label) && !PHONE.test(label) && !COMPOUND.test(label.replace(EMAIL, ''))) return { schema: { ...base, type: 'string', format: 'email' }, ui: {}, other: null };
  if (PHONE.test(label) && !COMPOUND.test(label)) {
    const pattern = /联系方式/.test(label)
      ? EMAIL.test(hint)
        ? PHONE_OR_EMAIL_PATTERN
        : PHONE_PATTERN
      : MOBILE.test(label) && !/电话/.test(label)
        ? MOBILE_PATTERN
        : PHONE_PATTERN;
    return { schema: { ...base, type: 'string', pattern }, ui: {}, other: null };
  }
  if (/身份证/.test(label) && !COMPOUND.test(label)) return { schema: { ...base, type: 'string', pattern: ID_CARD_PATTERN }, ui: {}, other: null };
  if (/邮编|邮政编码/.test(label)) return { schema: { ...base, type: 'string', pattern: '^\\d{6}$' }, ui: {}, other: null };
  const maxLength = maxLengthOf(label + hint);
  const schema: JsonSchema = { ...base, type: 'string', ...(maxLength ? { maxLength } : {}) };
  const long = LONG_TEXT.test(label) || (maxLength !== null && maxLength > 50);
  const ui: UiSchema = {};
  if (long) ui['ui:widget'] = 'textarea';
  if (maxLength) ui['ui:help'] = `不超过 ${maxLength} 字`;
  return { schema, ui, other: null };
}
