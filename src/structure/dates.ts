/**
 * @module structure/dates
 * Finds printed dates and date ranges in Chinese text, with their offsets.
 *
 * Handles Arabic, full-width and Chinese numerals (二〇二三年, 二OO七年 with the letter O,
 * 二0一一年), blanks inside dates (2023 年 5 月 20 日), ranges with a partial right side
 * (5月20—31日, 5月25日—6月1日, 9月15日至25日) and fuzzy parts of a month (上旬/中旬/下旬/底/初).
 * A missing year is left missing here: `resolve` fills it from the notice's own reference
 * year, never from today.
 */

export type MonthPart = 'early' | 'mid' | 'late' | 'end' | 'begin';

export interface DatePoint {
  year: number | null;
  month: number | null;
  day: number | null;
  /** 上旬/中旬/下旬/底/初: the point is a part of a month, not a day. */
  part: MonthPart | null;
}

export interface DateMention {
  start: number;
  end: number;
  text: string;
  from: DatePoint;
  /** Right side of a range; its missing year/month are inherited from `from`. */
  to: DatePoint | null;
  /** Set when the month was not printed with the day but taken from a date before it (structure/date-lists). */
  inferred?: 'month_from_previous_date';
}

const CN_DIGIT: Record<string, number> = {
  '〇': 0, '○': 0, '零': 0, O: 0, o: 0, 'Ｏ': 0, '0': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
};

/** 二〇二三 / 二OO七 / 二0一一 / 2023 / ２０２３ → 2023. */
export function parseYear(s: string): number | null {
  const t = s.normalize('NFKC').replace(/\s+/g, '');
  if (/^\d{4}$/.test(t)) return Number(t);
  let n = 0;
  for (const ch of t) {
    const d = /\d/.test(ch) ? Number(ch) : CN_DIGIT[ch];
    if (d === undefined) return null;
    n = n * 10 + d;
  }
  return t.length === 4 ? n : null;
}

/** 5 / ０５ / 十一 / 二十七 / 三十一 → number; null when not a number up to 99. */
export function parseSmallNumber(s: string): number | null {
  const t = s.normalize('NFKC').replace(/\s+/g, '');
  if (/^\d{1,2}$/.test(t)) return Number(t);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(t);
  if (!m || t.length === 0) return null;
  const [, tens, ten, ones] = m;
  if (!ten) return tens && !ones ? (CN_DIGIT[tens] ?? null) : null;
  return (tens ? (CN_DIGIT[tens] ?? 0) : 1) * 10 + (ones ? (CN_DIGIT[ones] ?? 0) : 0);
}

const SP = '[ \\u3000]*';
const YEAR_DIGITS = '(?:[0-9０-９]{4}|[〇○零OoＯ0一二三四五六七八九]{4})';
const MONTH_NUM = '(?:[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九])';
const DAY_NUM = '(?:[0-9０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';
const RANGE_SEP = `${SP}(?:—{1,3}|–|－|-{1,3}|~|～|〜|至|到)${SP}`;
/** `(星期四)`, `（周五）`: printed after a day, part of the date mention. */
const WEEKDAY = `[（(]${SP}(?:星期|周|礼拜)[一二三四五六日天七]${SP}[）)]`;
/**
 * A clock time or a part of the day between the two sides of a range: `11月18日(星期四)8:00—11月27日`,
 * `7月13日下午—7月14日上午`.
 */
const CLOCK = `(?:(?:上午|中午|下午|晚上|早上|凌晨)?${SP}[:：]?${SP}[0-9０-９]{1,2}${SP}(?:[:：∶︰][0-9０-９]{2}|[时点](?:${SP}[0-9０-９]{1,2}${SP}分|半)?)|上午|中午|下午|晚上|早上|全天)`;

