/**
 * @module record/schema
 * The notice record: the one definition of tongzhi's output. `schemas/notice-record.schema.json`
 * is generated from it; field names are a contract with consumers, keep them.
 */
import { z } from 'zod';

/** 1.1.0 added `kind`, `bundle`, `notice` and the attachments' `file` and `record` (all with defaults: 1.0.0 records still parse). */
export const RECORD_SCHEMA_VERSION = '1.1.0';
const EARLIER_VERSIONS = ['1.0.0'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ description: 'ISO date YYYY-MM-DD' });
const hhmm = z.string().regex(/^\d{2}:\d{2}$/).meta({ description: 'time HH:MM' });

export const Evidence = z
  .object({
    start: z.int().nonnegative(),
    end: z.int().nonnegative(),
    page: z.int().positive().nullable(),
    quote: z.string(),
  })
  .meta({ description: 'Where a value was found: record.text.slice(start, end) === quote' });

export const Issue = z.object({
  code: z.string(),
  path: z.array(z.union([z.string(), z.int()])),
  message: z.string(),
});

export const Level = z.enum(['national', 'provincial', 'municipal', 'district', 'institution']);

export const EventPeriod = z.object({ start: isoDate, end: isoDate, text: z.string(), evidence: Evidence });

export const Event = z.object({
  date: isoDate,
  time: hhmm.nullable(),
  what: z.string(),
  place: z.string().nullable(),
  evidence: Evidence,
});

export const Deadline = z.object({
  date: isoDate,
  time: hhmm.nullable(),
  what: z.string().meta({ description: 'what must be submitted or done' }),
  to: z.string().nullable().meta({ description: 'to whom or which address (email, office)' }),
  attachment: z.string().nullable().meta({ description: 'the attachment (附件N) this deadline belongs to' }),
  text: z.string().meta({ description: 'the sentence that states the deadline' }),
  evidence: Evidence,
});

export const Contact = z.object({
  name: z.string().nullable(),
  org: z.string().nullable(),
  phones: z.array(z.string()),
  faxes: z.array(z.string()),
  emails: z.array(z.string()),
  address: z.string().nullable(),
  postcode: z.string().nullable(),
  evidence: Evidence,
});

export const Reference = z.object({
  title: z.string().nullable(),
  docNumber: z.string().nullable(),
  evidence: Evidence,
});

/** A JSON Schema (draft 2020-12) object describing one attached form. */
export const FormSchema = z.record(z.string(), z.unknown()).meta({ description: 'JSON Schema (draft 2020-12) of the form' });

/** The react-jsonschema-form uiSchema of a form: field order, widgets, help. */
export const UiSchema = z.record(z.string(), z.unknown()).meta({ description: 'react-jsonschema-form uiSchema for the form' });

export const FieldSource = z
  .object({
    pointer: z.string().meta({ description: 'JSON Pointer to the field (or group) inside `form`' }),
    title: z.string().meta({ description: 'the label as printed' }),
    table: z.int().nonnegative().nullable().meta({ description: 'which table of the document (0-based); null for a line outside tables' }),
    row: z.int().nonnegative().nullable().meta({ description: 'grid row of the label cell (0-based); null for a whole table (repeating rows) or a line' }),
    col: z.int().nonnegative().nullable().meta({ description: 'grid column of the label cell (0-based)' }),
    evidence: Evidence,
  })
  .meta({ description: 'Where a form field is printed' });

export const FormDeadline = z.object({
  date: isoDate,
  time: hhmm.nullable(),
  evidence: Evidence,
  file: z
    .string()
    .nullable()
    .default(null)
    .meta({ description: 'the bundle file whose text the evidence points into, when the form file itself states the deadline; null: record.text' }),
});

export const SubmitTo = z
  .object({
    email: z.string().nullable(),
    office: z.string().nullable().meta({ description: 'office or authority the form goes to, when no email is given' }),
  })
  .meta({ description: 'where the filled form is sent' });

export const Attachment = z.object({
  label: z.string().nullable().meta({ description: '附件 label as printed, e.g. 附件1' }),
  title: z.string().nullable(),
  form: FormSchema.nullable(),
  uiSchema: UiSchema.nullable(),
  deadline: FormDeadline.nullable().meta({ description: 'when this form is due, as the notice states it' }),
  submitTo: SubmitTo.nullable(),
  sealRequired: z.boolean().meta({ description: 'the form must carry the unit seal (盖章/公章)' }),
  fieldSources: z.array(FieldSource),
  evidence: Evidence,
  file: z
    .string()
    .nullable()
    .default(null)
    .meta({ description: "the bundle file this attachment was read from (one of bundle.files[].fileName): its evidence and fieldSources point into that file's text (its deadline says where its own evidence is); null when it is printed in record.text" }),
  record: z
    .string()
    .nullable()
    .default(null)
    .meta({ description: 'id of the form record (kind: form) of this attachment, stored when its file arrived on its own' }),
});

export const OutlineItem = z.object({
  number: z.string(),
  heading: z.string(),
  level: z.int().min(1).max(4),
  evidence: Evidence,
});

