/**
 * The intake commands run as a person would (node, the compiled command module, real arguments):
 * `ingest DIR` (progress on stderr, summary on stdout, exit code), `status`, `retry`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { dropSamples, files, obliterate, REDIS_URL, removeTempDirs, stopChild, tempDir, testEnv, waitFor, type TestEnv } from './helpers.js';

// A runner file rather than `node -e`: BullMQ forks its sandboxed children with this process's execArgv.
const RUNNER = join(tempDir('tongzhi-cli-'), 'run.mjs');
writeFileSync(RUNNER, `const { command } = await import(process.argv[2]); process.exitCode = await command.run(process.argv.slice(3));\n`);
afterAll(() => removeTempDirs());

/** Each test runs up to three commands, each starting workers: room for a busy machine. */
const SLOW = 180_000;

/**
 * Runs a command without blocking this process (a blocked test process cannot time out); a command
 * still running after `timeoutMs` is killed with its sandboxed children, and the test fails on it.
 */
async function run(cmd: string, args: string[], timeoutMs = 120_000, as?: { uid: number; gid: number }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Another user cannot read RUNNER (in a private temp folder): the CLI's main module then.
  const argv = as ? [join(ROOT, 'dist/src/cli/main.js'), cmd, ...args] : [RUNNER, join(ROOT, `dist/src/cli/${cmd}.js`), ...args];
  const child = spawn(process.execPath, argv, {
    ...(as ?? {}),
    env: { ...process.env, TONGZHI_KEYWORDS: 'false', TONGZHI_STABILITY_MS: '100' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so a hung command is killed with the workers it forked
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  const first = await Promise.race([closed, late]);
  clearTimeout(timer);
  if (first === 'late') {
    await stopChild(child, 'SIGKILL', 5_000, true);
    throw new Error(`${cmd} ${args.join(' ')} still running after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`);
  }
  return { code: first, stdout, stderr };
}

const opts = (env: TestEnv): string[] => ['--data', env.dir, '--prefix', env.config.prefix];

describe.each([
  ['in-process', 'none'],
  ['bullmq', REDIS_URL],
] as const)('ingest, status, retry (%s)', (mode, redis) => {
  const env = testEnv(redis === 'none' ? null : redis);
  const queueArgs = redis === 'none' ? ['--queue-mode', 'inprocess'] : ['--redis', redis];
  const batch = join(env.dir, 'batch');
  afterAll(async () => {
    if (redis !== 'none') await obliterate(env.config);
  });

  it('ingest DIR: files moved to done/ and failed/, summary with duplicates and reasons, exit 1 because one failed', async () => {
    dropSamples(batch, ['000_fc46f2fa053bb05e.txt', '002_32cbd7b51d76111f.docx']);
    writeFileSync(join(batch, 'copy.txt'), readFileSync(join(batch, '000_fc46f2fa053bb05e.txt')));
    writeFileSync(join(batch, 'empty.txt'), '');
    const r = await run('ingest', [batch, ...opts(env), ...queueArgs]);
    expect(r.stdout).toMatch(/: 2 stored, 1 duplicate, 1 failed/);
    expect(r.stdout).toMatch(/(copy\.txt = 000_fc46f2fa053bb05e\.txt|000_fc46f2fa053bb05e\.txt = copy\.txt)/);
    expect(r.stdout).toMatch(/empty\.txt: empty_file at read — empty\.txt: the file is empty/);
    expect(r.code).toBe(1);
    expect(files(batch)).toEqual([]);
    expect(files(env.config.layout.records)).toHaveLength(2);
    expect(files(env.config.layout.failed)).toEqual(['empty.txt', 'empty.txt.error.json']);
  }, SLOW);

  it('status: counts and the last failure with its reason', async () => {
    const r = await run('status', [...opts(env), ...queueArgs, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { mode: string; queue: { failed: number } | null; folders: Record<string, number>; failures: Array<{ file: string; code: string }> };
    expect(s.mode).toBe(mode);
    expect(s.folders).toMatchObject({ records: 2, done: 2, duplicates: 1, failed: 1 });
    expect(s.failures.map((f) => [f.file, f.code])).toEqual([['empty.txt', 'empty_file']]);
    if (mode === 'bullmq') expect(s.queue?.failed).toBe(1);
    const text = await run('status', [...opts(env), ...queueArgs]);
    expect(text.stdout).toMatch(/empty\.txt\s+empty_file at read, 1 attempt: empty\.txt: the file is empty/);
  }, SLOW);

  it('retry: the failed original goes back to where it was dropped' + (mode === 'bullmq' ? ' and its job runs again' : ''), async () => {
    const r = await run('retry', ['empty.txt', ...opts(env), ...queueArgs]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`empty.txt: back in ${join(batch, 'empty.txt')}`);
    expect(existsSync(join(env.config.layout.failed, 'empty.txt.error.json'))).toBe(false);
    if (mode === 'bullmq') {
      expect(r.stdout).toContain('re-queued');
      // nothing was fixed, so the job (run by an ingest of the same folder) fails again: once more in failed/
      const again = await run('ingest', [batch, ...opts(env), ...queueArgs, '--no-progress']);
      expect(again.stdout).toMatch(/0 stored, 0 duplicates, 1 failed/);
    } else {
      expect(files(batch)).toEqual(['empty.txt']);
      const again = await run('ingest', [batch, ...opts(env), ...queueArgs]);
      expect(again.stdout).toMatch(/0 stored, 0 duplicates, 1 failed/);
    }
    await waitFor('the error file again', () => existsSync(join(env.config.layout.failed, 'empty.txt.error.json')));
    expect((await run('retry', ['nothing-like-this', ...opts(env), ...queueArgs])).code).toBe(1);
  }, SLOW);
});

/**
 * A file the service cannot read, for real: root here, so the command runs as `nobody` (chmod does not
 * stop root) over a batch folder nobody owns, holding a file that root owns with mode 600.
 */
/** `nobody` must be able to run the built CLI: not so in a checkout under a mode-700 folder (mktemp -d). */
const nobodyCanRun = process.getuid?.() === 0 && spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), '--help'], { uid: 65534, gid: 65534, stdio: 'ignore' }).status === 0;

describe.runIf(nobodyCanRun)('a file that cannot be read (run as nobody)', () => {
  const NOBODY = { uid: 65534, gid: 65534 };
  it('is stored as an io_error failure at read, never dropped: exit 1, error file naming the reason; the original moves to failed/ or, when it cannot, stays and the error file says so', async () => {
    const env = testEnv(null);
    const batch = join(env.dir, 'batch');
    dropSamples(batch, ['000_fc46f2fa053bb05e.txt']);
    writeFileSync(join(batch, '秘密.txt'), '只有 root 能读');
    chmodSync(join(batch, '秘密.txt'), 0o600);
    // and one in a folder nobody may not change: it cannot be moved out
    mkdirSync(join(batch, 'locked'));
    writeFileSync(join(batch, 'locked', '锁定.txt'), '也只有 root 能读');
    chmodSync(join(batch, 'locked', '锁定.txt'), 0o600);
    for (const p of [env.dir, env.config.layout.inbox, batch, join(batch, '000_fc46f2fa053bb05e.txt')]) chownSync(p, NOBODY.uid, NOBODY.gid);
    const r = await run('ingest', [batch, '--data', env.dir, '--queue-mode', 'inprocess', '--no-progress'], 60_000, NOBODY);
    expect(r.stdout).toMatch(/: 1 stored, 0 duplicates, 2 failed/);
    expect(r.code).toBe(1);
    const { failed } = env.config.layout;
    expect(readdirSync(failed).sort()).toEqual(['秘密.txt', '秘密.txt.error.json', '锁定.txt.error.json']);
    const moved = JSON.parse(readFileSync(join(failed, '秘密.txt.error.json'), 'utf8')) as Record<string, unknown>;
    expect(moved).toMatchObject({ code: 'io_error', stage: 'read', file: '秘密.txt', id: null, from: join(batch, '秘密.txt') });
    expect(String(moved['message'])).toMatch(/秘密\.txt: cannot be read \(EACCES: permission denied/);
    expect(readFileSync(join(failed, '秘密.txt'), 'utf8')).toBe('只有 root 能读');
    expect(statSync(join(failed, '秘密.txt')).uid).toBe(0);
    const stayed = JSON.parse(readFileSync(join(failed, '锁定.txt.error.json'), 'utf8')) as Record<string, unknown>;
    expect(stayed).toMatchObject({ code: 'io_error', stage: 'read', file: '锁定.txt', from: join(batch, 'locked', '锁定.txt') });
    expect(String(stayed['message'])).toMatch(/cannot be read \(EACCES.*could not be moved to failed\/.*stays at .*locked\/锁定\.txt/);
    expect(readFileSync(join(batch, 'locked', '锁定.txt'), 'utf8')).toBe('也只有 root 能读');
    expect(files(env.config.layout.records)).toHaveLength(1);
  }, SLOW);
});
