/**
 * @module extract/forms
 * Attachments of a notice that are forms to fill in → JSON Schema + uiSchema + where each field
 * is printed + when and where the form is due. Attachments that are not forms (a plan, a list
 * in prose) are left out unless their title says they are a form (…表, 回执).
 */
import type { Block, Doc, Paragraph, Span, Table } from '../../document.js';
import type { Attachment, Deadline } from '../../record/schema.js';
import { fold, squeezeCjkSpaces } from '../../structure/patterns.js';
import type { AttachmentPart, Located } from '../../structure/types.js';
import type { ExtractContext } from '../context.js';
import { evidence } from '../context.js';
import { flatField, flatFormAfter } from './flat.js';
import type { Item } from './field.js';
import { formLayout } from './layout.js';
import { spacedLabels } from './lines.js';
import { buildForm } from './schema.js';
import { submissionOf } from './submission.js';

const FORM_TITLE = /(?:表|回执单?|申请书|申报书|推荐书|报告书|任务书|报名单|明细卡)$/;

/** A form's name, with an edition note such as （2023年版） after it. */
const isFormTitle = (title: string): boolean => FORM_TITLE.test(fold(title).replace(/[（(][^（）()]{1,12}[)）]$/, ''));

interface Named {
  title: string;
  number: number | null;
  at: Span;
  /** named with a bare `（附件）`: the notice's only attachment, whatever name the body gives it */
  sole?: boolean;
}

/** `《…统计表》(附件)`: a mention with the bare label, no number, no 附后. */
export const isBareAttachmentNote = (mention: string): boolean => /[（(]\s*(?:详见|见)?\s*附件\s*[)）]$/.test(mention);

/** One attachment named twice (in the list, over the form, in the body) is one: same number or same name. */
function sameAttachment(a: Attachment, n: Named): boolean {
  const title = a.title ?? '';
  // `附表2` printed over the form the list names as its second 附件.
  if (n.number !== null && (a.label === `附件${n.number}` || a.label?.replace(/\s+/g, '') === `附表${n.number}`)) return true;
  return title !== '' && (title === n.title || (n.number === null && (title.includes(n.title) || n.title.includes(title))));
}

const FORM_NAME = '(?:表|回执|申请书|申报书|推荐书|报名单)';
/** `填写《…报名表》（详见附件3）`, `填报…推选表(附后)`: a form the body says is attached. */
const NAMED_WITH_NUMBER = new RegExp(`《([^《》]{2,60}?${FORM_NAME})》\\s*[（(]\\s*(?:详见|见)?\\s*(?:附件\\s*([0-9]{1,2})?|附后|附表)\\s*[)）]`, 'gu');
/** `提交2023级新生报到情况统计表(见附件)`, `在推荐审核表(见附件2、附件3)`: a form named before its 附件 note (PDF text: single blanks around figures). */
const BARE_NAMED = new RegExp(`(?:填写|填报|下载|报送|提交|上报|根据|依据|按照|参照|对照|使用|在)\\s*((?:[^\\s，。、；：:《》（）()“”]| (?=[^\\s，。、；：:《》（）()“”])){2,40}?${FORM_NAME})\\s*[（(]\\s*(?:详见|见)?\\s*(?:附件\\s*([0-9]{1,2})?(?:\\s*[、，和及]\\s*附件\\s*[0-9]{1,2})*|附后)\\s*[)）]`, 'gu');
/** `填写附件1《“我为学院代言”…个人报名表》`: the label before the form's name. */
const LABEL_THEN_NAMED = new RegExp(`附件\\s*([0-9]{1,2})\\s*[：:]?\\s*《([^《》]{2,60}?${FORM_NAME})》`, 'gu');
/** `现将《A表》、《B表》印发给你们`, `填写《A表》、《B表》（样本附表）`: several forms sent with the notice. */
const NAMED_LIST = /((?:《[^《》]{2,60}》\s*[、，和及]?\s*){1,8})\s*(?:[（(]\s*(?:样本)?附(?:表|后)\s*[)）]|印发给你们|随文印发|附后)/gu;

