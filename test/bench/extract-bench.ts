/**
 * `npm run bench`: extraction time per document and format, against baselines measured in the
 * same run: `pdftotext` on the same PDFs (text only, no structure), bare pdfjs (open the PDF and
 * take every page's text items, in this process: the floor of the PDF reader), and reading the bytes.
 * Figures are medians over repeated warm runs in one process; the ratios are what to compare
 * across machines.
 *
 * A third table times every other format (samples/formats) and OCR per page, as ratios to the
 * text PDFs in the same run.
 *
 * The PDF reader is also timed interleaved with its floors (bare pdfjs, pdftotext, and with
 * BENCH_BASE=<other build's dist> that build's pipeline), round by round, in wall and CPU time:
 * the ratios to compare on a machine shared with other work. BENCH_ONLY=pdf runs only that.
 *
 * A second table times `tongzhi extract --no-keywords FILE` as a user runs it, one process per
 * document (dictionary loads included), against starting `node` with nothing to do. BENCH_CLI
 * points it at another build's main.js, to compare two builds on the same machine.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadJieba } from '../../src/extract/keywords.js';
import { loadLexicon } from '../../src/extract/segmenter.js';
import { processFile } from '../../src/pipeline.js';
import { pdfjs } from '../../src/readers/pdfjs-load.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SAMPLES = join(ROOT, 'samples');
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const COLD_ROUNDS = Number(process.env['BENCH_COLD_ROUNDS'] ?? 3);
/** LibreOffice conversions (.doc) take seconds a file, OCR seconds a page: fewer rounds. */
const FORMAT_ROUNDS = Number(process.env['BENCH_FORMAT_ROUNDS'] ?? 3);
const OCR_ROUNDS = Number(process.env['BENCH_OCR_ROUNDS'] ?? 1);
const PDFJS_CMAPS = join(ROOT, 'node_modules/pdfjs-dist/cmaps/');
const CLI = resolve(process.env['BENCH_CLI'] ?? join(ROOT, 'dist/src/cli/main.js'));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

async function timeEach(files: string[], run: (f: string) => Promise<unknown> | unknown, rounds = ROUNDS): Promise<number> {
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const f of files) await run(f);
    perRound.push((performance.now() - t0) / files.length);
  }
  return median(perRound);
}

function hasPdftotext(): boolean {
  return spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
}

/** Bare pdfjs: open the PDF and take every page's text items, nothing else (the floor of the PDF reader). */
async function bareText(f: string): Promise<void> {
  const task = pdfjs.getDocument({ data: new Uint8Array(readFileSync(f)), cMapUrl: PDFJS_CMAPS, cMapPacked: true, verbosity: 0, isEvalSupported: false });
  const doc = await task.promise;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    await page.getTextContent();
    page.cleanup();
  }
  await task.destroy();
}

const pdftotextOf = (f: string): unknown => spawnSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { stdio: ['ignore', 'pipe', 'ignore'] });

/** CPU time (ms) of this process and of its waited-for children (pdftotext), from /proc: user + system. */
function cpuMs(): number {
  const own = process.cpuUsage();
  // /proc/self/stat fields 16 and 17 (cutime, cstime) in clock ticks of 10 ms; the name field may hold spaces, so count after ')'.
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  const children = (Number(fields[13] ?? 0) + Number(fields[14] ?? 0)) * 10;
  return (own.user + own.system) / 1000 + children;
}

interface Contender {
  name: string;
  run: (f: string) => Promise<unknown> | unknown;
}

interface Interleaved {
  names: string[];
  /** per contender: median over rounds of wall ms and CPU ms per document */
  wall: number[];
  cpu: number[];
  /** per contender: median over rounds of (its time / bare pdfjs's time in the same round) */
  wallRatio: number[];
  cpuRatio: number[];
  rounds: number;
}

/**
 * The PDF reader against its floors, each round running every contender over the same PDFs one
 * after another, so a busy machine (other jobs on the same cores) weighs on all of them alike;
 * ratios are taken within a round. BENCH_BASE names another build's dist/ whose pipeline runs as
 * one more contender (a before/after in the same run).
 */
