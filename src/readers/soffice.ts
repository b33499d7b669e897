/**
 * @module readers/soffice
 * Converts a file with LibreOffice (`soffice --headless --convert-to`) when it is installed.
 *
 * LibreOffice locks its user profile, so every process gets a profile folder of its own and
 * conversions inside one process run one at a time. A conversion that outlives its timeout is
 * killed with its whole process group (the `soffice` script starts `soffice.bin` under it).
 *
 * `TONGZHI_SOFFICE`: unset → `soffice` from PATH; `off` → never convert; otherwise the path of
 * the soffice binary. `TONGZHI_SOFFICE_TIMEOUT_MS` (default 60000) bounds one conversion.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runBounded } from './bounded-process.js';

const DEFAULT_TIMEOUT_MS = 60_000;

let binary: string | null | undefined;
let profile: string | null = null;
let queue: Promise<unknown> = Promise.resolve();

/** The soffice binary to use, or null when conversion is off or LibreOffice is not installed. */
export function sofficeBinary(): string | null {
  const setting = process.env.TONGZHI_SOFFICE?.trim();
  if (setting === 'off') return null;
  if (setting) return setting;
  if (binary !== undefined) return binary;
  binary = null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'soffice');
    try {
      accessSync(candidate, constants.X_OK);
      binary = candidate;
      break;
    } catch {
      // not in this folder
    }
  }
  return binary;
}

function profileDir(): string {
  if (profile) return profile;
  profile = mkdtempSync(join(tmpdir(), `tongzhi-soffice-profile-${process.pid}-`));
  const dir = profile;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Converted {
  bytes: Uint8Array;
}

/**
 * `bytes` saved as `in.<fromExt>` and converted to `toExt` (a LibreOffice filter name may follow
 * a colon, as on its command line). Resolves null when LibreOffice is absent; rejects with the
 * reason when the conversion fails or times out.
 */
export function convert(bytes: Uint8Array, fromExt: string, toExt: string): Promise<Uint8Array | null> {
  const bin = sofficeBinary();
  if (!bin) return Promise.resolve(null);
  const run = queue.then(() => convertNow(bin, bytes, fromExt, toExt));
  queue = run.catch(() => undefined);
  return run;
}

async function convertNow(bin: string, bytes: Uint8Array, fromExt: string, toExt: string): Promise<Uint8Array> {
  const work = await mkdtemp(join(tmpdir(), 'tongzhi-convert-'));
  try {
    const input = join(work, `in.${fromExt}`);
    const outDir = join(work, 'out');
    await writeFile(input, bytes);
    const timeout = Number(process.env.TONGZHI_SOFFICE_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
    const args = ['--headless', '--norestore', `-env:UserInstallation=${pathToFileURL(profileDir()).href}`, '--convert-to', toExt, '--outdir', outDir, input];
    const stderr = await runBounded(bin, args, {
      name: 'LibreOffice',
      timeoutMs: timeout,
      group: true,
      onTimeout: () => new Error(`LibreOffice did not finish within ${timeout} ms`),
    });
    const produced = await readdir(outDir).catch(() => [] as string[]);
    const wanted = toExt.split(':')[0] ?? toExt;
    const out = produced.find((f) => f.endsWith(`.${wanted}`));
    if (!out) throw new Error(`LibreOffice produced no .${wanted}${stderr ? ` (${stderr.trim().slice(0, 200)})` : ''}`);
    return new Uint8Array(await readFile(join(outDir, out)));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** For tests: is a working soffice there at all (it answers --version)? */
export function sofficeWorks(): boolean {
  const bin = sofficeBinary();
  if (!bin) return false;
  return spawnSync(bin, ['--version'], { timeout: 30_000 }).status === 0;
}
