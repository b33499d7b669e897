/**
 * @module extract/scope
 * Where dates and themes of the notice itself are printed: every paragraph outside the attached
 * forms. Not only the segmented 正文, because web copies without a red head often lose their
 * body to a mis-placed title (a `附件：…的通知` line read as the title leaves the body empty),
 * and the activity's time or theme must not vanish with it.
 */
import type { Paragraph } from '../document.js';
import type { Located, OutlineHeading } from '../structure/types.js';
import { parseHeading } from '../structure/outline.js';
import type { ExtractContext } from './context.js';

/** How much else a line may hold beside a frame part (a signature, its date, a contact) and still be frame. */
const FRAME_LINE_REST = 80;

export function mainParagraphs(ctx: ExtractContext): Paragraph[] {
  const s = ctx.structure;
  const inAttachment = new Set<number>(s.attachments.flatMap((a) => a.blocks.map((b) => b.index)));
  // The 文号, signature, 成文日期 and 版记 are the notice's frame, never its activity.
  const frame: Located[] = [s.docNumber, s.signedDate, s.printedDate, s.cc, s.printer, ...s.signature].filter((l): l is Located => l !== null);
  // A page that ran the whole notice into one line ends it with the date: that line is the text.
  const framed = (p: Paragraph): boolean => frame.some((l) => l.start < p.end && p.start < l.end && p.end - p.start - (l.end - l.start) < FRAME_LINE_REST);
  return ctx.doc.blocks.filter((b): b is Paragraph => b.kind === 'paragraph' && !inAttachment.has(b.index) && !framed(b));
}

/** The numbered headings among `paras`, each with its position in `paras`. */
export function headingsOf(paras: readonly Paragraph[]): Array<{ h: OutlineHeading; at: number }> {
  const out: Array<{ h: OutlineHeading; at: number }> = [];
  paras.forEach((p, at) => {
    const h = parseHeading(p);
    if (h) out.push({ h, at });
  });
  return out;
}