async function interleavedPdf(pdfs: string[]): Promise<Interleaved> {
  const quiet = { maxBytes: 64 << 20, keywords: false };
  const contenders: Contender[] = [
    { name: 'bare pdfjs text', run: bareText },
    { name: 'pdf (no keywords)', run: (f) => processFile(f, quiet) },
  ];
  const base = process.env['BENCH_BASE'];
  if (base) {
    const other = (await import(pathToFileURL(join(resolve(base), 'src/pipeline.js')).href)) as { processFile: typeof processFile };
    for (const f of pdfs) await other.processFile(f, quiet);
    contenders.push({ name: `BENCH_BASE pdf (no keywords)`, run: (f) => other.processFile(f, quiet) });
  }
  if (hasPdftotext()) contenders.push({ name: 'pdftotext', run: pdftotextOf });
  const wall: number[][] = contenders.map(() => []);
  const cpu: number[][] = contenders.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, c] of contenders.entries()) {
      const t0 = performance.now();
      const c0 = cpuMs();
      for (const f of pdfs) await c.run(f);
      wall[i]?.push((performance.now() - t0) / pdfs.length);
      cpu[i]?.push((cpuMs() - c0) / pdfs.length);
    }
  }
  const ratio = (series: number[][], i: number): number => median((series[i] ?? []).map((v, r) => v / (series[0]?.[r] ?? NaN)));
  return {
    names: contenders.map((c) => c.name),
    wall: wall.map(median),
    cpu: cpu.map(median),
    wallRatio: contenders.map((_, i) => ratio(wall, i)),
    cpuRatio: contenders.map((_, i) => ratio(cpu, i)),
    rounds: ROUNDS,
  };
}

function printInterleaved(t: Interleaved): void {
  console.log('');
  console.log(`PDF reader against its floors, interleaved (${t.rounds} rounds, each round every contender over the same PDFs; medians of per-round ratios)`);
  console.log('contender                       wall ms/doc   × bare   CPU ms/doc   × bare');
  t.names.forEach((name, i) => {
    console.log(
      `${name.padEnd(30)} ${(t.wall[i] ?? NaN).toFixed(1).padStart(11)}   ${(t.wallRatio[i] ?? NaN).toFixed(2).padStart(6)}   ${(t.cpu[i] ?? NaN).toFixed(1).padStart(10)}   ${(t.cpuRatio[i] ?? NaN).toFixed(2).padStart(6)}`,
    );
  });
}

