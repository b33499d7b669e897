/**
 * @module extract/forms/signed
 * Opinion cells: `辅导员意见：（是否同意派出） 签名： 年 月 日` is one field a reviewer fills in —
 * the opinion text, who signs it, a seal where the cell asks for one, and the date. Modelled as
 * an object `{ opinion, signature, seal, date }` (only the parts the cell prints), titled by the
 * printed label, so a form generator lays it out as the one box it is on paper.
 */
import type { JsonSchema, UiSchema } from './field-types.js';
import { dateBlank } from './options.js';

export interface SignParts {
  signature: boolean;
  seal: boolean;
  date: boolean;
}

/** What a cell's text asks for besides the opinion: `签名`/`签字`, `盖章`/`公章`/`签章`, `年 月 日`/`日期`. */
export function signParts(text: string): SignParts | null {
  const parts = {
    signature: /签\s*名|签\s*字|签\s*章/.test(text),
    seal: /盖\s*章|公\s*章|签\s*章/.test(text),
    date: /年\s*月\s*日|日\s*期/.test(text),
  };
  return parts.signature || parts.seal || parts.date ? parts : null;
}

/** Labels of a reviewer's box: an opinion, a comment, an approval, a recommendation, a verdict. */
const OPINION = /意见|评语|评价|审核|审批|审查|推荐|鉴定|结论|批示/;
/** A label that is itself the signature or the date (`申请人签名`, `日期`), not an opinion. */
const SIGN_LABEL = /签\s*名|签\s*字|签\s*章|盖\s*章|日\s*期|时\s*间$/;

export const isOpinionLabel = (title: string): boolean => OPINION.test(title) && !SIGN_LABEL.test(title);

export function opinionSchema(base: JsonSchema, parts: SignParts): { schema: JsonSchema; ui: UiSchema } {
  // The opinion itself carries the printed label: a reader that lists leaf fields (the eval's
  // scorer, a flat form generator) sees `辅导员意见`, then what goes with it.
  const label = typeof base['title'] === 'string' && base['title'] ? base['title'] : '意见';
  const properties: Record<string, JsonSchema> = { opinion: { title: label, type: 'string' } };
  if (parts.signature) properties['signature'] = { title: '签名', type: 'string' };
  if (parts.seal) properties['seal'] = { title: '盖章', type: 'boolean' };
  if (parts.date) properties['date'] = { title: '日期', type: 'string', format: 'date' };
  return {
    schema: { ...base, type: 'object', properties },
    // The box's legend already prints the label: the text area under it needs none of its own.
    ui: { 'ui:order': Object.keys(properties), opinion: { 'ui:widget': 'textarea', 'ui:label': false } },
  };
}

/** The scorer's and a reader's test: an object made by opinionSchema is one printed field. */
export const isOpinionObject = (s: JsonSchema): boolean => s['type'] === 'object' && typeof s['properties'] === 'object' && s['properties'] !== null && 'opinion' in (s['properties'] as object);

/** Where a cell asks for a signature, a seal or a date. */
export const SIGNS = /签\s*名|签\s*字|盖\s*章|公\s*章|签\s*章|年\s*月\s*日/;
/** `申请人（签名）：`, `毕业生签名：`: the label of a signature after a declaration. */
const SIGNER = /([^\s。：:；;，,、]{1,14}?[（(]?(?:签\s*名|签\s*字)[）)]?)\s*[：:]/g;
/** What a cell's signature and date parts ask for, said once in the field's description. */
export const signNote = (t: string): string => {
  const asks = [/签\s*名|签\s*字/.test(t) ? '签名' : '', /盖\s*章|公\s*章|签\s*章/.test(t) ? '盖章' : '', /年\s*月\s*日|日期/.test(t) ? '日期' : ''].filter(Boolean);
  return asks.length ? `另须${asks.join('、')}` : '';
};

