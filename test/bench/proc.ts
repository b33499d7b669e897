/**
 * What the benches read of a process from /proc (Linux): a field of /proc/<pid>/status in kB.
 */
import { readFileSync } from 'node:fs';

/** `key` (VmRSS, VmHWM: the peak RSS, …) of /proc/<pid>/status in kB; throws when the process is gone, NaN when the field is absent. */
export function statusKb(pid: number, key: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
}
