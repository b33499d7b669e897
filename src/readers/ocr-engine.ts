/**
 * @module readers/ocr-engine
 * The OCR engines, both giving tesseract's TSV for one page image:
 *  - the Debian `tesseract` command with `chi_sim` when it is installed (about 1.7 % character
 *    errors on our scans, and faster), run with one thread per page (the machine's cores go to
 *    the jobs) and killed past the page's time;
 *  - else tesseract.js with the `@tesseract.js-data/chi_sim` package as its language path, so
 *    nothing is downloaded at run time.
 * `TONGZHI_OCR_ENGINE=tesseract|tesseract.js` picks one (tests of the fallback use it).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runBounded } from './bounded-process.js';

export interface OcrEngine {
  name: string;
  /** TSV (word boxes) and plain text (word spacing) of one image file. */
  recognize(image: string, dpi: number, timeoutMs: number): Promise<Recognised>;
  close(): Promise<void>;
}

export class OcrTimeout extends Error {}

export interface Recognised {
  tsv: string;
  text: string;
}

let cliAvailable: boolean | undefined;

/** Whether the `tesseract` command is installed with the chi_sim language. */
export function tesseractCliAvailable(): boolean {
  if (cliAvailable === undefined) {
    const r = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8', timeout: 10_000 });
    cliAvailable = r.status === 0 && /^chi_sim$/m.test(`${r.stdout}\n${r.stderr}`);
  }
  return cliAvailable;
}

export async function openEngine(): Promise<OcrEngine> {
  const wanted = process.env['TONGZHI_OCR_ENGINE']?.trim().toLowerCase();
  if (wanted !== 'tesseract.js' && tesseractCliAvailable()) return cliEngine();
  return jsEngine();
}

function cliEngine(): OcrEngine {
  return {
    name: 'tesseract chi_sim',
    recognize: (image, dpi, timeoutMs) =>
      runBounded('tesseract', [image, `${image}.ocr`, '-l', 'chi_sim', '--psm', '3', '--dpi', String(dpi), 'tsv', 'txt'], {
        name: 'tesseract',
        timeoutMs,
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        onTimeout: () => new OcrTimeout(`tesseract took more than ${timeoutMs} ms`),
      }).then(
        () => readOutputs(`${image}.ocr`),
        (e: unknown) => {
          removeOutputs(`${image}.ocr`);
          throw e;
        },
      ),
    close: async () => undefined,
  };
}

async function jsEngine(): Promise<OcrEngine> {
  const require = createRequire(import.meta.url);
  const { createWorker } = await import('tesseract.js');
  const data = require('@tesseract.js-data/chi_sim') as { langPath: string; gzip: boolean };
  let worker: Awaited<ReturnType<typeof createWorker>> | null = null;
  const start = async (): Promise<NonNullable<typeof worker>> =>
    (worker ??= await createWorker('chi_sim', 1, { langPath: data.langPath, gzip: data.gzip, cacheMethod: 'none', logger: () => undefined, errorHandler: () => undefined }));
  return {
    name: 'tesseract.js chi_sim',
    async recognize(image, dpi, timeoutMs) {
      const w = await start();
      await w.setParameters({ user_defined_dpi: String(dpi) });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new OcrTimeout(`tesseract.js took more than ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const result = await Promise.race([w.recognize(image, {}, { tsv: true, text: true }), timeout]);
        return { tsv: result.data.tsv ?? '', text: result.data.text ?? '' };
      } catch (e) {
        // A timed-out worker is still busy: end it, the next page starts a new one.
        if (e instanceof OcrTimeout) {
          await w.terminate().catch(() => undefined);
          worker = null;
        }
        throw e;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await worker?.terminate().catch(() => undefined);
      worker = null;
    },
  };
}

function readOutputs(base: string): Recognised {
  try {
    return { tsv: readFileSync(`${base}.tsv`, 'utf8'), text: readFileSync(`${base}.txt`, 'utf8') };
  } finally {
    removeOutputs(base);
  }
}

function removeOutputs(base: string): void {
  rmSync(`${base}.tsv`, { force: true });
  rmSync(`${base}.txt`, { force: true });
}
