/**
 * @module extract/forms/submission
 * When a form is due, where it goes and whether it must be sealed, from the notice's own
 * sentences: `注：附件2提交截止日期和邮箱：2023年5月15日前提交邮箱Lsh@cis.org.cn。` under the form,
 * or `于4月15日前将《…推荐表》盖章扫描件及电子版发送至联系人邮箱` in the body.
 */
import type { Span } from '../../document.js';
import type { Deadline, FormDeadline } from '../../record/schema.js';
import { SEAL } from './field.js';

export interface FormRef {
  label: string | null;
  title: string | null;
  span: Span;
}

export interface Submission {
  deadline: FormDeadline | null;
  submitTo: { email: string | null; office: string | null } | null;
  sealRequired: boolean;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const bare = (s: string): string => s.replace(/[《》〈〉\s]/g, '');

function concerns(d: Deadline, form: FormRef): boolean {
  if (d.evidence.start >= form.span.start && d.evidence.end <= form.span.end) return true;
  if (form.label && d.attachment === form.label) return true;
  // `将报名表（附件1）和汇总表（附件2）盖章后报送`: the sentence names the form by its label.
  if (form.label && /\d$/.test(form.label) && new RegExp(`${form.label}(?!\\d)`).test(d.text)) return true;
  const title = form.title ? bare(form.title) : '';
  return title.length > 0 && (d.attachment === form.title || bare(d.what).includes(title));
}

/** A deadline printed inside the form wins; otherwise the earliest one that names it. */
export function submissionOf(form: FormRef, deadlines: readonly Deadline[], sealInForm: boolean): Submission {
  let mine = deadlines.filter((d) => concerns(d, form));
  // `报名截止时间：2024年4月10日17:00` is when a 报名表 (or 报名回执) is due, though it names no form.
  if (mine.length === 0 && /报名/.test(form.title ?? '')) mine = deadlines.filter((d) => /报名/.test(d.what));
  const inside = mine.filter((d) => d.evidence.start >= form.span.start && d.evidence.end <= form.span.end);
  // The earliest; on the same day the one that states a time.
  const pick = [...(inside.length ? inside : mine)].sort((a, b) => a.date.localeCompare(b.date) || (a.time ? -1 : 0) - (b.time ? -1 : 0))[0] ?? null;
  const to = pick?.to ?? null;
  const submitTo = to ? (EMAIL.test(to) ? { email: to, office: null } : { email: null, office: to }) : null;
  const sealRequired = sealInForm || mine.some((d) => SEAL.test(d.what) || SEAL.test(d.text));
  return { deadline: pick ? { date: pick.date, time: pick.time, evidence: pick.evidence, file: null } : null, submitTo, sealRequired };
}
