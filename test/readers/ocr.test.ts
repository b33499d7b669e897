/**
 * OCR: tesseract's output → pieces (word spacing from its text output, general clean-up rules),
 * table rules found in pixels, and end to end: the scanned seed PDF and a page image of a seed
 * give records. The engine is the Debian `tesseract` when installed, else tesseract.js.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBytes } from '../../src/readers/index.js';
import { decodePng } from '../../src/readers/ocr-pixels.js';
import { findRules } from '../../src/readers/ocr-rules.js';
import type { OcrWord } from '../../src/readers/ocr-text.js';
import { alignSpaces, cleanOcrText, parseTsv, wordsToPieces } from '../../src/readers/ocr-text.js';
import { CLI, ROOT, SAMPLES } from '../helpers.js';

const SEED = '003_db71631729e5d48d';

describe('cleanOcrText: general OCR confusions', () => {
  it.each([
    ['联系电话：010一58881428', '联系电话：010-58881428'],
    ['2024年5月25日一6月1日', '2024年5月25日—6月1日'],
    ['并于２０２４年４月１５日前', '并于2024年4月15日前'],
    ['科普场馆 〈基地) 、全国重点实验室', '科普场馆(基地)、全国重点实验室'],
    ['邮编：1OO862', '邮编：100862'],
    ['| (地点精确到县级)', '(地点精确到县级)'],
  ])('%s → %s', (raw, clean) => {
    expect(cleanOcrText(raw)).toBe(clean);
  });
});

const word = (text: string, left: number, line = '1.1.1', width = 40 * [...text].length): OcrWord => ({ text, left, top: 100, width, height: 40, conf: 90, line, page: 1 });

describe('words → pieces', () => {
  it('parses level-5 rows of the TSV', () => {
    const tsv = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n5\t1\t1\t1\t1\t1\t249\t668\t135\t44\t96.9\t科技\n4\t1\t1\t1\t1\t0\t249\t668\t700\t44\t-1\t\n';
    expect(parseTsv(tsv)).toEqual([{ text: '科技', left: 249, top: 668, width: 135, height: 44, conf: 96.9, line: '1.1.1.1', page: 1 }]);
  });
  it("takes word spaces from tesseract's text, not from its rough boxes", () => {
    // Boxes as tesseract gave them for the title: the typed space after 宣传部 shows no gap.
    const words = [word('科技', 249, '1.1.1', 109), word('部', 358, '1.1.1', 34), word('中央宣传', 420), word('部', 590, '1.1.1', 45), word('中国科协', 641), word('关于举办', 800)];
    alignSpaces(words, '科技部 中央宣传部 中国科协关于举办\n');
    const pieces = wordsToPieces(words, 0.48, 1754);
    expect(pieces.map((p) => p.text).join('')).toBe('科技部 中央宣传部 中国科协关于举办');
  });
  it('without a matching text line, set-solid CJK words join without spaces', () => {
    const words = [word('深入宣传', 100), word('党的', 262), word('二十大', 345)];
    alignSpaces(words, 'something else entirely\n');
    expect(wordsToPieces(words, 0.48, 1754).map((p) => p.text)).toEqual(['深入宣传党的二十大']);
  });
  it('a misread page number line becomes one the PDF assembly drops', () => {
    expect(wordsToPieces([word('一', 600, '9.1.1'), word('2', 640, '9.1.1'), word('一', 680, '9.1.1')], 0.48, 1754).map((p) => p.text)).toEqual(['— 2 —']);
  });
});

describe('findRules', () => {
  it('finds the rules of a ruled grid and ignores strokes inside its cells', () => {
    const width = 600;
    const height = 400;
    const data = new Uint8Array(width * height).fill(255);
    const dark = (x0: number, y0: number, x1: number, y1: number): void => {
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) data[y * width + x] = 0;
    };
    for (const y of [100, 160, 220]) dark(100, y, 500, y + 1);
    for (const x of [100, 300, 500]) dark(x, 100, x + 1, 221);
    dark(200, 120, 201, 150); // a character's vertical stroke inside a cell
    dark(320, 190, 380, 191); // and a horizontal one
    const rules = findRules({ width, height, data });
    expect(rules.filter((r) => r.y0 === r.y1).map((r) => Math.round(r.y0))).toEqual([101, 161, 221]);
    expect(rules.filter((r) => r.x0 === r.x1).map((r) => Math.round(r.x0)).sort((a, b) => a - b)).toEqual([101, 301, 501]);
  });
  it('decodes the grey PNG page samples', () => {
    const png = decodePng(new Uint8Array(readFileSync(join(SAMPLES, `formats/${SEED}-1.png`))));
    expect(png?.image).toMatchObject({ width: 1241, height: 1754 });
  });
});

describe('end to end', () => {
  it('a page image of a seed gives its title, 文号 and an ocr issue with the confidence', { timeout: 120_000 }, async () => {
    const doc = await readBytes(new Uint8Array(readFileSync(join(SAMPLES, `formats/${SEED}-1.png`))), 'page.png');
    expect(doc.source).toMatchObject({ format: 'image', pages: 1 });
    expect(doc.source.via).toMatch(/^ocr:/);
    expect(doc.text.replace(/\s/g, '')).toContain('关于举办2024年全国科技活动周的通知');
    expect(doc.text).toMatch(/国科发才\s*.2024.\s*31\s*号/);
    expect(doc.readIssues?.find((i) => i.code === 'ocr')?.message).toMatch(/mean confidence \d+%/);
    expect(doc.blocks.every((b) => b.page === 1)).toBe(true);
  });

  it('the scanned seed PDF gives a record with micro-F1 ≥ 0.85 against the seed gold', { timeout: 300_000 }, () => {
    // The scorer finds documents by the gold's name: the scan is linked under the seed's name.
    const dir = mkdtempSync(join(tmpdir(), 'ocr-score-'));
    symlinkSync(join(SAMPLES, `${SEED}_scanned.pdf`), join(dir, `${SEED}.pdf`));
    const r = spawnSync(process.execPath, [join(ROOT, 'test/fixtures/eval/score.mjs'), '--gold', join(ROOT, 'test/fixtures/eval'), '--docs', dir, '--ext', 'pdf', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, TONGZHI_OCR: 'auto', EXTRACT_CMD: `${process.execPath} ${CLI} extract {} --no-keywords` },
      maxBuffer: 64 << 20,
    });
    const t = JSON.parse(r.stdout.slice(0, r.stdout.lastIndexOf('}') + 1)) as { totals: Record<string, { tp: number; fp: number; fn: number }>; perDoc: Array<{ error?: string }> };
    expect(t.perDoc).toHaveLength(1);
    expect(t.perDoc[0]?.error).toBeUndefined();
    const all = Object.values(t.totals).reduce((a, x) => ({ tp: a.tp + x.tp, fp: a.fp + x.fp, fn: a.fn + x.fn }), { tp: 0, fp: 0, fn: 0 });
    expect((2 * all.tp) / (2 * all.tp + all.fp + all.fn)).toBeGreaterThanOrEqual(0.85);
  });
});
