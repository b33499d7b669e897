/**
 * @module intake/job-data
 * What comes back from Redis (job data, job results) is checked here before it names a file: a
 * light module (node:path and intake/shape only), so the queue side (status, retry) and the
 * BullMQ worker process do not load the readers, nor zod.
 */
import { basename, isAbsolute, relative, resolve } from 'node:path';
import type { IngestJobData, IngestResult } from './job.js';
import { count, number, oneOf, orNull, pattern, pick, problems, text, type Check } from './shape.js';

/** A content id (= job id = record id): the first 16 hex of a SHA-256, lower case. */
export const CONTENT_ID = /^[0-9a-f]{16}$/;

/**
 * The BullMQ job id of a content id. BullMQ refuses job ids made only of digits ("Custom Id cannot
 * be integers"), and about one file in 1,850 has a content id of 16 decimal digits.
 */
export const jobIdOf = (id: string): string => `tz-${id}`;
/** The content id of a BullMQ job id (jobs added by hand without the prefix are taken as they are). */
export const contentIdOf = (jobId: string): string => (jobId.startsWith('tz-') ? jobId.slice(3) : jobId);

/** True when `path` is an absolute path without `..` segments that lies inside `dir` (not `dir` itself). */
export function isInside(dir: string, path: string): boolean {
  if (!isAbsolute(path) || path.split(/[\\/]/).includes('..')) return false;
  const rel = relative(resolve(dir), resolve(path));
  return rel !== '' && rel.split(/[\\/]/)[0] !== '..' && !isAbsolute(rel);
}

/**
 * Job data as it comes back from Redis (or anyone who can write to it): checked before a worker
 * reads, moves or names a file after it. `id` names out/records/<id>.json, `path` the file that is
 * read and moved, so both are confined: a content id, and a file inside the inbox.
 */
export function jobDataShape(inbox: string): Record<keyof IngestJobData, Check> {
  return {
    id: pattern(CONTENT_ID, 'must be a content id (16 lower-case hex)'),
    path: (v) => text()(v) ?? (isInside(inbox, v as string) ? null : `must be an absolute path inside the inbox ${inbox} (no ..)`),
    name: text(1),
    size: count,
    queuedAt: number,
  };
}

/** Why job data was refused, in one line: `invalid job data: path: must be …`. */
export class InvalidJobData extends Error {
  override readonly name = 'InvalidJobData';
}

/** The job's data if valid; throws InvalidJobData otherwise (a job id, when given, must be its content id). */
export function parseJobData(raw: unknown, inbox: string, jobId?: string): IngestJobData {
  const shape = jobDataShape(inbox);
  const wrong = problems(raw, shape);
  const data = wrong.length === 0 ? pick<IngestJobData>(raw, shape) : null;
  if (data && data.name !== basename(data.path)) wrong.push('name: must be the file name of path');
  if (data && wrong.length === 0 && jobId !== undefined && jobId !== data.id) wrong.push(`job id ${JSON.stringify(jobId)} is not the data's id ${data.id}`);
  if (!data || wrong.length > 0) throw new InvalidJobData(`invalid job data${jobId === undefined ? '' : ` (job ${jobId})`}: ${wrong.join('; ')}`);
  return data;
}

const ingestResultShape: Record<keyof IngestResult, Check> = {
  id: pattern(CONTENT_ID, 'must be a content id'),
  file: text(),
  record: text(),
  keptAs: orNull(text()),
  status: oneOf(['ok', 'partial']),
};

/** A job's return value as it comes back from Redis (its id names out/records/<id>.json), or null when it is not one. */
export function parseIngestResult(raw: unknown): IngestResult | null {
  return problems(raw, ingestResultShape).length === 0 ? pick<IngestResult>(raw, ingestResultShape) : null;
}
