/**
 * @module errors
 * One typed error for everything that can go wrong with an input file.
 *
 * Errors cross process boundaries (the BullMQ sandbox serialises them), so callers identify
 * them by `name` and `code` — see `isIngestError` — never by `instanceof`.
 */

export const ERROR_CODES = {
  empty_file: { retryable: false, exit: 3 },
  too_large: { retryable: false, exit: 3 },
  unsupported_format: { retryable: false, exit: 3 },
  corrupt_file: { retryable: false, exit: 3 },
  encrypted_file: { retryable: false, exit: 3 },
  no_text_layer: { retryable: false, exit: 3 },
  /** Past a size limit of the content (pages, decompressed bytes, ZIP entries): retrying cannot help. */
  too_complex: { retryable: false, exit: 3 },
  invalid_record: { retryable: false, exit: 4 },
  io_error: { retryable: true, exit: 5 },
  internal_error: { retryable: true, exit: 6 },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type Stage = 'intake' | 'read' | 'structure' | 'extract' | 'record' | 'write';

export interface IngestErrorData {
  name: 'IngestError';
  code: ErrorCode;
  file: string;
  stage: Stage;
  message: string;
}

export class IngestError extends Error {
  override readonly name = 'IngestError' as const;
  readonly code: ErrorCode;
  readonly file: string;
  readonly stage: Stage;

  constructor(code: ErrorCode, file: string, stage: Stage, reason: string, options?: { cause?: unknown }) {
    super(`${file}: ${reason}`, options);
    this.code = code;
    this.file = file;
    this.stage = stage;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }

  toJSON(): IngestErrorData {
    return { name: this.name, code: this.code, file: this.file, stage: this.stage, message: this.message };
  }
}

export function isIngestError(e: unknown): e is IngestErrorData {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'IngestError' &&
    typeof (e as { code?: unknown }).code === 'string' &&
    (e as { code: string }).code in ERROR_CODES
  );
}

/** Wraps anything thrown into an IngestError that names the file and the stage. */
export function toIngestError(e: unknown, file: string, stage: Stage): IngestError {
  if (e instanceof IngestError) return e;
  if (isIngestError(e)) return new IngestError(e.code, e.file, e.stage, e.message.replace(`${e.file}: `, ''));
  const reason = e instanceof Error ? e.message : String(e);
  return new IngestError('internal_error', file, stage, reason, { cause: e });
}
