/**
 * @module readers/pdf-limits
 * Limits that keep one PDF within bounded time and memory, checked before and while pdfjs runs.
 *
 * pdfjs inflates every FlateDecode stream whole and keeps what it builds from it: a 1 MB file of
 * compressed zeros became 3.3 GB. So the streams are inflated here first, each with a ceiling on
 * its output (zlib stops there, so the check itself stays small), and a file whose streams
 * inflate past the ceilings is refused before pdfjs sees it.
 */
import { inflateSync } from 'node:zlib';

export interface PdfLimits {
  /** Pages read; the rest are skipped with an issue (the record is partial). */
  maxPages: number;
  /** Ruling lines on one page beyond which its tables are not recovered (text is still read). */
  maxRulesPerPage: number;
  /** Grid slots (rows × columns) of one recovered table beyond which it is read as lines. */
  maxGridSlots: number;
  /** Bytes one stream may inflate to. */
  maxStreamBytes: number;
  /** Bytes all streams together may inflate to. */
  maxInflatedBytes: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxPages: 500,
  maxRulesPerPage: 5000,
  maxGridSlots: 20000,
  maxStreamBytes: 64 * 1024 * 1024,
  maxInflatedBytes: 256 * 1024 * 1024,
};

export interface InflateVerdict {
  ok: boolean;
  /** Inflated bytes seen (up to the point of refusal). */
  inflated: number;
  /** Why the file was refused, when it was. */
  reason?: string;
}

const STREAM = Buffer.from('stream', 'latin1');
const END_STREAM = Buffer.from('endstream', 'latin1');
/** Filters nested this deep (FlateDecode over FlateDecode …) are followed. */
const MAX_DEPTH = 4;

/**
 * Inflates every `stream … endstream` body that is zlib data, within the limits. Bodies that
 * are not zlib (JPEG, raw, damaged) are skipped: pdfjs will judge them. One pass over the file.
 */
export function checkInflatedSize(bytes: Uint8Array, limits: Pick<PdfLimits, 'maxStreamBytes' | 'maxInflatedBytes'>): InflateVerdict {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  let at = 0;
  while (at < buf.length) {
    const kw = buf.indexOf(STREAM, at);
    if (kw < 0) break;
    at = kw + STREAM.length;
    // `endstream` also contains `stream`; a body starts after `stream` and its end of line.
    if (kw >= 3 && buf.toString('latin1', kw - 3, kw) === 'end') continue;
    let bodyStart = at;
    if (buf[bodyStart] === 0x0d) bodyStart++;
    if (buf[bodyStart] === 0x0a) bodyStart++;
    if (bodyStart === at) continue; // `stream` inside some other word or string
    const end = buf.indexOf(END_STREAM, bodyStart);
    const body = buf.subarray(bodyStart, end < 0 ? buf.length : end);
    at = end < 0 ? buf.length : end + END_STREAM.length;
    const budget = Math.min(limits.maxStreamBytes, limits.maxInflatedBytes - total);
    const n = inflatedSize(body, budget, 0);
    if (n === null) {
      const why =
        budget < limits.maxStreamBytes
          ? `its compressed streams inflate to more than ${mib(limits.maxInflatedBytes)} in all`
          : `a compressed stream at byte ${bodyStart} inflates to more than ${mib(limits.maxStreamBytes)}`;
      return { ok: false, inflated: total + budget, reason: why };
    }
    total += n;
  }
  return { ok: true, inflated: total };
}

/** Inflated size of `data` if it is zlib data of at most `budget` bytes; 0 if not zlib; null past the budget. */
function inflatedSize(data: Uint8Array, budget: number, depth: number): number | null {
  if (!looksLikeZlib(data)) return 0;
  let out: Buffer;
  try {
    // One byte over the budget is enough to know it is exceeded.
    out = inflateSync(data, { maxOutputLength: Math.max(1, budget + 1), finishFlush: 2 /* Z_SYNC_FLUSH: tolerate truncation */ });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) return null;
    return 0; // not zlib after all, or damaged: pdfjs decides
  }
  if (out.length > budget) return null;
  if (depth + 1 < MAX_DEPTH && looksLikeZlib(out)) {
    const inner = inflatedSize(out, budget, depth + 1);
    if (inner === null) return null;
    return Math.max(out.length, inner);
  }
  return out.length;
}

/** A zlib header: deflate method, a window ≤ 32 KB, and a valid check value. */
function looksLikeZlib(data: Uint8Array): boolean {
  const cmf = data[0];
  const flg = data[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

const mib = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;
