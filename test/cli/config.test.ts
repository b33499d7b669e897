/**
 * Service settings: a value a setting cannot take is a usage error naming the option, never a
 * silent default (TONGZHI_STABILITY_MS=2s once meant that no file was ever taken); and
 * `tongzhi start` on a port already in use stops before it takes any file from the inbox.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../src/config.js';
import { CLI, SAMPLES } from '../helpers.js';

const run = (args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, TONGZHI_QUEUE_MODE: 'inprocess', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('service settings', () => {
  it.each([
    [{ TONGZHI_STABILITY_MS: '2s' }, /stability-ms must be a non-negative integer, got "2s"/],
    [{ TONGZHI_POLL: 'maybe' }, /poll must be true or false, got "maybe"/],
    [{ TONGZHI_CONCURRENCY: '0' }, /concurrency must be a positive integer/],
    [{ PORT: '70000' }, /port must be 0–65535/],
  ])('%o is refused', (env, message) => {
    expect(() => resolveConfig({}, env)).toThrow(ConfigError);
    expect(() => resolveConfig({}, env)).toThrow(message);
  });

  it('accepts the usual spellings of booleans', () => {
    expect(resolveConfig({}, { TONGZHI_POLL: 'TRUE', TONGZHI_KEYWORDS: 'off' })).toMatchObject({ poll: true, keywords: false });
  });

  it('a bad value on the command line exits 2 with the reason', async () => {
    const data = mkdtempSync(join(tmpdir(), 'tongzhi-cfg-'));
    dirs.push(data);
    const r = await run(['watch', '--data', data, '--stability-ms', '2s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stability-ms must be a non-negative integer');
  });
});

describe('tongzhi start on a port in use', () => {
  it('exits 1 before taking any file from the inbox', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const data = mkdtempSync(join(tmpdir(), 'tongzhi-port-'));
    dirs.push(data);
    mkdirSync(join(data, 'inbox'), { recursive: true });
    copyFileSync(join(SAMPLES, '001_683f5b3ce4c84b58.txt'), join(data, 'inbox', 'n.txt'));
    try {
      const r = await run(['start', '--data', data, '--port', String(port), '--stability-ms', '0']);
      expect(r.code).toBe(1);
      expect(r.stderr + '').not.toContain('internal_error');
      expect(existsSync(join(data, 'inbox', 'n.txt'))).toBe(true);
      expect(existsSync(join(data, 'done'))).toBe(false);
    } finally {
      blocker.close();
    }
  });
});
