/**
 * @module bundle
 * A notice that arrives with its attachment files — a ZIP, or a folder — is one record: the file
 * that is a notice gives the record; every other file is read on its own, and the forms found in
 * it become the notice's attachments, matched to the 附件说明 by number and title words. Each such
 * attachment names its `file`; its evidence points into that file's text, kept in `bundle.files`.
 */
import { constants } from 'node:fs';
import { lstat, open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Doc, ReadIssue } from '../document.js';
import { IngestError, toIngestError } from '../errors.js';
import { submissionOf } from '../extract/forms/submission.js';
import { DEFAULT_OPTIONS, processFile, recordFromDoc, type PipelineOptions } from '../pipeline.js';
import { readBytes } from '../readers/index.js';
import type { ZipLimits } from '../readers/zip.js';
import { NoticeRecord as NoticeRecordSchema, type Attachment, type BundleFile, type NoticeRecord } from '../record/schema.js';
import { segment } from '../structure/segment.js';
import type { AttachmentNote, Structure } from '../structure/types.js';
import { DEFAULT_BUNDLE_LIMITS, filesOfFolder, filesOfZip, isBundleZip, type BundleFiles } from './files.js';
import { attachmentNumber, noticeScore, SAME_TITLE, stemOf, titleLikeness } from './match.js';

export interface BundleOptions extends PipelineOptions {
  limits?: ZipLimits;
}

interface Part {
  path: string;
  doc: Doc;
  structure: Structure;
  record: NoticeRecord;
}

async function readParts(input: BundleFiles, options: PipelineOptions): Promise<{ parts: Part[]; issues: ReadIssue[]; errors: IngestError[] }> {
  const parts: Part[] = [];
  const issues: ReadIssue[] = [...input.issues];
  const errors: IngestError[] = [];
  for (const f of input.files) {
    try {
      if (f.bytes.byteLength > options.maxBytes) {
        throw new IngestError('too_large', f.path, 'read', `the file is ${f.bytes.byteLength} bytes, above the limit of ${options.maxBytes} bytes`);
      }
      const doc = await readBytes(f.bytes, f.path);
      parts.push({ path: f.path, doc, structure: segment(doc), record: recordFromDoc(doc, { keywords: false }) });
    } catch (e) {
      const err = toIngestError(e, f.path, 'read');
      errors.push(err);
      issues.push({ code: 'bundle_file_unreadable', lost: true, message: `${input.name}: entry ${f.path}: ${err.code}: ${err.message}` });
    }
  }
  return { parts, issues, errors };
}

const firstLines = (doc: Doc): string[] => doc.blocks.filter((b) => b.kind === 'paragraph').slice(0, 3).map((b) => (b.kind === 'paragraph' ? b.text : ''));

/** The 附件说明 entry a file is: by its number, else by the likeness of its name or form titles. */
function noteFor(part: Part, notes: readonly AttachmentNote[]): { note: AttachmentNote | null; number: number | null } {
  const number = attachmentNumber(part.path, firstLines(part.doc));
  if (number !== null) return { note: notes.find((n) => n.number === number) ?? null, number };
  const names = [stemOf(part.path), ...part.record.attachments.map((a) => a.title ?? '')].filter(Boolean);
  let best: { note: AttachmentNote; score: number } | null = null;
  for (const n of notes) {
    const score = Math.max(...names.map((t) => titleLikeness(t, n.text)));
    if (score >= SAME_TITLE && (!best || score > best.score)) best = { note: n, score };
  }
  return { note: best?.note ?? null, number: best?.note.number ?? null };
}

/** The notice's own entry for an attachment (from its 附件说明 or body) that a file now fills. */
function placeholderIndex(list: readonly Attachment[], label: string | null, title: string | null): number {
  const open = (a: Attachment): boolean => a.form === null && a.file === null;
  const byLabel = label ? list.findIndex((a) => open(a) && a.label === label) : -1;
  if (byLabel >= 0) return byLabel;
  return title ? list.findIndex((a) => open(a) && a.title !== null && titleLikeness(a.title, title) >= SAME_TITLE) : -1;
}

