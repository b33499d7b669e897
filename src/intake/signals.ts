/**
 * @module intake/signals
 * Graceful shutdown: the first SIGINT/SIGTERM stops taking work and lets the current jobs finish
 * (or be released); a second one exits at once.
 */
import type pino from 'pino';

/** Resolves once `close` has run after a signal. */
export function untilSignal(close: () => Promise<void>, log: pino.Logger): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      stopping = true;
      log.info({ signal }, 'stopping: no new jobs; finishing the current ones');
      close().then(
        () => resolve(0),
        (e: unknown) => {
          log.error({ err: (e as Error).message }, 'error while stopping');
          resolve(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
