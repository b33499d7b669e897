/**
 * @module readers/pdf-guard
 * Keeps errors pdfjs raises outside our promises inside the read that caused them.
 *
 * Without a worker, pdfjs delivers its messages through promise callbacks (LoopbackPort). A
 * message handler that throws — "Object already resolved" when a damaged PDF makes the worker
 * side send one font or image twice, a page index that does not exist — rejects a promise no
 * one holds. Node ends the process on that, taking a whole in-process service with it. While a
 * PDF is read, such errors coming from pdfjs's own code fail the read(s) in progress instead;
 * anything else keeps Node's default behaviour.
 */

type Fail = (e: unknown) => void;

const active = new Set<Fail>();

const PDFJS_FRAME = /pdfjs-dist[\\/]/;

function fromPdfjs(e: unknown): boolean {
  return e instanceof Error && typeof e.stack === 'string' && PDFJS_FRAME.test(e.stack);
}

function onRejection(reason: unknown): void {
  if (fromPdfjs(reason)) {
    // After a read has ended (its document destroyed), a late pdfjs error concerns nobody.
    for (const fail of active) fail(reason);
    return;
  }
  // Not pdfjs's: with no other listener, Node's default (`--unhandled-rejections=throw`) applies.
  if (process.listenerCount('unhandledRejection') === 1) throw reason;
}

function onException(error: Error): void {
  if (fromPdfjs(error)) {
    for (const fail of active) fail(error);
    return;
  }
  if (process.listenerCount('uncaughtException') === 1) {
    // What Node does without a listener: print the error and exit.
    process.stderr.write(`${error.stack ?? String(error)}\n`);
    process.exit(1);
  }
}

let installed = false;

export interface PdfjsGuard {
  /** Rejects with the first stray pdfjs error raised while the guard is open. */
  stray: Promise<never>;
  close(): void;
}

/**
 * Opens a guard for one read: race the read against `stray`, and close the guard once the
 * document is destroyed. The listeners stay installed for good once a PDF has been read, so
 * that pdfjs errors raised after a read has ended are dropped too.
 */
export function guardPdfjs(): PdfjsGuard {
  if (!installed) {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    installed = true;
  }
  let fail!: Fail;
  const stray = new Promise<never>((_, reject) => {
    fail = reject;
  });
  // Nobody may be racing it yet when it fires: that must not be an unhandled rejection itself.
  stray.catch(() => undefined);
  active.add(fail);
  return { stray, close: () => active.delete(fail) };
}