async function main(): Promise<void> {
  const names = readdirSync(SAMPLES).filter((f) => /^\d{3}_[0-9a-f]+\.(txt|docx|pdf)$/.test(f));
  const byFormat = (ext: string): string[] => names.filter((f) => f.endsWith(`.${ext}`)).map((f) => join(SAMPLES, f));
  const pdfs = byFormat('pdf');

  const tl = performance.now();
  loadLexicon().route('预热');
  const lexiconLoad = performance.now() - tl;
  const t0 = performance.now();
  loadJieba().extract('预热', 1);
  const jiebaLoad = performance.now() - t0;

  // Warm-up: first use of pdfjs, mammoth and the jieba dictionary.
  for (const f of [...byFormat('txt'), ...byFormat('docx'), ...pdfs]) await processFile(f);

  if (process.env['BENCH_ONLY'] === 'pdf') {
    // BENCH_ONLY=pdf: the PDF reader against its floors, and nothing else (a minute instead of many).
    console.log(`tongzhi bench — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${pdfs.length} PDFs`);
    printInterleaved(await interleavedPdf(pdfs));
    return;
  }
  const bytes = await timeEach(pdfs, (f) => readFileSync(f));
  const rows: Array<[string, number, number]> = [];
  for (const ext of ['txt', 'docx', 'pdf']) {
    const files = byFormat(ext);
    rows.push([ext, files.length, await timeEach(files, (f) => processFile(f))]);
    rows.push([`${ext} (no keywords)`, files.length, await timeEach(files, (f) => processFile(f, { maxBytes: 64 << 20, keywords: false }))]);
  }
  const barePdfjs = await timeEach(pdfs, bareText);
  const pdftotext = hasPdftotext() ? await timeEach(pdfs, pdftotextOf) : NaN;
  const pdfRatios = await interleavedPdf(pdfs);

  // One process per document, as `tongzhi extract` runs; COLD_ROUNDS rounds, median per document.
  const spawnMs = (args: string[]): number => {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr.toString()}`);
    return performance.now() - t;
  };
  const coldMedian = (files: string[], args: (f: string) => string[]): number => {
    const perRound: number[] = [];
    for (let r = 0; r < COLD_ROUNDS; r++) perRound.push(files.reduce((sum, f) => sum + spawnMs(args(f)), 0) / files.length);
    return median(perRound);
  };
  const nodeStart = coldMedian(['-'], () => ['-e', '0']);
  const cold: Array<[string, number, number]> = ['txt', 'docx', 'pdf'].map((ext) => {
    const files = byFormat(ext);
    return [ext, files.length, coldMedian(files, (f) => [CLI, 'extract', '--no-keywords', f])];
  });

  // Every other format (samples/formats: the seeds converted), warm, as ratios to the text PDFs.
  const FORMATS_DIR = join(SAMPLES, 'formats');
  const formatFiles = readdirSync(FORMATS_DIR);
  const inFormats = (ext: string): string[] => formatFiles.filter((f) => /^\d{3}_[0-9a-f]+\.\w+$/.test(f) && f.endsWith(`.${ext}`)).map((f) => join(FORMATS_DIR, f));
  const quiet = { maxBytes: 64 << 20, keywords: false };
  const textPdf = await timeEach(pdfs, (f) => processFile(f, quiet), FORMAT_ROUNDS);
  const formats: Array<[string, number, number]> = [];
  for (const ext of ['doc', 'wps', 'xls', 'xlsx', 'et', 'html', 'mht', 'ofd']) {
    const files = inFormats(ext);
    if (files.length > 0) formats.push([ext, files.length, await timeEach(files, (f) => processFile(f, quiet), FORMAT_ROUNDS)]);
  }
  // OCR: the scanned seed (8 page images) and one PNG page, per page.
  const scanned = join(SAMPLES, '003_db71631729e5d48d_scanned.pdf');
  const scanPages = 8;
  const ocrPdf = (await timeEach([scanned], (f) => processFile(f, { ...quiet, ocr: 'auto' }), OCR_ROUNDS)) / scanPages;
  const pngPage = await timeEach([join(FORMATS_DIR, '003_db71631729e5d48d-1.png')], (f) => processFile(f, { ...quiet, ocr: 'auto' }), OCR_ROUNDS);

  const date = new Date().toISOString().slice(0, 10);
  console.log(`tongzhi bench — ${date}, node ${process.version}, ${ROUNDS} rounds, median ms per document (warm, one process)`);
  console.log(`word lexicon load for person names (once per process): ${lexiconLoad.toFixed(0)} ms`);
  console.log(`jieba segmenter + TF-IDF load for keywords (once per process): ${jiebaLoad.toFixed(0)} ms`);
  console.log('');
  console.log('format               docs   ms/doc   × pdftotext (same PDFs, spawned per file)');
  for (const [name, n, ms] of rows) {
    const ratio = Number.isNaN(pdftotext) ? 'n/a' : (ms / pdftotext).toFixed(2);
    console.log(`${name.padEnd(20)} ${String(n).padStart(4)} ${ms.toFixed(1).padStart(8)}   ${ratio}`);
  }
  console.log(`${'pdftotext (baseline)'.padEnd(20)} ${String(pdfs.length).padStart(4)} ${Number.isNaN(pdftotext) ? '     n/a (apt-get install poppler-utils)' : `${pdftotext.toFixed(1).padStart(8)}   1.00`}`);
  console.log(`${'bare pdfjs text'.padEnd(20)} ${String(pdfs.length).padStart(4)} ${barePdfjs.toFixed(1).padStart(8)}   ${Number.isNaN(pdftotext) ? 'n/a' : (barePdfjs / pdftotext).toFixed(2)}`);
  const pdfRow = rows.find(([name]) => name === 'pdf (no keywords)');
  if (pdfRow) console.log(`pdf (no keywords) / bare pdfjs text: ${(pdfRow[2] / barePdfjs).toFixed(2)} (medians of separate runs)`);
  printInterleaved(pdfRatios);
  console.log(`${'read bytes only'.padEnd(20)} ${String(pdfs.length).padStart(4)} ${bytes.toFixed(2).padStart(8)}`);
  console.log('');
  console.log(`one process per document: ${CLI} extract --no-keywords (${COLD_ROUNDS} rounds)`);
  console.log('format               docs   ms/doc   × node start');
  for (const [name, n, ms] of cold) console.log(`${name.padEnd(20)} ${String(n).padStart(4)} ${ms.toFixed(0).padStart(8)}   ${(ms / nodeStart).toFixed(2)}`);
  console.log(`${'node -e 0 (baseline)'.padEnd(20)} ${''.padStart(4)} ${nodeStart.toFixed(0).padStart(8)}   1.00`);
  console.log('');
  console.log(`every format (samples/formats, no keywords, ${FORMAT_ROUNDS} rounds; OCR ${OCR_ROUNDS}): ms per document, × text PDF in this run`);
  console.log('format               docs   ms/doc   × text pdf');
  console.log(`${'pdf (text layer)'.padEnd(20)} ${String(pdfs.length).padStart(4)} ${textPdf.toFixed(1).padStart(8)}   1.00`);
  for (const [name, n, ms] of formats) console.log(`${name.padEnd(20)} ${String(n).padStart(4)} ${ms.toFixed(1).padStart(8)}   ${(ms / textPdf).toFixed(2)}`);
  console.log(`${'OCR, scanned pdf'.padEnd(20)} ${'8 pp'.padStart(4)} ${ocrPdf.toFixed(0).padStart(8)}   ${(ocrPdf / textPdf).toFixed(2)}   (ms per page)`);
  console.log(`${'OCR, png page'.padEnd(20)} ${'1 pp'.padStart(4)} ${pngPage.toFixed(0).padStart(8)}   ${(pngPage / textPdf).toFixed(2)}   (ms per page)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
