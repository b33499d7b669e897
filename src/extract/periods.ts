/**
 * @module extract/periods
 * Event periods: the main activity a notice announces, a range or a single day (a contest, a
 * meeting, an exhibition opening; never the 报到 or 离会 day around it). Found three ways:
 * - under a time heading (`一、科技周活动时间`, `（三）比赛时间`, `一、时间与主题`);
 * - on a labelled line (`开幕时间：2022年10月14日（周五）上午10点`, `1.比赛时间:2019年9月22日。`);
 * - in a sentence that schedules the activity (`兹定于2022年11月4-6日举办…`, `将于5月21日至30日举办`).
 * Submission windows (`报名时间`, `于…至…期间，注册登录…`) are deadlines, never periods.
 * Single-day events (`5月20日在…举办…启动式`) are extracted separately as events.
 */
import type { Paragraph } from '../document.js';
import type { Event, EventPeriod } from '../record/schema.js';
import type { ExtractContext } from './context.js';
import { evidence, paragraphs, sentenceWithRest, sentences } from './context.js';
import type { DateMention, DatePoint } from '../structure/dates.js';
import { findDates, isDayPrecise, resolvePoint } from '../structure/dates.js';
import { findDatesInSentence } from '../structure/date-lists.js';
import { isDeadlineMention, isTimeLimit, isWindowMention } from './deadlines.js';
import type { Era } from './era.js';
import { inEra, inferredDateIssue, noticeEra, outOfEraIssue } from './era.js';
import { IN_LIEU, NOT_ACTIVITY, SUBMITS, isCheckInDay, isHoliday, isLeaveDay, isWorkday, labelOf } from './labels.js';
import { headingsOf, mainParagraphs } from './scope.js';
import { parseTimeAt } from './times.js';

/** A heading or label naming a time: `活动时间`, `时间与主题`, `会议时间、地点`, `日期`. */
const TIME_WORD = /时\s*间|日\s*期/;
/** Verbs that hold an activity, within a short distance after its date. */
const HAPPENS = /举办|举行|召开|开幕|闭幕|开展|进行|组织开展|集中开展|开赛|比赛|开班|培训|展出|开放/;
const SCHEDULED = /(?:定于|拟于|将于|拟定于|计划于|拟在|将在|定在|延期至|改期至|推迟至|延期到|改期到)[ \u3000]*$/;
const AT = /(?:于|在)[ \u3000]*$/;
/** The verb right after the day, not followed by 了/的 (a past meeting the notice cites). */
const HELD_NOW = /^[ \u3000]*(?:上午|下午|晚上)?[ \u3000]*(?:举办|举行|召开|进行|开幕|开考)(?![了的过]|[^，。；,;]{0,4}(?:申报|报名|报送|提交|登记|注册))/;
/** `活动时间为5月20日至27日`: the label is the few characters before 为/是/：. */
const TIME_IS = /([^，。；：:,;\s]{0,10})(?:时间|期间|日期)[ \u3000]*(?:为|是|：|:)[ \u3000]*$/;

/** A web page's own dates (`發布日期：2020-10-27`, `发文时间: 2007-9-13`, `信息时间:…`): never the activity. */
const PAGE_DATE_LABEL = /^(?:发布|發布|发文|發文|实施|實施|信息|印发|成文|生效|更新|发稿)(?:时间|日期|時間)$/;

/**
 * `原定于2021年11月8-11日…召开的…延期至…`, `…中预定2013年11月28日至30日…,兹决定…延期至2013年12月13日至15日举行`:
 * a date the notice puts off (原定, or before 延期至/改期至 in the same sentence) is no longer the activity's.
 */
export function isSuperseded(before: string, rest: string): boolean {
  if (/(?:原定|原计划|原拟|预定)[于在]?[ \u3000]*$/.test(before.slice(-8))) return true;
  const sentenceRest = rest.replace(/\s+/g, '').split(/[。；！？]/)[0] ?? '';
  return /(?:延期|改期|推迟|顺延|延后|调整)(?:至|到|为|于)/.test(sentenceRest);
}

