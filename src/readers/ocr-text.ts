/**
 * @module readers/ocr-text
 * Tesseract's TSV output → positioned pieces, and the clean-up of what it recognised.
 *
 * Tesseract cuts Chinese into "words" of one or a few characters and, in plain-text output,
 * puts spaces between them. Here the words of one recognised line are put back together by
 * their boxes: a gap narrower than a third of an em between characters is no space (ink boxes
 * are narrower than the em box, so set-solid CJK shows gaps of 0.1–0.3 em); wider gaps are left
 * to the PDF line assembly, which makes them spaces as it does for PDF text.
 * The clean-up rules are general OCR confusions in Chinese official text, never fitted to a
 * document: full-width digits and letters, `一` misread for a dash between numbers, a `〈`
 * opening what a `)` closes, `O`/`l` inside digit runs.
 */
import type { Piece } from './pdf-lines.js';
import { undoCjkLetterSpacing } from './assemble.js';
import { isCjk } from './pdf-lines.js';

/** One recognised word with its box in image pixels (y downwards) and confidence 0–100. */
export interface OcrWord {
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
  conf: number;
  /** Which recognised line it belongs to (page.block.paragraph.line). */
  line: string;
  /** Page of a multi-page image (TIFF), from 1. */
  page: number;
  /** Tesseract's text output has a space after this word (see `alignSpaces`); unknown: undefined. */
  space?: boolean;
}

const squeeze = (s: string): string => s.replace(/\s+/g, '');

/**
 * Marks the words after which tesseract's plain-text output has a space. Its word boxes are
 * too rough to tell a typed space from the gap inside set-solid CJK (a box may end half a
 * character early), but its text output decides spaces from the glyph blobs: `科技部 中央宣传部
 * 中国科协` comes out right there. The text lines are matched to the TSV lines in order (their
 * characters without spaces must agree); a line that does not match keeps `space` unknown.
 */
export function alignSpaces(words: OcrWord[], text: string): void {
  const textLines = text
    .split(/\r?\n/)
    .map((l) => undoCjkLetterSpacing(l.trim()))
    .filter((l) => l !== '');
  const lines = new Map<string, OcrWord[]>();
  for (const w of words) lines.set(w.line, [...(lines.get(w.line) ?? []), w]);
  let t = 0;
  for (const line of lines.values()) {
    const want = squeeze(line.map((w) => w.text).join(''));
    const found = textLines.slice(t, t + 4).findIndex((l) => squeeze(l) === want);
    if (found < 0) continue;
    const source = textLines[t + found] as string;
    t += found + 1;
    let at = 0;
    for (const w of line) {
      for (const ch of squeeze(w.text)) {
        while (at < source.length && source[at] !== ch) at++;
        at++;
      }
      w.space = source[at] === ' ';
    }
  }
}

/** Parses `tesseract … tsv` output: level-5 rows are words. */
export function parseTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  for (const row of tsv.split(/\r?\n/)) {
    const c = row.split('\t');
    if (c[0] !== '5' || c.length < 12) continue;
    const text = (c.slice(11).join('\t') ?? '').trim();
    if (text === '') continue;
    const [left, top, width, height, conf] = [c[6], c[7], c[8], c[9], c[10]].map(Number) as [number, number, number, number, number];
    if (![left, top, width, height].every(Number.isFinite)) continue;
    words.push({ text, left, top, width, height, conf: Number.isFinite(conf) ? conf : 0, line: `${c[1]}.${c[2]}.${c[3]}.${c[4]}`, page: Number(c[1]) || 1 });
  }
  return words;
}

/** Gap (in ems) under which two words of one line are one run of text. */
const JOIN_GAP = 0.35;

const alnum = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9]/.test(ch);

/**
 * Words → pieces in PDF units: `scale` points per pixel, `height` the page height in pixels.
 * All words of a line share the line's bottom as baseline, so that a short `一` or a raised
 * `“` does not start a line of its own; the em is taken from the line's height.
 */