/**
 * An opinion cell prints its label, a hint, `签名：` and `年 月 日` in one cell
 * (`辅导员意见：（是否同意派出） 签名： 年 月 日`): one field, titled by the label, whose
 * description keeps the hint and says a signature and a date go with it. A declaration followed
 * by its signature (`我自愿申请加入…。 申请人（签名）： 年 月 日`) is titled by the signature's
 * label. Null for a cell that asks for no signature, seal or date.
 */
export function opinionCell(text: string): { label: string; note: string } | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!SIGNS.test(t) || dateBlank(t) !== null) return null;
  const sentence = t.lastIndexOf('。');
  if (sentence >= 0) {
    const signers = [...t.matchAll(SIGNER)];
    const signer = signers.filter((m) => m.index > sentence).pop() ?? signers[0];
    if (signer?.[1] && signer.index > 0) return { label: signer[1], note: [t.slice(0, signer.index).trim(), signNote(t.slice(signer.index))].filter(Boolean).join('；') };
  }
  // The label is the first word, up to its colon: `学校意见： 年 月 日`, `街道意见 （盖章） 年 月 日`.
  const first = /^([^\s：:]+?)\s*(?:[：:]|\s|$)/.exec(t);
  const label = first?.[1]?.trim() ?? '';
  if (!label || dateBlank(label) !== null || /^[（(]/.test(label)) return null;
  const rest = t.slice(first?.[0].length ?? 0).trim();
  const hint = /^[（(]([^（）()]{1,40})[）)]/.exec(rest)?.[1] ?? '';
  return { label, note: [hint, signNote(rest)].filter(Boolean).join('；') };
}

/** `签名：`, `签名（盖章）： 年 月 日`, `…主管部门。 毕业生签名： 年 月 日`: a cell that only signs (and dates) for the label before it. */
export function signatureCell(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  const sentence = t.lastIndexOf('。');
  const tail = t.slice(sentence + 1).replace(/_{2,}|＿{2,}/g, '').trim();
  const m = /^([\u4e00-\u9fa5]{0,8}?)(?:签\s*名|签\s*字|签\s*章|盖\s*章)\s*(?:[（(][^（）()]{0,8}[）)])?\s*[：:]?\s*(?:年\s*月\s*日|日\s*期\s*[：:]?)?$/.exec(tail);
  // A signer named on its own (`学院领导签字`, `经办人签章`) is a blank of its own; after a
  // declaration (`…主管部门。 毕业生签名：`) it signs that declaration.
  return m !== null && (m[1] === '' || sentence >= 0);
}

/**
 * `校内毕业设计指导教师意见： 签字： 年 月 日`, `评估意见： 组长： 组员： 年 月 日`: the labels of
 * one cell are an opinion and who signs it (a signature, the panel's head and members), not blanks.
 */
export function opinionAndSigner(labels: readonly string[]): boolean {
  const [first = '', ...rest] = labels.map((l) => l.trim());
  if (rest.length === 0) return false;
  // A signer named on its own (`具体评价意见：… 评议专家签字： 日期：`) is a blank of its own.
  if (isOpinionLabel(first)) return rest.every((l) => BARE_SIGNER.test(l));
  // `答辩记录： 记录人（签字）： 年 月 日 答辩小组组长（签字）：`: a record its writers sign; but
  // `填表人： 日期：` is two blanks.
  return !/签|日\s*期/.test(first) && rest.some((l) => /签/.test(l)) && rest.every((l) => BARE_SIGNER.test(l) || /^[\u4e00-\u9fa5]{2,10}[（(]\s*(?:签\s*名|签\s*字)\s*[）)]$/.test(l));
}

/** Who signs a box and when, unnamed: `签字`, `日期`, the panel's `组长` and `组员`. */
const BARE_SIGNER = /^(?:签\s*名|签\s*字|签\s*章|日\s*期|(?:专家)?组\s*长|组\s*员|成\s*员)(?:[（(][^（）()]{0,8}[）)])?$/;
