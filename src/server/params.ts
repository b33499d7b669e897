/**
 * @module server/params
 * Query and path parameters of the API, validated once: bad input is a 400 with a code, never a
 * path built from what the client sent.
 */
import { isNoticeId, type Paging, type SearchFilters } from '../sinks/index.js';

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 500 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_PAGE_SIZE = 100;
export const ID_MESSAGE = 'a notice id is 16 lower-case hex digits';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function noticeId(raw: string | undefined): string {
  if (!raw || !isNoticeId(raw)) throw new ApiError(400, 'invalid_id', ID_MESSAGE);
  return raw;
}

export function formIndex(raw: string | undefined): number {
  if (!raw || !/^\d{1,4}$/.test(raw)) throw new ApiError(400, 'invalid_form_index', 'a form index is a non-negative integer');
  return Number(raw);
}

function positive(query: (k: string) => string | undefined, key: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = query(key);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > max) throw new ApiError(400, 'invalid_parameter', `${key} must be an integer from 1 to ${max}`);
  return n;
}

export function paging(query: (k: string) => string | undefined, defaultSize = 20): Paging {
  return { page: positive(query, 'page', 1), pageSize: positive(query, 'pageSize', defaultSize, MAX_PAGE_SIZE) };
}

export function filters(query: (k: string) => string | undefined): SearchFilters {
  const out: SearchFilters = {};
  const level = query('level');
  if (level) out.level = level;
  const region = query('region');
  if (region) out.region = region;
  const issuer = query('issuer');
  if (issuer) out.issuer = issuer;
  const year = query('year');
  if (year) {
    if (!/^\d{4}$/.test(year)) throw new ApiError(400, 'invalid_parameter', 'year must be four digits');
    out.year = Number(year);
  }
  const after = query('deadlineAfter');
  if (after) {
    if (!ISO_DATE.test(after) || Number.isNaN(Date.parse(after))) throw new ApiError(400, 'invalid_parameter', 'deadlineAfter must be a date YYYY-MM-DD');
    out.deadlineAfter = after;
  }
  return out;
}