function point(i: number): string {
  const y = `(?:(?<y${i}>${YEAR_DIGITS})${SP}年${SP})`;
  const m = `(?:(?<m${i}>${MONTH_NUM})${SP}月${SP})`;
  // 20—31日 and 8月15至9月28日 print 日 once, on the right side of the range.
  const rightDay = `${RANGE_SEP}(?:${YEAR_DIGITS}${SP}年${SP})?(?:${MONTH_NUM}${SP}月${SP})?${DAY_NUM}${SP}[日号]`;
  const d = `(?:(?<d${i}>${DAY_NUM})${SP}(?:[日号]|(?=${rightDay})))`;
  const p = `(?<p${i}>上旬|中旬|下旬|底|末|初)`;
  // The left side needs a month: an empty left side would let `到2010年11月4日` match as a
  // range with nothing before 到 and swallow the date. The right side may be a bare day.
  return i === 1 ? `${y}?${m}(?:${d}|${p})?` : `${y}?${m}?(?:${d}|${p})?`;
}

// A bare year (2023年是…) or a bare day is not a date on its own; 〔2023〕 in a 文号 never
// matches because a year needs 年. The range part is one trailing group so that a failed right side can be cut off the match.
const DATE_RE = new RegExp(
  `${point(1)}(?:${SP}${WEEKDAY})?(?<rng>(?:${SP}${CLOCK})?${RANGE_SEP}${point(2)}(?:${SP}${WEEKDAY})?)?`,
  'gu',
);

/** 2022.3.5, 2022/3/5, 2022-03-05 (web pages, forms), optionally a range to a later day. */
const NUMERIC_RE = /(?<![0-9０-９.．/-])((?:19|20)[0-9]{2})([./．-])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])(?:[ \u3000]*(?:——|—|–|－|-|~|～|至|到)[ \u3000]*(?:((?:19|20)[0-9]{2})\2)?(?:([0-9]{1,2})\2)?([0-9]{1,2})(?![0-9./．-]))?/gu;

/**
 * Digits run together before 日, as some web editors print them: `即日起至20211117日(周三)20:00`,
 * `在1010日前以现场写作方式举办初赛` (month 10, day 10). Not after another digit, 第/共/约 (a count).
 */
const COMPACT_RE = /(?<![0-9０-９.．/第共计约近满每])((?:19|20)[0-9]{2})?([01][0-9])([0-3][0-9])[ \u3000]*日/gu;

function toPoint(g: Record<string, string | undefined>, i: number): DatePoint | null {
  const ys = g[`y${i}`];
  const ms = g[`m${i}`];
  const ds = g[`d${i}`];
  const ps = g[`p${i}`];
  if (ys === undefined && ms === undefined && ds === undefined && ps === undefined) return null;
  const year = ys !== undefined ? parseYear(ys) : null;
  const month = ms !== undefined ? parseSmallNumber(ms) : null;
  const day = ds !== undefined ? parseSmallNumber(ds) : null;
  if (ys !== undefined && year === null) return null;
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null && (day < 1 || day > 31)) return null;
  const part: MonthPart | null = ps === undefined ? null : ps === '上旬' ? 'early' : ps === '中旬' ? 'mid' : ps === '下旬' ? 'late' : ps === '初' ? 'begin' : 'end';
  return { year, month, day, part };
}

/** All date mentions of `text`, left to right, with offsets into `text`. */
/**
 * findDates is pure and the extractors ask it about the same sentences again and again (periods,
 * deadlines, events, the notice's year): the answers of recent texts are kept. Bounded: cleared
 * when full, so a long document costs no more memory than this many short answers.
 */
const FOUND = new Map<string, readonly DateMention[]>();
const FOUND_MAX = 2048;

export function findDates(text: string): DateMention[] {
  const known = FOUND.get(text);
  if (known) return [...known];
  const found = scanDates(text);
  if (FOUND.size >= FOUND_MAX) FOUND.clear();
  FOUND.set(text, found);
  return [...found];
}

