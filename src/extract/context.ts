/**
 * @module extract/context
 * What every extractor receives, and how a value points back into the text.
 */
import type { Block, Doc } from '../document.js';
import type { Evidence, Issue } from '../record/schema.js';
import type { Located, Structure } from '../structure/types.js';

export interface ExtractContext {
  doc: Doc;
  structure: Structure;
  /** The notice's own year (成文日期, else 印发日期, else 文号, else event): fills dates without one. */
  referenceYear: number | null;
  /** Month of the 成文日期 (or 印发日期): a deadline month before it rolls into the next year. */
  referenceMonth: number | null;
  issues: Issue[];
}

/** The page holding offset `at` (blocks are in text order). */
export function pageAt(doc: Doc, at: number): number | null {
  let lo = 0;
  let hi = doc.blocks.length - 1;
  let found: Block | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = doc.blocks[mid] as Block;
    if (b.start <= at) {
      found = b;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found?.page ?? null;
}

/**
 * Longest quote an evidence carries. A sentence can be any length (a one-line text file is one
 * 22,000-character "sentence"), and every value found in it quoting all of it made records of
 * 84 MB; a window of this size still shows a reader the value in its context.
 */
export const MAX_QUOTE = 200;

/**
 * Evidence for `text.slice(start, end)`. A span longer than MAX_QUOTE is narrowed to a window
 * around `focus` (the value itself, when the span is its sentence), else to the span's start;
 * offsets always describe the quote exactly.
 */
export function evidence(doc: Doc, start: number, end: number, focus?: { start: number; end: number }): Evidence {
  if (end - start > MAX_QUOTE) {
    [start, end] = quoteWindow(start, end, focus);
    // Never cut a surrogate pair in half: the quote would not be valid text.
    if (isLowSurrogate(doc.text.charCodeAt(start))) start--;
    if (isLowSurrogate(doc.text.charCodeAt(end))) end++;
  }
  return { start, end, page: pageAt(doc, start), quote: doc.text.slice(start, end) };
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** A MAX_QUOTE window inside [start, end] centred on `focus` (clamped into the span). */
export function quoteWindow(start: number, end: number, focus?: { start: number; end: number }): [number, number] {
  const fStart = Math.min(Math.max(focus?.start ?? start, start), end);
  const fEnd = Math.min(Math.max(focus?.end ?? fStart, fStart), end);
  const slack = Math.max(0, MAX_QUOTE - (fEnd - fStart));
  let from = focus ? fStart - Math.floor(slack / 2) : start;
  from = Math.max(start, Math.min(from, end - MAX_QUOTE));
  return [from, Math.min(end, from + MAX_QUOTE)];
}

export const evidenceOf = (doc: Doc, l: Located): Evidence => evidence(doc, l.start, l.end);

/** Every paragraph of the document with its block, in order (tables excluded). */
export function paragraphs(blocks: readonly Block[]): Array<Extract<Block, { kind: 'paragraph' }>> {
  return blocks.filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph');
}

/** Sentences of a paragraph with their offsets into the document text. */
export function sentences(p: { text: string; start: number }): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  const re = /[^。；！？]+[。；！？]?/g;
  for (const m of p.text.matchAll(re)) {
    const lead = m[0].length - m[0].trimStart().length;
    const t = m[0].trim();
    if (t) out.push({ text: t, start: p.start + m.index + lead, end: p.start + m.index + lead + t.length });
  }
  return out;
}

/**
 * A sentence that its paragraph cut before its end (a PDF line break: `于 9 月 13 日下午` / `17:00 前将…`),
 * carried on through the document's text to the next 。；！？ (at most `max` characters on). The start
 * is the sentence's own, so offsets into it stay valid.
 */
export function sentenceWithRest(docText: string, s: { text: string; start: number; end: number }, max = 120): { text: string; start: number; end: number } {
  if (/[。；！？]$/.test(s.text)) return s;
  const rest = docText.slice(s.end, s.end + max);
  const stop = rest.search(/[。；！？]/);
  const end = s.end + (stop < 0 ? rest.length : stop + 1);
  return { text: docText.slice(s.start, end), start: s.start, end };
}
