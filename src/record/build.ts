/**
 * @module record/build
 * Fields → a validated NoticeRecord. Validation failures are bugs in tongzhi, not in the input,
 * so they surface as `invalid_record` with zod's issues in the message.
 */
import type { Doc } from '../document.js';
import { IngestError } from '../errors.js';
import type { ExtractedFields } from '../extract/index.js';
import type { NoticeRecord } from './schema.js';
import { NoticeRecord as NoticeRecordSchema, RECORD_SCHEMA_VERSION } from './schema.js';

/** Fields whose absence means the file is probably not a notice at all. */
const CORE: ReadonlyArray<keyof ExtractedFields> = ['title', 'docNumber', 'signedDate'];

const HAN = '\\u3400-\\u9fff\\u3000-\\u303f\\uff00-\\uffef';
const MIXED_SCRIPT_GAP = new RegExp(`(?<=[${HAN}])\\s+(?=[0-9A-Za-z(])|(?<=[0-9A-Za-z)])\\s+(?=[${HAN}])`, 'g');

/**
 * One spacing for every human-readable value, whatever the format: typesetting puts blanks
 * between Chinese and digits (`于 6 月底前`, `2023 年`) that a text copy of the same notice
 * lacks. Blanks between two Chinese words (`热爱科学 崇尚科学`) are meaningful and stay.
 * Evidence quotes keep the text exactly as it is.
 */
export function tidy<T>(value: T): T {
  if (typeof value === 'string') return value.replace(MIXED_SCRIPT_GAP, '').replace(/[ \u00a0]{2,}/g, ' ') as T;
  if (Array.isArray(value)) return value.map(tidy) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'evidence' ? v : tidy(v);
  return out as T;
}

export function buildRecord(doc: Doc, extracted: ExtractedFields): NoticeRecord {
  const fields = tidy(extracted);
  const missingCore = CORE.filter((k) => fields[k] === null).length;
  // What the reader left out (pages, table rows, text past the limits) makes the record partial;
  // each thing it skipped or replaced is an issue, on every path (CLI, workers, eval).
  const lost = (doc.readIssues ?? []).some((r) => r.lost);
  // A form alone is what it is: no notice parts make it partial.
  const notNotice = fields.kind === 'notice' && missingCore === CORE.length;
  const status = lost || notNotice || fields.title === null ? 'partial' : 'ok';
  const issues = [...(doc.readIssues ?? []).map((r) => ({ code: r.code, path: ['text'], message: r.message })), ...fields.issues];
  if (notNotice) {
    issues.unshift({ code: 'not_a_notice', path: [], message: 'no title, 发文字号 or 成文日期 found: this may not be a notice' });
  }
  const candidate = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id: doc.source.sha256.slice(0, 16),
    source: doc.source,
    status,
    text: doc.text,
    ...fields,
    issues,
    bundle: null,
    notice: null,
  };
  const parsed = NoticeRecordSchema.safeParse(candidate);
  if (!parsed.success) {
    const detail = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new IngestError('invalid_record', doc.source.fileName, 'record', `extracted record does not match the schema (${detail})`);
  }
  return parsed.data;
}
