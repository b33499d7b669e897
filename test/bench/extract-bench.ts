/**
 * `npm run bench`: extraction time per document and format, against baselines measured in the
 * same run: `pdftotext` on the same PDFs (text only, no structure), and reading the bytes.
 * Figures are medians over repeated warm runs in one process; the ratios are what to compare
 * across machines.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadJieba } from '../../src/extract/keywords.js';
import { processFile } from '../../src/pipeline.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SAMPLES = join(ROOT, 'samples');
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

async function timeEach(files: string[], run: (f: string) => Promise<unknown> | unknown): Promise<number> {
  const perRound: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (const f of files) await run(f);
    perRound.push((performance.now() - t0) / files.length);
  }
  return median(perRound);
}

function hasPdftotext(): boolean {
  return spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
}

async function main(): Promise<void> {
  const names = readdirSync(SAMPLES).filter((f) => /^\d{3}_[0-9a-f]+\.(txt|docx|pdf)$/.test(f));
  const byFormat = (ext: string): string[] => names.filter((f) => f.endsWith(`.${ext}`)).map((f) => join(SAMPLES, f));
  const pdfs = byFormat('pdf');

  const t0 = performance.now();
  loadJieba().extract('预热', 1);
  const jiebaLoad = performance.now() - t0;

  // Warm-up: first use of pdfjs, mammoth and the jieba dictionary.
  for (const f of [...byFormat('txt'), ...byFormat('docx'), ...pdfs]) await processFile(f);

  const bytes = await timeEach(pdfs, (f) => readFileSync(f));
  const rows: Array<[string, number, number]> = [];
  for (const ext of ['txt', 'docx', 'pdf']) {
    const files = byFormat(ext);
    rows.push([ext, files.length, await timeEach(files, (f) => processFile(f))]);
    rows.push([`${ext} (no keywords)`, files.length, await timeEach(files, (f) => processFile(f, { maxBytes: 64 << 20, keywords: false }))]);
  }
  const pdftotext = hasPdftotext()
    ? await timeEach(pdfs, (f) => spawnSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { stdio: ['ignore', 'pipe', 'ignore'] }))
    : NaN;

  const date = new Date().toISOString().slice(0, 10);
  console.log(`tongzhi bench — ${date}, node ${process.version}, ${ROUNDS} rounds, median ms per document (warm, one process)`);
  console.log(`jieba dictionary load (once per process): ${jiebaLoad.toFixed(0)} ms`);
  console.log('');
  console.log('format               docs   ms/doc   × pdftotext (same PDFs, spawned per file)');
  for (const [name, n, ms] of rows) {
    const ratio = Number.isNaN(pdftotext) ? 'n/a' : (ms / pdftotext).toFixed(2);
    console.log(`${name.padEnd(20)} ${String(n).padStart(4)} ${ms.toFixed(1).padStart(8)}   ${ratio}`);
  }
  console.log(`${'pdftotext (baseline)'.padEnd(20)} ${String(pdfs.length).padStart(4)} ${Number.isNaN(pdftotext) ? '     n/a (apt-get install poppler-utils)' : `${pdftotext.toFixed(1).padStart(8)}   1.00`}`);
  console.log(`${'read bytes only'.padEnd(20)} ${String(pdfs.length).padStart(4)} ${bytes.toFixed(2).padStart(8)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
