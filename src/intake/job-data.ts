/**
 * @module intake/job-data
 * What comes back from Redis (job data, job results) is checked here before it names a file: a
 * light module (zod and node:path only), so the queue side (status, retry) does not load the readers.
 */
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import type { IngestJobData } from './job.js';

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
export function jobDataSchema(inbox: string) {
  return z
    .object({
      id: z.string().regex(CONTENT_ID, 'must be a content id (16 lower-case hex)'),
      path: z.string().refine((p) => isInside(inbox, p), `must be an absolute path inside the inbox ${inbox} (no ..)`),
      name: z.string().min(1),
      size: z.number().int().nonnegative(),
      queuedAt: z.number(),
    })
    .refine((d) => d.name === basename(d.path), { message: 'must be the file name of path', path: ['name'] });
}

/** Why job data was refused, in one line: `invalid job data: path: must be …`. */
export class InvalidJobData extends Error {
  override readonly name = 'InvalidJobData';
}

/** The job's data if valid; throws InvalidJobData otherwise (a job id, when given, must be its content id). */
export function parseJobData(raw: unknown, inbox: string, jobId?: string): IngestJobData {
  const parsed = jobDataSchema(inbox).safeParse(raw);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`);
  if (parsed.success && jobId !== undefined && jobId !== parsed.data.id) problems.push(`job id ${JSON.stringify(jobId)} is not the data's id ${parsed.data.id}`);
  if (!parsed.success || problems.length > 0) throw new InvalidJobData(`invalid job data${jobId === undefined ? '' : ` (job ${jobId})`}: ${problems.join('; ')}`);
  return parsed.data;
}

/** A job's return value as it comes back from Redis: its id names out/records/<id>.json. */
export const ingestResultSchema = z.object({
  id: z.string().regex(CONTENT_ID),
  file: z.string(),
  record: z.string(),
  keptAs: z.string().nullable(),
  status: z.enum(['ok', 'partial']),
});