/** Forms the text names as attached, up to the first printed attachment. */
function formsNamedInText(ctx: ExtractContext): Named[] {
  const { doc, structure } = ctx;
  const firstAttachment = structure.attachments[0];
  const stop = firstAttachment ? (firstAttachment.label ?? firstAttachment.title ?? firstAttachment.blocks[0] ?? { start: doc.text.length }).start : doc.text.length;
  // Read folded (traditional pages: 根據…申報表(附件1)); names are taken from the printed text.
  const printed = doc.text.slice(0, stop);
  const text = fold(printed);
  const out: Named[] = [];
  for (const re of [NAMED_WITH_NUMBER, BARE_NAMED]) {
    for (const m of text.matchAll(re)) {
      if (!m[1]) continue;
      const start = m.index + m[0].indexOf(m[1]);
      out.push({ title: squeezeCjkSpaces(printed.slice(start, start + m[1].length)), number: m[2] ? Number(m[2]) : null, at: { start, end: start + m[1].length }, sole: isBareAttachmentNote(m[0]) });
    }
  }
  for (const m of text.matchAll(LABEL_THEN_NAMED)) {
    if (!m[2]) continue;
    const start = m.index + m[0].lastIndexOf(m[2]);
    out.push({ title: squeezeCjkSpaces(printed.slice(start, start + m[2].length)), number: Number(m[1]), at: { start, end: start + m[2].length } });
  }
  for (const m of text.matchAll(NAMED_LIST)) {
    for (const t of (m[1] ?? '').matchAll(/《([^《》]{2,60})》/gu)) {
      if (!t[1]) continue;
      const start = m.index + (t.index ?? 0) + 1;
      out.push({ title: squeezeCjkSpaces(t[1]), number: null, at: { start, end: start + t[1].length } });
    }
  }
  return out;
}

function tableNumbering(doc: Doc): (t: Table | null) => number | null {
  const tables = doc.blocks.filter((b): b is Table => b.kind === 'table');
  return (t) => (t ? tables.indexOf(t) : null);
}

/** A share of empty cells (or tick boxes) that a table to fill in has and a filled list (名单) has not. */
function hasBlanks(t: Table): boolean {
  const cells = t.rows.flat();
  const open = cells.filter((c) => c.text.trim() === '' || /[□☐]/.test(c.text)).length;
  return cells.length > 0 && open / cells.length >= 0.15;
}

/** `项目编号:`: a label and its colon, the blank after it. */
const BLANK_LINE = /^[^：:。]{2,20}[：:]\s*$/;
/** A line of the title block: short, no sentence, no label with its colon, not a hint in brackets. */
const TITLE_LINE = /^[^。：:；;]{2,60}$/;
/** `表5` printed over a form's title: the form's number in a set, not its name. */
const TABLE_NUMBER = /^(?:附\s*)?表\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[：:]?$/;

/**
 * A form whose title is printed in its table's first row (`资格评定表 |  |  | …`, an Excel sheet's
 * merged title cell): that cell, when it is the row's first text and names a form.
 */
export function titleCell(t: Table): Located | null {
  const first = t.rows[0]?.find((c) => c.text.trim() !== '');
  if (!first || first.col !== 0) return null;
  const text = squeezeCjkSpaces(first.text.replace(/\s+/g, ' ').trim());
  if (text.length > 60 || /[：:。]/.test(text) || !isFormTitle(text.replace(/\s+/g, ''))) return null;
  return { text, start: first.start, end: first.end, page: null };
}

/**
 * A file that IS a form, sent alone (the 报名表.docx of a notice) with no notice around it and no
 * 附件 label: its title lines, then tables to fill in, with no sentence of a notice before the
 * first table. The whole file is then one attachment, titled by its printed title lines.
 */
