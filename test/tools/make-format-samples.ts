/**
 * Makes samples/formats/ from the seed samples (see samples/formats/README.md):
 *   npx tsx test/tools/make-format-samples.ts [doc|xls|html|ofd|bad ...]   (default: all)
 * Needs LibreOffice (`soffice`) for the .doc files. The output is committed; the tests read it
 * and never regenerate it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLES = join(ROOT, 'samples');
const OUT = join(SAMPLES, 'formats');
const STEMS = readdirSync(SAMPLES)
  .filter((f) => /^\d{3}_[0-9a-f]+\.docx$/.test(f))
  .map((f) => f.replace(/\.docx$/, ''))
  .sort();

mkdirSync(OUT, { recursive: true });
const wanted = new Set(process.argv.slice(2));
const want = (k: string): boolean => wanted.size === 0 || wanted.has(k);

function soffice(input: string, to: string, outDir: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'make-samples-profile-'));
  try {
    const r = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=${pathToFileURL(profile).href}`, '--convert-to', to, '--outdir', outDir, input], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.status !== 0) throw new Error(`soffice failed on ${input}: ${r.stderr}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Each seed's .docx saved by LibreOffice as Word 97 (.doc); the .wps is the same bytes. */
function makeDoc(): void {
  const tmp = mkdtempSync(join(tmpdir(), 'make-samples-'));
  try {
    for (const stem of STEMS) {
      soffice(join(SAMPLES, `${stem}.docx`), 'doc:MS Word 97', tmp);
      renameSync(join(tmp, `${stem}.doc`), join(OUT, `${stem}.doc`));
      copyFileSync(join(OUT, `${stem}.doc`), join(OUT, `${stem}.wps`));
      process.stdout.write(`${stem}.doc, ${stem}.wps\n`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Broken files for the typed errors. */
function makeBad(): void {
  const dir = join(OUT, 'bad');
  mkdirSync(dir, { recursive: true });
  const doc = readFileSync(join(OUT, `${STEMS[3]}.doc`));
  // Cut at 60%: the header still says OLE2, its FAT and directory point past the end.
  writeFileSync(join(dir, 'truncated.doc'), doc.subarray(0, Math.floor(doc.byteLength * 0.6)));
  process.stdout.write('bad/truncated.doc\n');
}

if (want('doc')) makeDoc();
if (want('bad')) makeBad();
