/**
 * @module extract/forms
 * Attachments of a notice that are forms to fill in → JSON Schema + uiSchema + where each field
 * is printed + when and where the form is due. Attachments that are not forms (a plan, a list
 * in prose) are left out unless their title says they are a form (…表, 回执).
 */
import type { Doc, Table } from '../../document.js';
import type { Attachment, Deadline } from '../../record/schema.js';
import { squeezeCjkSpaces } from '../../structure/patterns.js';
import type { ExtractContext } from '../context.js';
import { evidence, evidenceOf } from '../context.js';
import { formLayout } from './layout.js';
import { buildForm } from './schema.js';
import { submissionOf } from './submission.js';

const FORM_TITLE = /(?:表|回执|申请书|申报书)$/;

function tableNumbering(doc: Doc): (t: Table | null) => number | null {
  const tables = doc.blocks.filter((b): b is Table => b.kind === 'table');
  return (t) => (t ? tables.indexOf(t) : null);
}

export function extractAttachments(ctx: ExtractContext, deadlines: readonly Deadline[]): Attachment[] {
  const { doc, structure } = ctx;
  const tableNo = tableNumbering(doc);
  const out: Attachment[] = [];
  for (const a of structure.attachments) {
    const title = a.title ? squeezeCjkSpaces(a.title.text) : null;
    const layout = formLayout(a, title ?? '');
    const built = buildForm(title ?? '', layout);
    if (!built && !FORM_TITLE.test(title ?? '')) continue;
    const first = a.label ?? a.title;
    const lastBlock = a.blocks[a.blocks.length - 1];
    const start = first?.start ?? a.blocks[0]?.start ?? 0;
    const end = lastBlock?.end ?? first?.end ?? start;
    const label = a.label ? squeezeCjkSpaces(a.label.text).replace(/[：:]$/, '') : a.number !== null ? `附件${a.number}` : null;
    const due = submissionOf({ label, title, span: { start, end } }, deadlines, layout.sealRequired);
    out.push({
      label,
      title,
      form: built?.schema ?? null,
      uiSchema: built?.uiSchema ?? null,
      deadline: due.deadline,
      submitTo: due.submitTo,
      sealRequired: due.sealRequired,
      fieldSources: (built?.sources ?? []).map((s) => ({
        pointer: s.pointer,
        title: s.title,
        table: tableNo(s.origin.table),
        row: s.origin.row,
        col: s.origin.col,
        evidence: evidence(doc, s.origin.span.start, s.origin.span.end),
      })),
      evidence: evidence(doc, start, end),
    });
  }
  // Forms named in the 附件说明 but not printed in this file (sent as separate files).
  structure.attachmentNotes.forEach((n, i) => {
    const title = squeezeCjkSpaces(n.text);
    if (!/(?:表|回执)$/.test(title) || out.some((a) => a.title === title)) return;
    const label = structure.attachmentNotes.length > 1 ? `附件${i + 1}` : '附件';
    const due = submissionOf({ label, title, span: { start: n.start, end: n.end } }, deadlines, false);
    out.push({
      label,
      title,
      form: null,
      uiSchema: null,
      deadline: due.deadline,
      submitTo: due.submitTo,
      sealRequired: due.sealRequired,
      fieldSources: [],
      evidence: evidenceOf(doc, n),
    });
  });
  return out;
}
