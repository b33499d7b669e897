/**
 * @module extract/era
 * The notice's own time: the year (and month) that dates without a year belong to, and the
 * check that a printed year belongs to the notice at all (`即1965年10月31日以前出生` in a 2010
 * notice is an eligibility rule, not an obligation of 1965).
 */
import type { Block, Paragraph } from '../document.js';
import type { Issue } from '../record/schema.js';
import type { DateMention, DatePoint } from '../structure/dates.js';
import { parseFullDate } from '../structure/dates.js';
import type { ExtractContext } from './context.js';

export interface Era {
  year: number | null;
  month: number | null;
  /**
   * Signed late in the year about the next one (`现将我校2015年元旦、清明节…放假调休日期` signed
   * 2014年12月17日): every yearless month before the signing month then lies in the next year.
   */
  ahead?: boolean;
}

/** The next year written out with 年 (not inside a 文号 〔2015〕), for a notice signed from October on. */
function namesNextYear(text: string, era: Era): boolean {
  if (era.year === null || era.month === null || era.month < 10) return false;
  const next = new RegExp(`(?<![0-9〔\\[(（])${era.year + 1}[ \u3000]*年(?![0-9])`);
  const own = new RegExp(`(?<![0-9〔\\[(（])${era.year}[ \u3000]*年(?:度)?(?![0-9]|[ \u3000]*[0-9一二三四五六七八九十]{1,2}[ \u3000]*月)`);
  // `2014年工作总结…2015年计划` speaks of both years: only a notice about the next year alone is ahead.
  return next.test(text) && !own.test(text);
}

export function noticeEra(ctx: ExtractContext): Era {
  const era = baseEra(ctx);
  return namesNextYear(ctx.doc.text, era) ? { ...era, ahead: true } : era;
}

/** How far (in years) a printed date may lie from the notice's year and still be its own. */
export const ERA_SPAN = 2;

/** A line that is only a date, as a 成文日期 under a signature is printed: `二〇一一年十二月六日`. */
const DATE_LINE = /^[ \u3000]*[0-9０-９〇○零OoＯ一二三四五六七八九]{4}[ \u3000]*年[^。，；：:]{2,14}[日号][ \u3000]*$/u;

/**
 * The era from the head and signature when the structure gave none: the last line that is a
 * whole date (the 成文日期 the segmenter did not place). Used only when the notice has no
 * signed date, 印发 date or 文号 year, before ctx.referenceYear's weaker guesses (the first
 * year printed in the body may be a law's or a past event's).
 */
function baseEra(ctx: ExtractContext): Era {
  const s = ctx.structure;
  const strong = s.signedDate !== null || s.printedDate !== null || (s.docNumber !== null && /〔\s*\d{4}\s*〕/.test(s.docNumber.text));
  if (strong && ctx.referenceYear !== null) return { year: ctx.referenceYear, month: ctx.referenceMonth };
  const inAttachment = new Set<number>(s.attachments.flatMap((a) => a.blocks.map((b) => b.index)));
  const lines = ctx.doc.blocks.filter((b: Block): b is Paragraph => b.kind === 'paragraph');
  // Outside the attachments first; then anywhere, since a 附件说明 list read as an attachment
  // can carry the signature and its date along.
  for (const outside of [true, false]) {
    for (let i = lines.length - 1; i >= 0; i--) {
      const p = lines[i] as Paragraph;
      if ((outside && inAttachment.has(p.index)) || !DATE_LINE.test(p.text)) continue;
      const iso = parseFullDate(p.text);
      if (iso) return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)) };
    }
  }
  return { year: ctx.referenceYear, month: ctx.referenceMonth };
}

/** True when every printed year of `m` lies within ERA_SPAN of the notice's year. */
export function inEra(m: Pick<DateMention, 'from' | 'to'>, era: Era): boolean {
  if (era.year === null) return true;
  const near = (p: DatePoint | null): boolean => p === null || p.year === null || Math.abs(p.year - (era.year as number)) <= ERA_SPAN;
  return near(m.from) && near(m.to);
}

/** The issue reported for a date that is too far from the notice to be one of its own. */
export function outOfEraIssue(m: Pick<DateMention, 'text'>, era: Era, path: string): Issue {
  return {
    code: 'date_out_of_era',
    path: [path],
    message: `date "${m.text}" is more than ${ERA_SPAN} years from the notice's year ${era.year ?? '?'}; not taken as one of its dates`,
  };
}

/**
 * The issue reported for a date whose year (or month) was not printed with it but taken from
 * context (the notice's year, the date before it): a value a person may want to review.
 */
export function inferredDateIssue(m: Pick<DateMention, 'text' | 'from' | 'to' | 'inferred'>, iso: string, path: string): Issue | null {
  const yearless = m.from.year === null || (m.to !== null && m.to.year === null);
  if (!yearless && !m.inferred) return null;
  const what = m.inferred ? 'month and year' : 'year';
  return { code: 'date_inferred', path: [path], message: `"${m.text.trim()}" read as ${iso}: the ${what} taken from context, not printed with the date` };
}
