/**
 * @module readers/bounded-process
 * Runs an external converter (LibreOffice, tesseract) with a deadline: past it the process, or
 * its whole process group when it starts helpers of its own, is killed and the caller's timeout
 * error is raised. Only the tail of stderr is kept, so a chatty tool cannot grow memory.
 */
import { spawn } from 'node:child_process';

export interface BoundedRun {
  timeoutMs: number;
  /** The error to raise when the deadline passes (each caller has its own typed timeout). */
  onTimeout: () => Error;
  /** Kill the process group, not just the child: for launchers such as the `soffice` script. */
  group?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Name used in the exit-code error. */
  name: string;
}

const STDERR_TAIL = 4096;

/** The process was ended by a signal that was not ours (the OOM killer, an operator's kill). */
export class KilledBySignal extends Error {
  constructor(
    readonly tool: string,
    readonly signal: NodeJS.Signals,
  ) {
    super(`${tool} was killed by ${signal}`);
  }
}

/** Resolves with the tail of stderr on exit code 0; rejects on any other end. */
export function runBounded(bin: string, args: readonly string[], run: BoundedRun): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      detached: run.group === true,
      env: run.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-STDERR_TAIL);
    });
    const timer = setTimeout(() => {
      kill(child.pid, run.group === true);
      reject(run.onTimeout());
    }, run.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stderr);
      else if (code === null && signal !== null) reject(new KilledBySignal(run.name, signal));
      else reject(new Error(`${run.name} exited with ${code}${stderr ? `: ${stderr.trim().split('\n').pop()?.slice(0, 200) ?? ''}` : ''}`));
    });
  });
}

function kill(pid: number | undefined, group: boolean): void {
  if (!pid) return;
  try {
    process.kill(group ? -pid : pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