export function bareForm(blocks: readonly Block[]): AttachmentPart | null {
  const firstTable = blocks.findIndex((b) => b.kind === 'table');
  const head = (firstTable < 0 ? blocks : blocks.slice(0, firstTable)) as Paragraph[];
  const tables = blocks.filter((b): b is Table => b.kind === 'table');
  let i = 0;
  while (i < head.length && TABLE_NUMBER.test(head[i]?.text.trim() ?? '')) i++;
  // Sentences before the table make a notice, unless a form's title comes first (its 注意事项).
  const formFirst = isFormTitle(squeezeCjkSpaces(head[i]?.text.trim() ?? ''));
  // With no table the whole file is the head: its sentences, not its length, tell a notice; so
  // does a long head, unless it is mostly blanks to fill (`项目编号:` `项目名称:` … over a table).
  const headBlanks = head.filter((p) => BLANK_LINE.test(p.text.trim())).length;
  if ((firstTable >= 0 && head.length > 14 && headBlanks < 3) || (!formFirst && head.some((p) => /。/.test(p.text) && !/^[（(].*[）)]$/.test(p.text.trim())))) return null;
  const inTable = i === head.length && tables[0] ? titleCell(tables[0]) : null;
  if (inTable) return { label: null, number: null, title: inTable, blocks: blocks.slice(firstTable) };
  const lines: Paragraph[] = [];
  for (; i < head.length && lines.length < 4; i++) {
    const p = head[i] as Paragraph;
    const t = p.text.trim();
    // `回执：专家推荐表`: a colon inside the title of a form, not after a label.
    const titled = TITLE_LINE.test(t) || (t.length <= 60 && !/。/.test(t) && isFormTitle(t) && !/[：:]$/.test(t));
    if (!titled || /^[（(]/.test(t) || /\s{2,}\S+\s{2,}/.test(t) || spacedLabels(t)) break;
    lines.push(p);
  }
  const first = lines[0];
  const last = lines[lines.length - 1];
  // A table alone with blanks to fill, its title printed where the reader does not see it (a page header).
  if ((!first || !last) && head.length === 0 && tables.some(hasBlanks)) return headedSheet(blocks.slice(firstTable));
  if (!first || !last) return null;
  // A bracketed qualifier on its own line (（综合类）) completes the title; a year line (（2026年度）) or a hint does not.
  const next = head[i];
  const qualifier = next && /^[（(][^（）()]{1,8}类[）)]$/.test(next.text.trim()) ? next : null;
  const titleText = [...lines, ...(qualifier ? [qualifier] : [])].map((p) => p.text.trim()).join('');
  // A form's name is enough for a table (a header row alone, a 样表 printed with sample values).
  const named = isFormTitle(squeezeCjkSpaces(titleText));
  // With no table, a form's name or the blanks it prints (`项目编号:` `项目名称:` … of a 结题报告).
  const blanks = blocks.filter((b) => b.kind === 'paragraph' && BLANK_LINE.test(b.text.trim())).length;
  const isForm = tables.length ? named || tables.some(hasBlanks) || blanks >= 3 : (named && blocks.length - lines.length >= 2) || blanks >= 3;
  if (!isForm) return null;
  const end = (qualifier ?? last).end;
  return {
    label: null,
    number: null,
    title: { text: titleText, start: first.start, end, page: first.page },
    blocks: blocks.slice(blocks.indexOf(qualifier ?? last) + 1),
  };
}

/**
 * A workbook sent as a form: each sheet (a page of the Doc, see readers/xls) is a form of its
 * own, titled by its banner lines, its title cell, or the heading across its first row
 * (`拟发表的论文`). A workbook of one sheet, or any other file, stays one form.
 */
export function sheetForms(doc: Doc, bare: AttachmentPart): AttachmentPart[] {
  if (doc.source.format !== 'xls' && doc.source.format !== 'xlsx') return [bare];
  const sheets = new Map<number, Block[]>();
  for (const b of doc.blocks) if (b.page !== null) sheets.set(b.page, [...(sheets.get(b.page) ?? []), b]);
  const withTables = [...sheets.values()].filter((bs) => bs.some((b) => b.kind === 'table'));
  if (withTables.length < 2) return [bare];
  return withTables.map((blocks) => bareForm(blocks) ?? headedSheet(blocks));
}

/** A sheet or a table with no title lines: the lone cell across its table's first row names it, if any. */
function headedSheet(blocks: Block[]): AttachmentPart {
  const table = blocks.find((b): b is Table => b.kind === 'table');
  const filled = table?.rows[0]?.filter((c) => c.text.trim() !== '') ?? [];
  const head = filled.length === 1 && filled[0] && filled[0].text.trim().length <= 30 && !/[：:。]/.test(filled[0].text) ? filled[0] : null;
  const title: Located | null = head ? { text: squeezeCjkSpaces(head.text.trim()), start: head.start, end: head.end, page: table?.page ?? null } : null;
  return { label: null, number: null, title, blocks };
}

/** `附表2 郑州轻工业学院`, `附件3：`: the label of a further printed form, and what follows it on its line. */
const LATER_LABEL = /^(附\s*[件表]\s*[0-9０-９]{1,2})\s*[：:.．、]?\s*(.*)$/;

/**
 * An attachment part that prints several forms, each under its own label (`附表1 …申请表`,
 * `附表2 …登记表`, `附表3：`), when the notice's structure saw only the first: one part per form.
 * A label whose part holds no table (a note naming 附表2) stays with the form before it.
 */
export function splitAtLabels(part: AttachmentPart): AttachmentPart[] {
  const cuts = part.blocks.flatMap((b, i) => (i > 0 && b.kind === 'paragraph' && LATER_LABEL.test(b.text.trim()) && part.blocks.slice(i + 1).some((x) => x.kind === 'table') ? [i] : []));
  const out: AttachmentPart[] = [];
  let from = 0;
  let current: AttachmentPart = part;
  for (const [k, cut] of cuts.entries()) {
    const end = cuts[k + 1] ?? part.blocks.length;
    const blocks = part.blocks.slice(cut, end);
    if (!blocks.some((b) => b.kind === 'table')) continue;
    out.push({ ...current, blocks: part.blocks.slice(from, cut) });
    current = labelledForm(blocks);
    from = end - current.blocks.length;
  }
  out.push({ ...current, blocks: part.blocks.slice(from) });
  return out;
}

/** A form's part from its label line: the title is the rest of that line and the title lines under it. */
function labelledForm(blocks: Block[]): AttachmentPart {
  const head = blocks[0] as Paragraph;
  const m = LATER_LABEL.exec(head.text.trim());
  const lines: Located[] = [];
  const rest = m?.[2] ?? '';
  if (rest) lines.push({ text: rest, start: head.end - rest.length, end: head.end, page: head.page });
  let i = 1;
  for (; i < blocks.length && lines.length < 3; i++) {
    const b = blocks[i];
    if (!b || b.kind !== 'paragraph') break;
    const t = b.text.trim();
    if (!TITLE_LINE.test(t) || spacedLabels(t) || /\s{2,}\S+\s{2,}/.test(t)) break;
    lines.push({ text: t, start: b.start, end: b.end, page: b.page });
    if (isFormTitle(squeezeCjkSpaces(t))) {
      i++;
      break;
    }
  }
  const first = lines[0];
  const last = lines[lines.length - 1];
  const title = first && last ? { text: lines.map((l) => l.text).join(''), start: first.start, end: last.end, page: first.page } : null;
  const label = m?.[1] ? { text: m[1], start: head.start, end: head.start + m[1].length, page: head.page } : null;
  const number = Number((m?.[1] ?? '').replace(/\D/g, '').normalize('NFKC')) || null;
  return { label, number, title, blocks: blocks.slice(i) };
}

/** The file as a form alone: no notice parts were found around it and nothing else is attached. */
export const formAlone = (ctx: ExtractContext): AttachmentPart | null =>
  ctx.structure.attachments.length === 0 && !ctx.structure.docNumber && !ctx.structure.signedDate ? bareForm(ctx.doc.blocks) : null;

/** `bare`: the file is a form alone (formAlone), read as its one attachment. */
export function extractAttachments(ctx: ExtractContext, deadlines: readonly Deadline[], bare: AttachmentPart | null = formAlone(ctx)): Attachment[] {
  const { doc, structure } = ctx;
  const tableNo = tableNumbering(doc);
  const out: Attachment[] = [];
  for (const a of (bare ? sheetForms(doc, bare) : structure.attachments).flatMap(splitAtLabels)) {
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
      file: null,
      record: null,
    });
  }
  // Forms named in the 附件说明 or in the body but not printed in this file (sent as separate files).
  const named: Named[] = [...structure.attachmentNotes.map((n) => ({ title: squeezeCjkSpaces(n.text), number: n.number, at: n as Span })), ...formsNamedInText(ctx)];
  for (const n of named) {
    if (!isFormTitle(n.title) || out.some((a) => sameAttachment(a, n))) continue;
    // The body's own name for the one form printed after the notice (a shorter or older name).
    if (n.sole && structure.attachments.length === 1 && out.length === 1) continue;
    const label = n.number !== null ? `附件${n.number}` : '附件';
    // A form whose table was run into one line by a page copy (`…推荐表 单位名称 联系人姓名 …`).
    const flat = flatFormAfter(doc.text, n.title, n.at.end);
    const built = flat ? buildForm(n.title, { items: flat.map((f): Item => ({ kind: 'field', field: flatField(f) })), sealRequired: flat.some((f) => f.signed?.seal) }) : null;
    const due = submissionOf({ label, title: n.title, span: { start: n.at.start, end: n.at.end } }, deadlines, built !== null && (flat?.some((f) => f.signed?.seal) ?? false));
    out.push({
      label,
      title: n.title,
      form: built?.schema ?? null,
      uiSchema: built?.uiSchema ?? null,
      deadline: due.deadline,
      submitTo: due.submitTo,
      sealRequired: due.sealRequired,
      fieldSources: (built?.sources ?? []).map((s) => ({ pointer: s.pointer, title: s.title, table: null, row: null, col: null, evidence: evidence(doc, s.origin.span.start, s.origin.span.end) })),
      evidence: evidence(doc, n.at.start, n.at.end),
      file: null,
      record: null,
    });
  }
  return out;
}
