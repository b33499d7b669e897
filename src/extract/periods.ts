/**
 * @module extract/periods
 * Event periods (the activity period a notice announces, e.g. under a `（一）时间` heading) and
 * single-day events (`5月20日在北京城市绿心森林公园举办…启动式`).
 */
import type { Paragraph } from '../document.js';
import type { Event, EventPeriod } from '../record/schema.js';
import type { ExtractContext } from './context.js';
import { evidence, paragraphs, sentences } from './context.js';
import type { DateMention } from '../structure/dates.js';
import { findDates, isDayPrecise, resolvePoint } from '../structure/dates.js';
import { isDeadlineMention } from './deadlines.js';
import { parseTimeAt } from './times.js';

const TIME_HEADING = /^(?:活动|举办|会议|培训|比赛|展览)?(?:时\s*间|日\s*期|时间安排)(?:和|与|及)?(?:地\s*点)?$/;
const PERIOD_CUE = /(?:时间|期间|日期)(?:为|是|：|:)|(?:于|在)$/;

export interface PeriodResult {
  periods: EventPeriod[];
  /** Ranges that are only as precise as 上旬/中旬/下旬: reported, not guessed into days. */
  imprecise: DateMention[];
}

function toPeriod(ctx: ExtractContext, m: DateMention, offset: number): EventPeriod | null {
  if (!m.to) return null;
  const from = resolvePoint(m.from, { referenceYear: ctx.referenceYear });
  const to = resolvePoint(m.to, { referenceYear: ctx.referenceYear });
  if (!from || !to || to.end < from.start) return null;
  return { start: from.start, end: to.end, text: m.text, evidence: evidence(ctx.doc, offset + m.start, offset + m.end) };
}

/** The paragraph right under a 时间 heading, or a run-in `时间：…` heading itself. */
function periodParagraphs(ctx: ExtractContext): Paragraph[] {
  const out: Paragraph[] = [];
  const body = ctx.structure.body;
  for (const h of ctx.structure.outline) {
    if (!TIME_HEADING.test(h.heading.replace(/[。：:]$/, ''))) continue;
    const i = body.indexOf(h.block);
    const rest = h.block.text.slice(h.at.end - h.block.start);
    if (findDates(rest).some((m) => m.to)) out.push(h.block);
    const next = body[i + 1];
    if (next?.kind === 'paragraph') out.push(next);
  }
  return out;
}

export function extractPeriods(ctx: ExtractContext): PeriodResult {
  const periods: EventPeriod[] = [];
  const imprecise: DateMention[] = [];
  const seen = new Set<string>();
  const add = (m: DateMention, offset: number): void => {
    if (!m.to) return;
    if (!isDayPrecise(m.from) || !isDayPrecise(m.to)) {
      imprecise.push({ ...m, start: m.start + offset, end: m.end + offset });
      return;
    }
    const p = toPeriod(ctx, m, offset);
    if (p && !seen.has(`${p.start}/${p.end}`)) {
      seen.add(`${p.start}/${p.end}`);
      periods.push(p);
    }
  };
  for (const p of periodParagraphs(ctx)) for (const m of findDates(p.text)) add(m, p.start);
  // A range stated as the activity's time in a sentence (`活动时间为5月20日至27日`).
  for (const p of paragraphs(ctx.structure.body)) {
    for (const m of findDates(p.text)) {
      if (m.to && PERIOD_CUE.test(p.text.slice(Math.max(0, m.start - 6), m.start))) add(m, p.start);
    }
  }
  return { periods, imprecise };
}

const HAPPENS = /(举办|举行|召开|开幕|闭幕|启动|开展|进行)/;

/** Single days on which something is held: the date, what, and where (`在X举办`). */
export function extractEvents(ctx: ExtractContext): Event[] {
  const out: Event[] = [];
  for (const p of paragraphs(ctx.structure.body)) {
    for (const s of sentences(p)) {
      for (const m of findDates(s.text)) {
        if (m.to || !isDayPrecise(m.from)) continue;
        const abs = { ...m, start: m.start + s.start, end: m.end + s.start };
        if (isDeadlineMention(s.text, abs, s.start)) continue;
        const after = s.text.slice(m.end);
        const verb = HAPPENS.exec(after);
        if (!verb || verb.index > 40) continue;
        const day = resolvePoint(m.from, { referenceYear: ctx.referenceYear });
        if (!day) continue;
        const place = /^[^，。]*?在([^，。]{2,40}?)(?:举办|举行|召开|开幕|闭幕|启动|开展|进行)/.exec(after)?.[1] ?? null;
        const what = after.slice(verb.index + verb[0].length).replace(/[。；，,].*$/, '').trim() || s.text.slice(0, 60);
        out.push({
          date: day.start,
          time: parseTimeAt(after)?.time ?? null,
          what,
          place,
          evidence: evidence(ctx.doc, s.start, s.end),
        });
      }
    }
  }
  return out;
}