function scanDates(text: string): DateMention[] {
  const out: DateMention[] = [];
  for (const m of text.matchAll(DATE_RE)) {
    const g = m.groups ?? {};
    const from = toPoint(g, 1);
    if (!from || from.month === null) continue;
    let to = toPoint(g, 2);
    if (to && to.month === null && to.day === null && to.part === null) to = null;
    // Without a right side the match may still have swallowed a clock time and a separator.
    const end = m.index + m[0].length - (to ? 0 : (g.rng?.length ?? 0));
    out.push({ start: m.index, end, text: text.slice(m.index, end), from, to: to ? inherit(to, from) : null });
  }
  for (const m of text.matchAll(NUMERIC_RE)) {
    const from = numericPoint(m[1], m[3], m[4]);
    if (!from) continue;
    const to = m[7] !== undefined ? numericPoint(m[5] ?? String(from.year), m[6] ?? String(from.month), m[7]) : null;
    const end = m.index + (to ? m[0].length : `${m[1]}${m[2]}${m[3]}${m[2]}${m[4]}`.length);
    out.push({ start: m.index, end, text: text.slice(m.index, end), from, to });
  }
  for (const m of text.matchAll(COMPACT_RE)) {
    const from = numericPoint(m[1] ?? '', m[2], m[3]);
    if (!from) continue;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], from: { ...from, year: m[1] !== undefined ? from.year : null }, to: null });
  }
  return out.sort((a, b) => a.start - b.start);
}

function numericPoint(ys: string | undefined, ms: string | undefined, ds: string | undefined): DatePoint | null {
  const year = Number(ys);
  const month = Number(ms);
  const day = Number(ds);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return null;
  return { year, month, day, part: null };
}

function inherit(to: DatePoint, from: DatePoint): DatePoint {
  return {
    year: to.year ?? from.year,
    month: to.month ?? from.month,
    day: to.day,
    part: to.part,
  };
}

// ---------- resolution to ISO dates ----------

const pad = (n: number): string => String(n).padStart(2, '0');
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

export interface ResolveOptions {
  /** The notice's own year (成文日期, else its event year): fills a missing year. */
  referenceYear: number | null;
  /** The signing month: a deadline month earlier than it rolls into the next year. */
  referenceMonth?: number | null;
  /** For deadlines: a month before the reference month means next year. */
  rollForward?: boolean;
}

/**
 * A point as an ISO interval: a day is [d, d]; a 上旬 [1, 10]; 月底 [last, last]; a month alone
 * [1, last]. Null when no year can be found.
 */
export function resolvePoint(p: DatePoint, opts: ResolveOptions): { start: string; end: string } | null {
  if (p.month === null) {
    if (p.year === null) return null;
    return { start: `${p.year}-01-01`, end: `${p.year}-12-31` };
  }
  let year = p.year ?? opts.referenceYear;
  if (year === null) return null;
  if (p.year === null && opts.rollForward && opts.referenceMonth != null && p.month < opts.referenceMonth) year += 1;
  const last = lastDay(year, p.month);
  const ym = `${year}-${pad(p.month)}`;
  if (p.day !== null) {
    const d = Math.min(p.day, last);
    return { start: `${ym}-${pad(d)}`, end: `${ym}-${pad(d)}` };
  }
  switch (p.part) {
    case 'early':
    case 'begin':
      return { start: `${ym}-01`, end: `${ym}-10` };
    case 'mid':
      return { start: `${ym}-11`, end: `${ym}-20` };
    case 'late':
      return { start: `${ym}-21`, end: `${ym}-${pad(last)}` };
    case 'end':
      return { start: `${ym}-${pad(last)}`, end: `${ym}-${pad(last)}` };
    default:
      return { start: `${ym}-01`, end: `${ym}-${pad(last)}` };
  }
}

/** True when the point names one day (or 月底, which is one day). */
export const isDayPrecise = (p: DatePoint): boolean => p.month !== null && (p.day !== null || p.part === 'end');

/** ISO date of a whole-line date such as 成文日期 `2023年4月15日` or `二〇二三年四月十五日`. */
export function parseFullDate(text: string): string | null {
  const m = findDates(text)[0];
  if (!m || m.to || m.from.year === null || m.from.day === null || m.from.month === null) return null;
  // A 成文日期 is exact: 2月30日 is a misprint to report, not a day to guess.
  if (m.from.day > lastDay(m.from.year, m.from.month)) return null;
  return resolvePoint(m.from, { referenceYear: null })?.start ?? null;
}