/** The notice's attachments with the forms of its other files merged in. */
export function mergeAttachments(main: Part, others: readonly Part[]): { attachments: Attachment[]; files: BundleFile[] } {
  const attachments = [...main.record.attachments];
  const files: BundleFile[] = [];
  for (const part of others) {
    const { note, number } = noteFor(part, main.structure.attachmentNotes);
    const forms = part.record.attachments.filter((a) => a.form);
    for (const f of forms) {
      const label = number !== null ? `附件${number}` : f.label;
      const title = f.title ?? note?.text ?? null;
      // A deadline printed in the form file wins (as one printed under a form inside a notice
      // does); else the notice's sentences that name the form say when and where it is due.
      const stated = submissionOf({ label, title, span: note ?? { start: 0, end: 0 } }, main.record.deadlines, false);
      const entry: Attachment = {
        ...f,
        label,
        title,
        file: part.path,
        deadline: f.deadline ? { ...f.deadline, file: part.path } : stated.deadline,
        submitTo: f.submitTo ?? stated.submitTo,
        sealRequired: f.sealRequired || stated.sealRequired,
      };
      const at = placeholderIndex(attachments, label, title);
      if (at >= 0) attachments[at] = entry;
      else attachments.push(entry);
    }
    const s = part.doc.source;
    files.push({
      fileName: part.path,
      format: s.format,
      sha256: s.sha256,
      bytes: s.bytes,
      pages: s.pages,
      encoding: s.encoding,
      ...(s.via ? { via: s.via } : {}),
      role: note || forms.length ? 'attachment' : 'other',
      text: part.doc.text,
    });
  }
  return { attachments, files };
}

/** One record for a bundle's files; every failure is an IngestError naming the bundle (and the entry). */
export async function recordOfBundle(input: BundleFiles, options: PipelineOptions = DEFAULT_OPTIONS): Promise<NoticeRecord> {
  const { parts, issues, errors } = await readParts(input, options);
  const scored = parts.map((p) => ({ p, score: noticeScore(p.path, p.structure, p.record.kind === 'form') }));
  const best = scored.reduce<(typeof scored)[number] | null>((a, b) => (!a || b.score > a.score ? b : a), null);
  if (!best) {
    const first = errors[0];
    throw new IngestError(first?.code ?? 'empty_file', input.name, 'read', `no file of the ${input.format === 'zip' ? 'archive' : 'folder'} could be read${first ? ` (entry ${first.message})` : ''}`);
  }
  // The notice itself is read again with keywords when they are wanted (the others never need them).
  const main: Part = options.keywords ? { ...best.p, record: recordFromDoc(best.p.doc, options) } : best.p;
  const { attachments, files } = mergeAttachments(
    main,
    parts.filter((p) => p !== best.p),
  );
  const lost = issues.some((i) => i.lost);
  const candidate: NoticeRecord = {
    ...main.record,
    id: input.sha256.slice(0, 16),
    status: lost ? 'partial' : main.record.status,
    issues: [...main.record.issues, ...issues.map((i) => ({ code: i.code, path: ['bundle'], message: i.message }))],
    attachments,
    bundle: { name: input.name, format: input.format, sha256: input.sha256, files },
  };
  const parsed = NoticeRecordSchema.safeParse(candidate);
  if (!parsed.success) {
    const detail = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new IngestError('invalid_record', input.name, 'record', `the bundle's record does not match the schema (${detail})`);
  }
  return parsed.data;
}

const ZIP_HEAD = 4;

/** Whether the file at `path` is a ZIP bundle, from its first bytes, then its whole content. */
async function zipBundleBytes(path: string, size: number, maxBytes: number): Promise<Uint8Array | null> {
  if (size < ZIP_HEAD || size > maxBytes) return null;
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const head = new Uint8Array(ZIP_HEAD);
    await fh.read(head, 0, ZIP_HEAD, 0);
    if (head[0] !== 0x50 || head[1] !== 0x4b) return null;
  } finally {
    await fh.close();
  }
  const bytes = new Uint8Array(await readFile(path));
  return isBundleZip(bytes) ? bytes : null;
}

/** The bundle at `path` — a folder, or a ZIP of files — or null for any other file. */
export async function bundleAt(path: string, maxBytes: number, limits: ZipLimits = DEFAULT_BUNDLE_LIMITS): Promise<BundleFiles | null> {
  const name = basename(path);
  const st = await lstat(path).catch((e: unknown) => {
    throw new IngestError('io_error', name, 'read', `cannot read the file (${(e as Error).message})`, { cause: e });
  });
  if (st.isDirectory()) return filesOfFolder(path, limits);
  if (!st.isFile()) return null;
  const zip = await zipBundleBytes(path, st.size, maxBytes);
  return zip ? filesOfZip(zip, name, limits) : null;
}

/**
 * Any input: a folder or a ZIP of files is a bundle; any other file goes through processFile.
 * Used by `tongzhi extract`.
 */
export async function processInput(path: string, options: BundleOptions = DEFAULT_OPTIONS): Promise<NoticeRecord> {
  let bundle: BundleFiles | null;
  try {
    bundle = await bundleAt(path, options.maxBytes, options.limits);
  } catch (e) {
    throw toIngestError(e, basename(path), 'read');
  }
  return bundle ? recordOfBundle(bundle, options) : processFile(path, options);
}