/** `拟定于本周日(8月30日)上午8:00开始`: a weekday named before its date, dropped so that 定于 is read. */
export const withoutWeekdayBefore = (before: string): string => before.replace(/(?:本|下|这)?(?:周|星期|礼拜)[一二三四五六日天][ \u3000]*[（(][ \u3000]*$/, '');

/**
 * `一, 竞赛时间;2018年5月24日星期四下午第三节`: a time label printed with a semicolon, a comma or
 * nothing before its date. Returns the label and where the date may start.
 */
export function looseTimeLabel(text: string): { label: string; end: number } | null {
  const m = /^[ \u3000]*(?:[（(]?[一二三四五六七八九十0-9０-９]{1,3}[)）、.．,，][ \u3000]*)?([^，。；：:,;\s]{1,10}?(?:时间|日期))[ \u3000]*[;；,，]?[ \u3000]*(?=[0-9０-９〇○零一二三四五六七八九十])/u.exec(text);
  return m ? { label: m[1] ?? '', end: m[0].length } : null;
}

/**
 * `12月28日下午…报到,29日上午开会,下午离会`: in a 报到/开会/离会 agenda, the day of the meeting
 * itself (the words right after the day).
 */
export const isMeetingDay = (after: string): boolean => /^[ \u3000]*(?:上午|下午|全天|晚上)?[ \u3000]*(?:开会|举行会议|召开会议|正式开会)/.test(after);

/** `7月13日上午为会议报到时间`: the day named as the 报到 time. */
const CHECK_IN_TIME_IS = /^[^，。；,;]{0,6}(?:为|是)[^，。；,;]{0,6}报到(?:时间|日期)/;

/** `报到时间:2010年7月7日全天`: a 报到 day (a deadline); a 报到 range stays (`新生报到时间为9月8日-9月9日`). */
export const isCheckInLabel = (label: string, m: Pick<DateMention, 'to'>): boolean => !m.to && /报到/.test(label);

/**
 * `2022年4月1日至4月5日封闭期间重要注意事项:`: a paragraph led by a range that names a span (…期间).
 */
export const leadsSpan = (paraBefore: string, after: string): boolean => paraBefore.trim() === '' && /^[^，。；,;：:]{0,6}期间/.test(after);

/** `在汛期(4月15日-10月15日)须建立…值班制度`, `科技活动周(5月20日—27日)`: a range in brackets naming a span. */
export const bracketsSpan = (before: string, after: string): boolean => /(?:[^日]期|周)[ \u3000]*[（(][ \u3000]*$/.test(before) && /^[ \u3000]*[）)]/.test(after);

/** `确定2013年4月7日世界卫生日的主题是“控制高血压”`: the day a notice's named day falls on. */
export const namesDayTheme = (after: string): boolean => /^[ \u3000]*(?:第[^，。；]{1,4}个)?[“"]?[\u4e00-\u9fff]{2,12}日[”"]?(?:的)?(?:宣传)?主题/.test(after);

/**
 * `…现将有关事宜安排如下;一, 竞赛时间;2018 年 5 月 24 日…`, `二、时间安排2021 年 3 月 24 日 — 4 月 14 日`: a
 * numbered time heading run into its paragraph (a PDF page read as one paragraph), the date right after it.
 */
export function inlineTimeHeading(before: string): boolean {
  const m = /(?:^|[^0-9０-９])[一二三四五六七八九十]{1,3}[ \u3000]*[、,，．.][ \u3000]*([^，。；：:,;\s]{1,10}?)[ \u3000]*[:：;；]?[ \u3000]*$/u.exec(before);
  return m !== null && isActivityTimeLabel(m[1] ?? '', true) && !/报到/.test(m[1] ?? '');
}

export interface PeriodResult {
  periods: EventPeriod[];
  /** Ranges that are only as precise as 上旬/中旬/下旬: reported, not guessed into days. */
  imprecise: DateMention[];
}

/**
 * A point of a period without a printed year: the notice's year, or the next one when the
 * month falls within three months after a signing late in the year (signed in December, held
 * `1月8日—12日`). A summary notice signed in December about May stays in its own year.
 */
export function resolvePeriodPoint(p: DatePoint, era: Era): { start: string; end: string } | null {
  const r = resolvePoint(p, { referenceYear: era.year });
  if (!r || p.year !== null || era.year === null || era.month === null || p.month === null) return r;
  if (p.month < era.month && (era.ahead === true || p.month + 12 - era.month <= 3)) return resolvePoint({ ...p, year: era.year + 1 }, { referenceYear: null });
  return r;
}

function toPeriod(ctx: ExtractContext, era: Era, m: DateMention): EventPeriod | null {
  const from = resolvePeriodPoint(m.from, era);
  let to = resolvePeriodPoint(m.to ?? m.from, era);
  if (!from || !to) return null;
  // `2023年12月28日至1月5日`: the right side inherited a year it does not have.
  if (to.end < from.start && m.to && m.to.month !== null && m.from.month !== null && m.to.month < m.from.month) {
    to = resolvePoint({ ...m.to, year: Number(from.start.slice(0, 4)) + 1 }, { referenceYear: null });
  }
  if (!to || to.end < from.start) return null;
  return { start: from.start, end: to.end, text: m.text, evidence: evidence(ctx.doc, m.start, m.end) };
}

type Found = { m: DateMention; sentence: { text: string; start: number }; para: number };

/** Date mentions of a paragraph with absolute offsets and the sentence each sits in. */
function mentionsOf(p: Paragraph): Found[] {
  const out: Found[] = [];
  for (const s of sentences(p)) {
    for (const m of findDatesInSentence(s.text)) out.push({ m: { ...m, start: m.start + s.start, end: m.end + s.start }, sentence: s, para: p.start });
  }
  return out;
}

/**
 * True for a time label that names the activity (`比赛时间`, `开幕时间`), not a window. A bare
 * `时间：` counts only under a time heading: alone it is as often a web page's 发布时间.
 */
export function isActivityTimeLabel(label: string, bare: boolean): boolean {
  const l = label.replace(/\s+/g, '');
  if (!TIME_WORD.test(l) || NOT_ACTIVITY.test(l)) return false;
  return bare || !/^(?:时间|日期)/.test(l);
}

/** A date after 于/定于 that an activity verb follows closely, with no submission verb between. */
export function isScheduled(sentence: string, m: DateMention, sentenceStart: number): boolean {
  const before = withoutWeekdayBefore(sentence.slice(0, m.start - sentenceStart));
  const single = !m.to;
  // `考试于12月19日进行`: a single day after a bare 于 counts only with the verb right after it.
  const atVerb = single && AT.test(before) && HELD_NOW.test(sentence.slice(m.end - sentenceStart));
  if (!(single ? SCHEDULED.test(before) || atVerb : SCHEDULED.test(before) || AT.test(before) || TIME_IS.test(before))) return false;
  const label = TIME_IS.exec(before)?.[1];
  if (label !== undefined && NOT_ACTIVITY.test(label)) return false;
  if (TIME_IS.test(before) && !SCHEDULED.test(before) && !AT.test(before)) return true;
  const after = sentence.slice(m.end - sentenceStart, m.end - sentenceStart + 40);
  const verb = HAPPENS.exec(after);
  if (!verb) return false;
  if (SUBMITS.test(after.slice(0, verb.index))) return false;
  // `于5月20日举行的…会议精神`: a past meeting the notice cites, not one it announces.
  if (after.slice(verb.index + verb[0].length).startsWith('的') && !SCHEDULED.test(before)) return false;
  return true;
}

export function extractPeriods(ctx: ExtractContext): PeriodResult {
  const era = noticeEra(ctx);
  const paras = mainParagraphs(ctx);
  const picked: Array<{ m: DateMention; para: number; phase: boolean }> = [];
  const imprecise: DateMention[] = [];
  const take = (f: Found, phase = false): void => {
    const { m, sentence } = f;
    if (m.to ? !(isDayPrecise(m.from) && isDayPrecise(m.to)) : !isDayPrecise(m.from)) {
      if (m.to) imprecise.push(m);
      return;
    }
    const after = sentence.text.slice(m.end - sentence.start);
    // The rest of the sentence from the document's text: a PDF may break it into paragraphs.
    if (isSuperseded(sentence.text.slice(0, m.start - sentence.start), ctx.doc.text.slice(m.end, m.end + 400))) return;
    // `于2023年5月30日…前后`: a time around a day, not the day.
    if (/^[^，。；,;]{0,24}?(?:前后|左右)/.test(after)) return;
    if (!m.to && isTimeLimit(sentence.text, m, sentence.start)) return;
    // `于2018年3月12日—2018年3月18日登录…系统进行网上报名`: a window whose end is due. A 报到
    // window (`新生报到时间为2023年9月8日 - 9月9日`) is the days the notice is about, and stays.
    const before = sentence.text.slice(0, m.start - sentence.start);
    if (m.to && !/报到[^，。；,;]{0,6}$/.test(before) && isWindowMention(sentence.text, m, sentence.start)) return;
    // The days people arrive and leave frame the meeting; the corpus counts 报到 as a deadline.
    // Read on past a PDF line break for these: `9 月 30 日(星期六)补 10 月 2 日` / `(星期一)课程。`.
    const rest = sentenceWithRest(ctx.doc.text, { ...sentence, end: sentence.start + sentence.text.length }).text.slice(m.end - sentence.start);
    if (!m.to && (isCheckInDay(rest) || isLeaveDay(rest) || CHECK_IN_TIME_IS.test(rest))) return;
    // Make-up workdays printed beside a holiday are the days it is not.
    if (!m.to && isWorkday(rest)) return;
    picked.push({ m, para: f.para, phase });
  };

  // Under a time heading: the heading's own rest and the next few paragraphs of its section.
  const heads = headingsOf(paras);
  heads.forEach(({ h, at }, k) => {
    const label = h.heading.replace(/[。：:]$/, '');
    if (label.length > 12 || !isActivityTimeLabel(label, true)) return;
    const next = heads.slice(k + 1).find((x) => x.h.level <= h.level)?.at ?? paras.length;
    const section = paras.slice(at, Math.min(next, at + 5));
    for (const p of section) {
      const own = labelOf(p === h.block ? p.text.slice(h.at.end - p.start) : p.text);
      if (own && own.label && NOT_ACTIVITY.test(own.label)) continue;
      for (const f of mentionsOf(p)) if (f.m.end > h.at.end && !isCheckInLabel(own?.label || label, f.m)) take(f);
    }
  });

  // A labelled line anywhere: the date right after `比赛时间：`.
  for (const p of paras) {
    const l = labelOf(p.text) ?? looseTimeLabel(p.text);
    if (!l) continue;
    const phase = PHASE_LABEL.test(l.label);
    if (!phase && (PAGE_DATE_LABEL.test(l.label.replace(/\s+/g, '')) || !isActivityTimeLabel(l.label, false))) continue;
    const first = mentionsOf(p)[0];
    if (first && isCheckInLabel(l.label, first.m)) continue;
    if (first && first.m.start - p.start <= l.end + 2) take(first, phase);
  }

  // A sentence that schedules the activity.
  for (const p of paras) {
    for (const f of mentionsOf(p)) {
      const after = f.sentence.text.slice(f.m.end - f.sentence.start);
      if (isScheduled(f.sentence.text, f.m, f.sentence.start) || (!f.m.to && isMeetingDay(after))) take(f);
    }
  }

  // A span named around its dates, a named day's theme, a time heading run into its paragraph.
  for (const p of paras) {
    for (const f of mentionsOf(p)) {
      const before = f.sentence.text.slice(0, f.m.start - f.sentence.start);
      const after = f.sentence.text.slice(f.m.end - f.sentence.start);
      const paraBefore = p.text.slice(0, f.m.start - p.start);
      if (f.m.to ? leadsSpan(paraBefore, after) || bracketsSpan(before, after) : namesDayTheme(after)) take(f);
      else if (inlineTimeHeading(paraBefore.slice(-16))) take(f);
    }
  }

  // A holiday: `1月1日至3日放假調休`, `4月5日放假,4月6日(星期一)補休` (joined with its day in lieu).
  for (const p of paras) {
    const found = mentionsOf(p);
    found.forEach((f, i) => {
      if (!isHoliday(f.sentence.text.slice(f.m.end - f.sentence.start))) return;
      const lieu = found.slice(i + 1, i + 3).find((g) => g.sentence === f.sentence && !g.m.to && IN_LIEU.test(g.sentence.text.slice(g.m.end - g.sentence.start)));
      take(lieu && joinsHoliday(f.m, lieu.m) ? { ...f, m: { ...f.m, end: lieu.m.end, text: f.sentence.text.slice(f.m.start - f.sentence.start, lieu.m.end - f.sentence.start), to: lieu.m.from } } : f);
    });
  }

  // A trip: `观摩团8月1日出发,8月7日返汉` runs from the day it sets off to the day it is back.
  for (const p of paras) {
    const found = mentionsOf(p);
    found.forEach((f, i) => {
      const back = found[i + 1];
      if (!back || back.sentence !== f.sentence || f.m.to || back.m.to) return;
      const s = f.sentence;
      if (!isTrip(s.text.slice(f.m.end - s.start, back.m.start - s.start), s.text.slice(back.m.end - s.start))) return;
      take({ ...f, m: { ...f.m, end: back.m.end, text: s.text.slice(f.m.start - s.start, back.m.end - s.start), to: back.m.from } });
    });
  }

  const periods: EventPeriod[] = [];
  const seen = new Set<string>();
  const resolved: Array<{ p: EventPeriod; m: DateMention; para: number; phase: boolean }> = [];
  for (const x of picked) {
    if (!inEra(x.m, era)) {
      ctx.issues.push(outOfEraIssue(x.m, era, 'eventPeriods'));
      continue;
    }
    const p = toPeriod(ctx, era, x.m);
    if (p) resolved.push({ ...x, p });
  }
  const phases = resolved.filter((x) => x.phase && x.p.start !== x.p.end).map((x) => x.p);
  for (const x of resolved) {
    const { p } = x;
    // A day inside a range is part of it when printed with it (`9月15至21日开展,主会场活动拟定于9月17日…举行`)
    // or when it opens or closes it (`主场启动式将于5月20日…举办`); on a line of its own inside the range
    // it is an activity of its own (`集中培训时间:2011年3月13日` beside `分片培训时间:2月23日至3月15日`).
    const within = (r: (typeof resolved)[number]): boolean => r.p.start !== r.p.end && r.p.start <= p.start && p.end <= r.p.end;
    if (p.start === p.end && resolved.some((r) => within(r) && (r.para === x.para || r.p.start === p.start || r.p.end === p.end))) continue;
    if (!x.phase && isSplitIntoPhases(p, phases)) continue;
    const key = `${p.start}/${p.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    periods.push(p);
    const inferred = inferredDateIssue(x.m, key, 'eventPeriods');
    if (inferred) ctx.issues.push(inferred);
  }
  return { periods, imprecise: dedupe(imprecise) };
}

/**
 * `8月1日出发,8月7日返汉`: the words after the first day set off (出发, 启程) and those after the
 * second come back (返回, 返程, 返 + a place), with only a comma between.
 */
export function isTrip(between: string, afterBack: string): boolean {
  return (
    /^[ \u3000]*(?:上午|下午|晚上)?[ \u3000]*(?:出发|启程|动身)[ \u3000]*[,，、;；]?[ \u3000]*$/.test(between) &&
    /^[ \u3000]*(?:上午|下午|晚上)?[ \u3000]*(?:返回|返程|回程|返[\u4e00-\u9fa5])/.test(afterBack)
  );
}

/** `第一期:2025年4月15—19日` … `第三期:2025年5月1日—5月5日`: one phase of an activity held in several. */
export const PHASE_LABEL = /^第[一二三四五六七八九十0-9]{1,2}(?:期|阶段|批|轮)$/;

/**
 * `线下展于2025年4月15日-5月5日举办` printed before its phases (`第一期:2025年4月15—19日` …): the phases
 * are the periods when the range starts on the first phase's first day and ends on the last phase's last.
 */
export function isSplitIntoPhases(range: Pick<EventPeriod, 'start' | 'end'>, phases: ReadonlyArray<Pick<EventPeriod, 'start' | 'end'>>): boolean {
  const inside = phases.filter((q) => range.start <= q.start && q.end <= range.end && !(q.start === range.start && q.end === range.end));
  return inside.length >= 2 && inside.some((q) => q.start === range.start) && inside.some((q) => q.end === range.end);
}

/** A day in lieu one to three days after the holiday's last day, in the same month. */
function joinsHoliday(holiday: DateMention, lieu: DateMention): boolean {
  const last = holiday.to ?? holiday.from;
  if (last.day === null || lieu.from.day === null || lieu.from.month !== last.month) return false;
  const gap = lieu.from.day - last.day;
  return gap >= 1 && gap <= 3;
}

function dedupe(ms: DateMention[]): DateMention[] {
  const seen = new Set<number>();
  return ms.filter((m) => !seen.has(m.start) && (seen.add(m.start), true));
}

const EVENT_VERB = /(举办|举行|召开|开幕|闭幕|启动|开展|进行)/;

/** Single days on which something is held: the date, what, and where (`在X举办`). */
export function extractEvents(ctx: ExtractContext): Event[] {
  const out: Event[] = [];
  const era = noticeEra(ctx);
  for (const p of paragraphs(ctx.structure.body)) {
    for (const s of sentences(p)) {
      for (const m of findDates(s.text)) {
        if (m.to || !isDayPrecise(m.from)) continue;
        const abs = { ...m, start: m.start + s.start, end: m.end + s.start };
        if (isDeadlineMention(s.text, abs, s.start) || !inEra(m, era)) continue;
        const after = s.text.slice(m.end);
        const verb = EVENT_VERB.exec(after);
        if (!verb || verb.index > 40) continue;
        const day = resolvePeriodPoint(m.from, era);
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
