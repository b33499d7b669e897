/**
 * @module pipeline
 * One file → one record: read → structure → extract → validated record. No queue, no I/O
 * besides reading the file; used by the CLI, the workers, the tests and the bench.
 */
import type { Doc } from './document.js';
import { toIngestError } from './errors.js';
import { extractFields } from './extract/index.js';
import type { ReadOptions } from './readers/index.js';
import { DEFAULT_MAX_BYTES, readDocument } from './readers/index.js';
import { buildRecord } from './record/build.js';
import type { NoticeRecord } from './record/schema.js';
import { segment } from './structure/segment.js';
import { basename } from 'node:path';

export interface PipelineOptions extends ReadOptions {
  keywords: boolean;
}

export const DEFAULT_OPTIONS: PipelineOptions = { maxBytes: DEFAULT_MAX_BYTES, keywords: true };

export function recordFromDoc(doc: Doc, options: Pick<PipelineOptions, 'keywords'> = DEFAULT_OPTIONS): NoticeRecord {
  const file = doc.source.fileName;
  let structure;
  try {
    structure = segment(doc);
  } catch (e) {
    throw toIngestError(e, file, 'structure');
  }
  let fields;
  try {
    fields = extractFields(doc, structure, options);
  } catch (e) {
    throw toIngestError(e, file, 'extract');
  }
  return buildRecord(doc, fields);
}

/** Every failure comes out as an IngestError naming the file, the stage and the reason. */
export async function processFile(path: string, options: PipelineOptions = DEFAULT_OPTIONS): Promise<NoticeRecord> {
  let doc: Doc;
  try {
    doc = await readDocument(path, options);
  } catch (e) {
    throw toIngestError(e, basename(path), 'read');
  }
  return recordFromDoc(doc, options);
}