const SourceFields = {
  fileName: z.string(),
  format: z.enum(['pdf', 'docx', 'text', 'doc', 'xls', 'xlsx', 'html', 'ofd', 'image']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.int().nonnegative(),
  pages: z.int().positive().nullable(),
  encoding: z.string().nullable(),
  via: z.string().optional().meta({ description: 'how the text was got where a format has more than one way: soffice→docx or word-extractor for .doc/.wps' }),
};

export const Source = z.object({
  ...SourceFields,
  published: z.string().optional().meta({ description: '发布时间 as a saved web page printed it' }),
  origin: z.string().optional().meta({ description: '来源 as a saved web page printed it' }),
});


export const BundleFile = z
  .object({
    ...SourceFields,
    fileName: z.string().meta({ description: 'path of the file inside the ZIP or folder' }),
    role: z.enum(['attachment', 'other']).meta({ description: 'attachment: matched to an entry of the 附件说明 or read as a form; other: neither' }),
    text: z.string().meta({ description: "the file's normalised text; the evidence of attachments with this `file` points into it" }),
  })
  .meta({ description: 'A file of a bundle other than the notice itself' });

export const Bundle = z
  .object({
    name: z.string().meta({ description: 'the ZIP file or folder as it arrived' }),
    format: z.enum(['zip', 'folder']),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: "a ZIP's SHA-256; a folder's is the SHA-256 of its files' paths and SHA-256s" }),
    files: z.array(BundleFile),
  })
  .meta({ description: 'A notice that arrived together with its attachment files; `source` is the notice file among them' });

export const NoticeLink = z
  .object({
    id: z.string().meta({ description: 'id of the notice record' }),
    label: z.string().nullable().meta({ description: 'the 附件 label the notice gives this form, e.g. 附件2' }),
  })
  .meta({ description: 'The notice a form record (kind: form) is attached to' });

export const NoticeRecord = z
  .object({
    schemaVersion: z.enum([...EARLIER_VERSIONS, RECORD_SCHEMA_VERSION]),
    id: z.string().meta({ description: 'content hash of the source file (of the ZIP, or of the folder, for a bundle)' }),
    kind: z
      .enum(['notice', 'form'])
      .default('notice')
      .meta({ description: 'form: the file is a form alone (an attachment that arrived without its notice); its one attachment is the form' }),
    source: Source,
    status: z.enum(['ok', 'partial']),
    issues: z.array(Issue),
    text: z.string().meta({ description: 'normalised full text; every evidence offset points into it' }),
    title: z.string().nullable().meta({ description: '标题' }),
    docNumber: z.string().nullable().meta({ description: '发文字号, brackets normalised to 〔〕' }),
    issuers: z.array(z.string()).meta({ description: '发文机关' }),
    recipients: z.array(z.string()).meta({ description: '主送机关' }),
    level: Level.nullable(),
    region: z.string().nullable(),
    signedDate: isoDate.nullable().meta({ description: '成文日期' }),
    printedDate: isoDate.nullable().meta({ description: '印发日期' }),
    disclosure: z.enum(['public', 'not_public']).nullable().meta({ description: '公开属性 from the 附注' }),
    secrecy: z.string().nullable().meta({ description: '密级' }),
    urgency: z.string().nullable().meta({ description: '紧急程度' }),
    themes: z.array(z.string()).meta({ description: '主题' }),
    eventPeriods: z.array(EventPeriod),
    events: z.array(Event),
    deadlines: z.array(Deadline),
    contacts: z.array(Contact),
    references: z.array(Reference),
    attachments: z.array(Attachment),
    outline: z.array(OutlineItem),
    keywords: z.array(z.string()),
    bundle: Bundle.nullable().default(null).meta({ description: 'set when the notice arrived as a ZIP or folder with its attachment files' }),
    notice: NoticeLink.nullable().default(null).meta({ description: 'kind form: the notice this form belongs to, once that notice is stored' }),
  })
  .meta({ title: 'tongzhi notice record', description: 'One Chinese government notice (通知), extracted and grounded' });

export type Evidence = z.infer<typeof Evidence>;
export type Issue = z.infer<typeof Issue>;
export type Level = z.infer<typeof Level>;
export type EventPeriod = z.infer<typeof EventPeriod>;
export type Event = z.infer<typeof Event>;
export type Deadline = z.infer<typeof Deadline>;
export type Contact = z.infer<typeof Contact>;
export type Reference = z.infer<typeof Reference>;
export type Attachment = z.infer<typeof Attachment>;
export type FieldSource = z.infer<typeof FieldSource>;
export type FormDeadline = z.infer<typeof FormDeadline>;
export type OutlineItem = z.infer<typeof OutlineItem>;
export type NoticeRecord = z.infer<typeof NoticeRecord>;
export type Bundle = z.infer<typeof Bundle>;
export type BundleFile = z.infer<typeof BundleFile>;
export type NoticeLink = z.infer<typeof NoticeLink>;

export function recordJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(NoticeRecord, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
