/**
 * @module extract/themes
 * 主题: the line under a `主题` heading (`（二）主题。` / `一、活动主题`), a run-in
 * `主题：…`, or `主题为“…”` in a sentence.
 */
import type { ExtractContext } from './context.js';
import { evidence } from './context.js';

const THEME_HEADING = /^(?:活动|大会|会议|本次活动|宣传)?主\s*题$/;
const QUOTED_THEME = /主题(?:为|是)[ \u3000]*[“"「『]([^”"」』]{2,40})[”"」』]/g;
const AS_THEME = /以[ \u3000]*[“"「『]([^”"」』]{2,40})[”"」』][ \u3000]*为(?:活动)?主题/g;

export interface Theme {
  text: string;
  start: number;
  end: number;
}

const clean = (s: string): string => s.replace(/^[“"「『]|[”"」』。]$/g, '').trim();

export function extractThemes(ctx: ExtractContext): Array<{ value: string; evidence: ReturnType<typeof evidence> }> {
  const found: Theme[] = [];
  const { body, outline } = ctx.structure;
  for (const h of outline) {
    if (!THEME_HEADING.test(h.heading.replace(/[。：:]$/, ''))) continue;
    // Run-in: `（二）主题：热爱科学 崇尚科学`.
    const rest = h.block.text.slice(h.at.end - h.block.start).replace(/^[。：:\s]+/, '');
    if (rest) {
      const at = h.block.end - rest.length;
      found.push({ text: clean(rest), start: at, end: h.block.end });
      continue;
    }
    const next = body[body.indexOf(h.block) + 1];
    if (next?.kind === 'paragraph' && next.text.length <= 60 && !/[。；]$/.test(next.text.replace(/[”"]$/, ''))) {
      found.push({ text: clean(next.text), start: next.start, end: next.end });
    }
  }
  if (found.length === 0) {
    for (const re of [QUOTED_THEME, AS_THEME]) {
      for (const b of body) {
        if (b.kind !== 'paragraph') continue;
        for (const m of b.text.matchAll(re)) {
          const t = m[1] ?? '';
          const at = b.start + m.index + m[0].indexOf(t);
          found.push({ text: t.trim(), start: at, end: at + t.length });
        }
      }
      if (found.length) break;
    }
  }
  const seen = new Set<string>();
  return found
    .filter((t) => t.text && !seen.has(t.text) && (seen.add(t.text), true))
    .map((t) => ({ value: t.text, evidence: evidence(ctx.doc, t.start, t.end) }));
}
