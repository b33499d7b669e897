/**
 * @module extract/themes
 * 主题 as printed: the line under a `主题` heading (`（二）主题。`, `一、活动主题`,
 * `二、科技周活动主题`), a run-in `主题：…` / `活动主题：…`, and sentences: `主题为“…”`,
 * `以“…”为主题`, `围绕“…”（的）主题`, `根据“…”主题`, in any quote style (“” "" 「」 『』 ‘’,
 * and 《》 where the sentence says it is the theme).
 */
import type { Paragraph } from '../document.js';
import type { ExtractContext } from './context.js';
import { evidence } from './context.js';
import { labelOf } from './labels.js';
import { parseHeading } from '../structure/outline.js';
import { headingsOf, mainParagraphs } from './scope.js';

/** `主题`, `活动主题`, `科技周活动主题`: a short heading ending in 主题, not `突出主题`. */
const THEME_HEADING = /^[^，。；：:、\s]{0,10}主\s*题$/;
const NOT_THEME_HEADING = /(?:紧扣|突出|围绕|聚焦|明确|确定|鲜明|贴近)主\s*题$/;

/** One quoted span in any of the quote pairs notices use; the first defined group is the text. */
const QUOTE = '(?:“([^“”]{2,40})”|"([^"]{2,40})"|「([^「」]{2,40})」|『([^『』]{2,40})』|‘([^‘’]{2,40})’)';
const QUOTE_OR_BOOK = `(?:${QUOTE}|《([^《》]{2,40})》)`;
const SENTENCE_RULES: RegExp[] = [
  new RegExp(`主题(?:词)?[ \\u3000]*(?:为|是|定为|确定为)[：:]?[ \\u3000]*${QUOTE_OR_BOOK}`, 'gu'),
  new RegExp(`以[ \\u3000]*${QUOTE_OR_BOOK}[ \\u3000]*(?:为|作为)[ \\u3000]*(?:本次|本届|今年|年度|活动|大会|宣传)?(?:活动)?主题`, 'gu'),
  // `围绕“节约能源资源、保护生态环境、保障安全健康”的主题`, `根据“科技强国 科普惠民”主题`.
  new RegExp(`(?:围绕|根据|按照|紧扣|突出|聚焦|紧紧围绕|结合)[ \\u3000]*${QUOTE}[ \\u3000]*(?:的|这一|这个)?(?:活动|宣传|年度)?主题`, 'gu'),
];

const QUOTES = /^[“"「『‘《]|[”"」』’》]$/g;
const clean = (s: string): string => s.trim().replace(/[。；;，,]$/, '').replace(QUOTES, '').trim();

interface Theme {
  text: string;
  start: number;
  end: number;
}

/** A paragraph that reads as a theme line, not as a sentence about themes. */
function isThemeLine(text: string): boolean {
  const t = text.trim();
  if (!t || t.length > 60) return false;
  // `创新引领,共享发展。` may end in a stop; a sentence with an obligation is no theme.
  if (/[。；]$/.test(t.replace(/[”"」』]$/, ''))) return t.length <= 30 && !/主题|要|应|请|须|需|将|自行|结合|开展|组织/.test(t);
  return true;
}

function fromHeadings(paras: Paragraph[]): Theme[] {
  const found: Theme[] = [];
  for (const { h, at } of headingsOf(paras)) {
    const head = h.heading.replace(/[。：:]$/, '');
    if (!THEME_HEADING.test(head) || NOT_THEME_HEADING.test(head)) continue;
    // Run-in: `（二）主题：热爱科学 崇尚科学`.
    const rest = h.block.text.slice(h.at.end - h.block.start).replace(/^[。：:\s]+/, '');
    if (rest) {
      if (isThemeLine(rest)) found.push({ text: clean(rest), start: h.block.end - rest.length, end: h.block.end });
      continue;
    }
    const line = lineUnder(paras, at);
    if (line) found.push({ text: clean(line.text), start: line.start, end: line.end });
  }
  return found;
}

/**
 * The theme line under a heading or label at `at`: the next paragraph, past a bare repeated
 * label (`二、论坛主题` / `论坛主题：` / theme). A numbered sub-heading (`（一）时 间` under
 * `一、时间与主题`) is no theme: the theme sits under its own `（二）主 题`.
 */
function lineUnder(paras: Paragraph[], at: number): Paragraph | null {
  for (let i = at + 1; i <= at + 2 && i < paras.length; i++) {
    const p = paras[i] as Paragraph;
    if (/^[^，。；\s]{1,12}[：:]$/.test(p.text.trim())) continue;
    if (parseHeading(p)) return null;
    return isThemeLine(p.text) ? p : null;
  }
  return null;
}

/** `活动主题：喜迎二十大 奋进新征程` on a line of its own, unnumbered. */
function fromLabels(paras: Paragraph[]): Theme[] {
  const found: Theme[] = [];
  for (const [i, p] of paras.entries()) {
    const l = labelOf(p.text);
    if (!l || !THEME_HEADING.test(l.label) || NOT_THEME_HEADING.test(l.label)) continue;
    const rest = p.text.slice(l.end).split(/[。；]/)[0] ?? '';
    if (rest && isThemeLine(rest)) found.push({ text: clean(rest), start: p.start + l.end, end: p.start + l.end + rest.length });
    if (!rest.trim()) {
      const line = lineUnder(paras, i);
      if (line) found.push({ text: clean(line.text), start: line.start, end: line.end });
    }
  }
  return found;
}

/**
 * `…为主题的论坛活动`: the theme of one event held within the notice's activity (a forum, a
 * talk), not the notice's own theme, when the notice states one of its own as well.
 */
export const isSideEventTheme = (after: string): boolean => /^[ \u3000]*的[^，。；,;]{0,6}?(?:论坛|讲座|座谈|研讨|报告会|沙龙|分会场|展览)/.test(after);

function fromSentences(paras: Paragraph[]): Theme[] {
  for (const re of SENTENCE_RULES) {
    const found: Array<Theme & { side: boolean }> = [];
    for (const p of paras) {
      for (const m of p.text.matchAll(re)) {
        const t = m.slice(1).find((g) => g !== undefined) ?? '';
        const at = p.start + m.index + m[0].indexOf(t);
        found.push({ text: t.trim(), start: at, end: at + t.length, side: isSideEventTheme(p.text.slice(m.index + m[0].length)) });
      }
    }
    const own = found.filter((t) => !t.side);
    if (found.length) return own.length ? own : found;
  }
  return [];
}

export function extractThemes(ctx: ExtractContext): Array<{ value: string; evidence: ReturnType<typeof evidence> }> {
  const paras = mainParagraphs(ctx);
  let found = fromHeadings(paras);
  if (found.length === 0) found = fromLabels(paras);
  if (found.length === 0) found = fromSentences(paras);
  const seen = new Set<string>();
  return found
    .filter((t) => t.text && !seen.has(t.text) && (seen.add(t.text), true))
    .map((t) => ({ value: t.text, evidence: evidence(ctx.doc, t.start, t.end) }));
}