export function wordsToPieces(words: readonly OcrWord[], scale: number, height: number): Piece[] {
  const lines = new Map<string, OcrWord[]>();
  for (const w of words) lines.set(w.line, [...(lines.get(w.line) ?? []), w]);
  const pieces: Piece[] = [];
  for (const line of lines.values()) {
    line.sort((a, b) => a.left - b.left);
    const whole = cleanOcrLine(line.map((w) => w.text).join(''));
    if (whole.startsWith('— ')) line.splice(0, line.length, { ...(line[0] as OcrWord), text: whole, width: Math.max(...line.map((w) => w.left + w.width)) - (line[0] as OcrWord).left });
    const bottom = Math.max(...line.map((w) => w.top + w.height));
    const top = Math.min(...line.map((w) => w.top));
    // CJK ink fills about 0.9 em; the line's extent is the tallest glyphs.
    const em = Math.max(1, (bottom - top) / 0.9);
    let run: { text: string; left: number; right: number } | null = null;
    let prev: OcrWord | undefined;
    const flush = (): void => {
      if (run) pieces.push({ text: cleanOcrText(run.text), x: run.left * scale, y: (height - bottom) * scale, width: (run.right - run.left) * scale, size: em * scale, bold: false });
      run = null;
    };
    for (const w of line) {
      const r = run as { text: string; left: number; right: number } | null;
      const gap = r ? w.left - r.right : Number.POSITIVE_INFINITY;
      const latinPair = r !== null && alnum(r.text[r.text.length - 1]) && alnum(w.text[0]);
      // Tesseract's own word spacing when known (a gap of two ems is another column or cell).
      const join = prev?.space === undefined ? gap < (latinPair ? 0.12 : JOIN_GAP) * em : !prev.space && gap < 2 * em;
      if (prev?.space && r && gap < 2 * em) r.text += ' ';
      prev = w;
      if (r && join) {
        r.text += w.text;
        r.right = Math.max(r.right, w.left + w.width);
      } else {
        flush();
        run = { text: w.text, left: w.left, right: w.left + w.width };
      }
    }
    flush();
  }
  return pieces.filter((p) => p.text !== '');
}

const FULL_WIDTH_ALNUM = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;

/** General clean-up of one recognised run (see the module comment). */
export function cleanOcrText(s: string): string {
  let t = s.replace(FULL_WIDTH_ALNUM, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  // A table rule next to the text is read as `|`; official text has no such character.
  t = t.replace(/^[|｜]+\s*|\s*[|｜]+$/g, '');
  // Spaces tesseract leaves between CJK characters (or CJK and CJK punctuation).
  t = t.replace(/(?<=\S) +(?=\S)/g, (sp, at: number) => (isCjk(t[at - 1]) && isCjk(t[at + sp.length]) ? '' : sp));
  // `O`/`o` and `l`/`I`/`|` inside a run of digits are 0 and 1.
  t = t.replace(/(?<=\d)[Oo]+(?=\d)/g, (m) => '0'.repeat(m.length)).replace(/(?<=\d)[lI|]+(?=\d)/g, (m) => '1'.repeat(m.length));
  // `一` between digits is a hyphen (010一6857…); after a date and before a number, a dash (25日一6月).
  t = t.replace(/(?<=\d)一(?=\d)/g, '-').replace(/(?<=[日号时])一(?=\d)/g, '—');
  // A `〈` or `<` whose bracket is closed by `)`/`）` is a misread `(`; the same for `〉` closing `(`.
  t = t.replace(/[〈<]([^〈〉<>()（）]{1,20})([)）])/g, (_m, inner: string, close: string) => `${close === ')' ? '(' : '（'}${inner}${close}`);
  t = t.replace(/([(（])([^〈〉<>()（）]{1,20})[〉>]/g, (_m, open: string, inner: string) => `${open}${inner}${open === '(' ? ')' : '）'}`);
  // No spaces around CJK punctuation (tesseract sets one before 、 after a bracket).
  t = t.replace(/\s+(?=[、，。：；！？）》”])/g, '').replace(/(?<=[、，。：；！？（《“])\s+/g, '');
  return t;
}

/** `一2一` (the page number `— 2 —` misread) as a page number the PDF assembly drops. */
export function cleanOcrLine(s: string): string {
  return s.replace(/^[一—-]\s*(\d{1,4})\s*[一—-]$/, '— $1 —');
}

/** Mean word confidence, weighted by characters (0–100), or null without words. */
export function meanConfidence(words: readonly OcrWord[]): number | null {
  let sum = 0;
  let n = 0;
  for (const w of words) {
    const k = [...w.text].length;
    sum += w.conf * k;
    n += k;
  }
  return n > 0 ? sum / n : null;
}
