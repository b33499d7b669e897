/**
 * Makes the fixed-layout samples in samples/formats/ from the seed PDFs (see its README):
 *   npx tsx test/tools/make-layout-samples.ts [ofd|png|bad ...]   (default: all)
 *
 * ofd: every seed PDF's text items and ruling lines, read with pdfjs, written as an OFD
 *      (test/tools/ofd-writer.ts): one TextObject per text item (a run of one font), its
 *      DeltaX from the item's width spread over its glyphs (CJK one em, others half), every
 *      third object written half size with a CTM doubling it; one PathObject per rule; the
 *      first page's 版头 (everything above the first full-width rule, and the rule) moved to a
 *      template page that only page 1 draws on. Fonts from the PDF's font names.
 * png: every seed PDF's pages rendered by `pdftoppm -r 150 -gray` (what a scanner gives at
 *      150 dpi), one PNG per page: NNN_*-P.png.
 * bad: bad/missing-page.ofd — 003's OFD without its second page's Content.xml.
 * scan: every seed's PNG pages as one image-only PDF (as img2pdf makes scans: one Flate grey
 *      image a page, 150 dpi), in $TMPDIR/tongzhi-scans/NNN_*.pdf — for measuring OCR on all
 *      seeds (`score.mjs --docs $TMPDIR/tongzhi-scans --ext pdf`); not committed (10 MB).
 * The output is committed; the tests read it and never regenerate it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deflateSync } from 'node:zlib';
import { decodePng } from '../../src/readers/ocr-pixels.js';
import { join, resolve } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { PathOps } from '../../src/readers/pdf-tables.js';
import { rulingSegments } from '../../src/readers/pdf-tables.js';
import type { OfdDoc, OfdPage, OfdRule, OfdText } from './ofd-writer.js';
import { writeOfd } from './ofd-writer.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLES = join(ROOT, 'samples');
const OUT = join(SAMPLES, 'formats');
const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const STEMS = readdirSync(SAMPLES)
  .filter((f) => /^\d{3}_[0-9a-f]+\.pdf$/.test(f))
  .map((f) => f.replace(/\.pdf$/, ''))
  .sort();
const PT_TO_MM = 25.4 / 72;
const wanted = new Set(process.argv.slice(2));
const want = (k: string): boolean => (wanted.size === 0 && k !== 'scan') || wanted.has(k);
mkdirSync(join(OUT, 'bad'), { recursive: true });

const CJK = /[\u2e80-\u9fff\uf900-\uffef\u2014\u2018-\u201d\u2026]/;
const em = (ch: string): number => (CJK.test(ch) ? 1 : 0.5);

function fontId(name: string): number {
  if (/hei|黑|bold/i.test(name)) return 3;
  if (/kai|楷/i.test(name)) return 4;
  if (/fang|仿/i.test(name)) return 5;
  return 2;
}

async function ofdOf(stem: string): Promise<OfdDoc> {
  const data = new Uint8Array(readFileSync(join(SAMPLES, `${stem}.pdf`)));
  const pdf = await pdfjs.getDocument({ data, cMapUrl: join(PDFJS_DIR, 'cmaps') + '/', cMapPacked: true, standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/', verbosity: 0 }).promise;
  const first = await pdf.getPage(1);
  const [, , wPt = 595, hPt = 842] = first.view;
  const doc: OfdDoc = { width: wPt * PT_TO_MM, height: hPt * PT_TO_MM, pages: [] };
  let count = 0;
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const ops = await page.getOperatorList();
    const rules: OfdRule[] = rulingSegments(ops.fnArray, ops.argsArray, pdfjs.OPS as unknown as PathOps).map((s) => ({
      x0: s.x0 * PT_TO_MM,
      y0: (hPt - s.y0) * PT_TO_MM,
      x1: s.x1 * PT_TO_MM,
      y1: (hPt - s.y1) * PT_TO_MM,
    }));
    const texts: OfdText[] = [];
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [, , c = 0, d = 0, e = 0, f = 0] = item.transform as number[];
      const sizePt = Math.hypot(c, d);
      const chars = [...item.str];
      const natural = chars.reduce((s, ch) => s + em(ch), 0);
      const k = natural > 0 ? item.width / natural : sizePt;
      const font = page.commonObjs.has(item.fontName) ? String((page.commonObjs.get(item.fontName) as { name?: unknown } | null)?.name ?? '') : '';
      texts.push({
        x: e * PT_TO_MM,
        y: (hPt - f) * PT_TO_MM,
        size: sizePt * PT_TO_MM,
        text: item.str,
        deltaX: chars.slice(0, -1).map((ch) => em(ch) * k * PT_TO_MM),
        font: fontId(font),
        width: item.width * PT_TO_MM,
        ...(++count % 3 === 0 ? { scale: 2 } : {}),
      });
    }
    const out: OfdPage = { texts, rules };
    if (n === 1) {
      // The 版头 above the red rule goes to the template page.
      const rule = rules.filter((r) => Math.abs(r.y0 - r.y1) < 0.01 && Math.abs(r.x1 - r.x0) > doc.width * 0.6).sort((a, b) => a.y0 - b.y0)[0];
      if (rule && rule.y0 < doc.height / 2) {
        doc.template = { texts: texts.filter((t) => t.y < rule.y0), rules: [rule] };
        out.texts = texts.filter((t) => t.y >= rule.y0);
        out.rules = rules.filter((r) => r !== rule);
        out.template = true;
      }
    }
    doc.pages.push(out);
    page.cleanup();
  }
  await pdf.destroy();
  return doc;
}

if (want('ofd') || want('bad')) {
  for (const stem of STEMS) {
    const doc = await ofdOf(stem);
    if (want('ofd')) writeFileSync(join(OUT, `${stem}.ofd`), await writeOfd(doc));
    if (want('bad') && stem.startsWith('003_')) {
      writeFileSync(join(OUT, 'bad/missing-page.ofd'), await writeOfd({ ...doc, pages: doc.pages.map((p, i) => (i === 1 ? { ...p, missing: true } : p)) }));
    }
  }
}

if (want('png')) {
  for (const stem of STEMS) {
    const r = spawnSync('pdftoppm', ['-r', '150', '-gray', '-png', join(SAMPLES, `${stem}.pdf`), join(OUT, stem)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pdftoppm failed on ${stem}: ${r.stderr}`);
    // pdftoppm numbers pages -1, -2 … (zero-padded for ≥ 10 pages): keep its names, drop padding.
    for (const f of readdirSync(OUT).filter((x) => x.startsWith(`${stem}-`) && x.endsWith('.png'))) {
      const page = Number(/-(\d+)\.png$/.exec(f)?.[1]);
      if (`${stem}-${page}.png` !== f) renameSync(join(OUT, f), join(OUT, `${stem}-${page}.png`));
    }
  }
}

/** An image-only PDF: one DeviceGray Flate image per page, drawn over the whole A4 page. */
function imagePdf(pages: Array<{ width: number; height: number; data: Uint8Array }>, dpi: number): Buffer {
  const objects: Buffer[] = [];
  const kids: number[] = [];
  const add = (body: Buffer | string): number => objects.push(Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'));
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add('PAGES');
  for (const p of pages) {
    const [w, h] = [(p.width * 72) / dpi, (p.height * 72) / dpi];
    const pixels = deflateSync(p.data);
    const img = add(Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${p.width} /Height ${p.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${pixels.length} >>\nstream\n`, 'latin1'), pixels, Buffer.from('\nendstream', 'latin1')]));
    const draw = `q ${w.toFixed(2)} 0 0 ${h.toFixed(2)} 0 0 cm /Im0 Do Q`;
    const content = add(`<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`);
    kids.push(add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w.toFixed(2)} ${h.toFixed(2)}] /Resources << /XObject << /Im0 ${img} 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`, 'latin1');
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0]?.length ?? 0;
  objects.forEach((o, i) => {
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), o, Buffer.from('\nendobj\n', 'latin1')]);
    offsets.push(at);
    parts.push(obj);
    at += obj.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`;
  return Buffer.concat([...parts, Buffer.from(xref, 'latin1')]);
}

if (want('scan')) {
  const dir = join(tmpdir(), 'tongzhi-scans');
  mkdirSync(dir, { recursive: true });
  for (const stem of STEMS) {
    const pngs = readdirSync(OUT)
      .filter((f) => f.startsWith(`${stem}-`) && f.endsWith('.png'))
      .sort((a, b) => Number(/-(\d+)\.png$/.exec(a)?.[1]) - Number(/-(\d+)\.png$/.exec(b)?.[1]));
    const pages = pngs.map((f) => decodePng(new Uint8Array(readFileSync(join(OUT, f))))?.image).filter((p) => p !== undefined);
    writeFileSync(join(dir, `${stem}.pdf`), imagePdf(pages, 150));
  }
}
