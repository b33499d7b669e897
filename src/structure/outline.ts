/**
 * @module structure/outline
 * The 正文 outline from its numbered headings: 一、 / （一） / 1. / （1）.
 * Run-in headings (`（一）主场启动仪式。2023年…`) end at their first full stop.
 */
import type { Block, Paragraph } from '../document.js';
import { OUTLINE_LEVELS } from './patterns.js';
import type { OutlineHeading } from './types.js';
import { part } from './types.js';

/** Headings longer than this are numbered body paragraphs, not headings. */
const MAX_HEADING = 64;

export function parseHeading(p: Paragraph): OutlineHeading | null {
  for (const { level, re } of OUTLINE_LEVELS) {
    const m = re.exec(p.text);
    if (!m?.[1]) continue;
    const rest = p.text.slice(m[0].length);
    // `（二）主题：热爱科学 崇尚科学`: a short label before a colon is the heading.
    const colon = rest.search(/[：:]/);
    const sentenceStop = rest.search(/[。！？]/);
    const stop = colon > 0 && colon <= 12 && (sentenceStop < 0 || colon < sentenceStop) ? colon : sentenceStop;
    const heading = (stop >= 0 ? rest.slice(0, stop) : rest).trim();
    if (!heading || heading.length > MAX_HEADING) return null;
    // A heading line with no stop is a heading only if short; a run-in one must end at 。
    if (stop < 0 && rest.length > MAX_HEADING) return null;
    const from = m[0].length + (rest.length - rest.trimStart().length);
    return {
      number: m[0].trim().replace(/[、.．]$/, ''),
      heading,
      level,
      at: part(p, from, from + heading.length, heading),
      block: p,
    };
  }
  return null;
}

export function findOutline(body: Block[]): OutlineHeading[] {
  return body.flatMap((b) => (b.kind === 'paragraph' ? (parseHeading(b) ?? []) : []));
}
