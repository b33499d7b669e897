import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KilledBySignal, runBounded } from '../../src/readers/bounded-process.js';

class Late extends Error {}

/** Running, not a zombie: a killed orphan may wait a while to be reaped where pid 1 is not init. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('runBounded', () => {
  it('resolves with the tail of stderr on exit code 0', async () => {
    const err = await runBounded('sh', ['-c', 'echo start >&2; head -c 10000 /dev/zero | tr "\\0" x >&2; echo end >&2'], {
      name: 'sh',
      timeoutMs: 10_000,
      onTimeout: () => new Late(),
    });
    expect(err.length).toBeLessThanOrEqual(4096);
    expect(err.trim().endsWith('end')).toBe(true);
  });

  it('names the tool, its exit code and its last stderr line on failure', async () => {
    await expect(runBounded('sh', ['-c', 'echo first >&2; echo broken input >&2; exit 3'], { name: 'converter', timeoutMs: 10_000, onTimeout: () => new Late() })).rejects.toThrow(
      'converter exited with 3: broken input',
    );
  });

  it('says which signal ended a tool killed from outside (the OOM killer), apart from an exit code', async () => {
    const run = runBounded('sh', ['-c', 'kill -KILL $$'], { name: 'pdftoppm', timeoutMs: 10_000, onTimeout: () => new Late() });
    await expect(run).rejects.toBeInstanceOf(KilledBySignal);
    await expect(run).rejects.toMatchObject({ tool: 'pdftoppm', signal: 'SIGKILL' });
  });

  it("raises the caller's timeout error and kills the whole group, helpers included", async () => {
    // The shell starts a grandchild and prints its pid, as the soffice script starts soffice.bin.
    const started = Date.now();
    const pidFile = `/tmp/tongzhi-bounded-${process.pid}-${started}`;
    await expect(
      runBounded('sh', ['-c', `sleep 30 & echo $! > ${pidFile}; wait`], { name: 'sh', timeoutMs: 300, group: true, onTimeout: () => new Late('late') }),
    ).rejects.toBeInstanceOf(Late);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    rmSync(pidFile, { force: true });
    for (let i = 0; i < 50 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(grandchild)).toBe(false);
  });
});
