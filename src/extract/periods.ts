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
import { evidence, paragraphs, sentences } from './context.js';
import type { DateMention, DatePoint } from '../structure/dates.js';
import { findDates, isDayPrecise, resolvePoint } from '../structure/dates.js';
import { isDeadlineMention, isTimeLimit, isWindowMention } from './deadlines.js';
import type { Era } from './era.js';
import { inEra, noticeEra, outOfEraIssue } from './era.js';
import { IN_LIEU, NOT_ACTIVITY, SUBMITS, isCheckInDay, isHoliday, isLeaveDay, isWorkday, labelOf } from './labels.js';
import { headingsOf, mainParagraphs } from './scope.js';
import { parseTimeAt } from './times.js';

/** A heading or label naming a time: `活动时间`, `时间与主题`, `会议时间、地点`, `日期`. */
const TIME_WORD = /时\s*间|日\s*期/;
/** Verbs that hold an activity, within a short distance after its date. */
const HAPPENS = /举办|举行|召开|开幕|闭幕|开展|进行|组织开展|集中开展|开赛|比赛|开班|培训|展出|开放/;
const SCHEDULED = /(?:定于|拟于|将于|拟定于|计划于|拟在|将在|定在)[ \u3000]*$/;
const AT = /(?:于|在)[ \u3000]*$/;
/** The verb right after the day, not followed by 了/的 (a past meeting the notice cites). */
const HELD_NOW = /^[ \u3000]*(?:上午|下午|晚上)?[ \u3000]*(?:举办|举行|召开|进行|开幕|开考)(?![了的过]|[^，。；,;]{0,4}(?:申报|报名|报送|提交|登记|注册))/;
/** `活动时间为5月20日至27日`: the label is the few characters before 为/是/：. */
const TIME_IS = /([^，。；：:,;\s]{0,10})(?:时间|期间|日期)[ \u3000]*(?:为|是|：|:)[ \u3000]*$/;

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

type Found = { m: DateMention; sentence: { text: string; start: number } };

/** Date mentions of a paragraph with absolute offsets and the sentence each sits in. */
function mentionsOf(p: Paragraph): Found[] {
  const out: Found[] = [];
  for (const s of sentences(p)) {
    for (const m of findDates(s.text)) out.push({ m: { ...m, start: m.start + s.start, end: m.end + s.start }, sentence: s });
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
  const before = sentence.slice(0, m.start - sentenceStart);
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
  const picked: DateMention[] = [];
  const imprecise: DateMention[] = [];
  const take = (f: Found): void => {
    const { m, sentence } = f;
    if (m.to ? !(isDayPrecise(m.from) && isDayPrecise(m.to)) : !isDayPrecise(m.from)) {
      if (m.to) imprecise.push(m);
      return;
    }
    const after = sentence.text.slice(m.end - sentence.start);
    // `于2023年5月30日…前后`: a time around a day, not the day.
    if (/^[^，。；,;]{0,24}?(?:前后|左右)/.test(after)) return;
    if (!m.to && isTimeLimit(sentence.text, m, sentence.start)) return;
    // `于2018年3月12日—2018年3月18日登录…系统进行网上报名`: a window whose end is due. A 报到
    // window (`新生报到时间为2023年9月8日 - 9月9日`) is the days the notice is about, and stays.
    const before = sentence.text.slice(0, m.start - sentence.start);
    if (m.to && !/报到[^，。；,;]{0,6}$/.test(before) && isWindowMention(sentence.text, m, sentence.start)) return;
    // The days people arrive and leave frame the meeting; the corpus counts 报到 as a deadline.
    if (!m.to && (isCheckInDay(after) || isLeaveDay(after))) return;
    // Make-up workdays printed beside a holiday are the days it is not.
    if (!m.to && isWorkday(after)) return;
    picked.push(m);
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
      for (const f of mentionsOf(p)) if (f.m.end > h.at.end) take(f);
    }
  });

  // A labelled line anywhere: the date right after `比赛时间：`.
  for (const p of paras) {
    const l = labelOf(p.text);
    if (!l || !isActivityTimeLabel(l.label, false)) continue;
    const first = mentionsOf(p)[0];
    if (first && first.m.start - p.start <= l.end + 2) take(first);
  }

  // A sentence that schedules the activity.
  for (const p of paras) {
    for (const f of mentionsOf(p)) if (isScheduled(f.sentence.text, f.m, f.sentence.start)) take(f);
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

  const periods: EventPeriod[] = [];
  const seen = new Set<string>();
  const resolved: EventPeriod[] = [];
  for (const m of picked) {
    if (!inEra(m, era)) {
      ctx.issues.push(outOfEraIssue(m, era, 'eventPeriods'));
      continue;
    }
    const p = toPeriod(ctx, era, m);
    if (p) resolved.push(p);
  }
  // A day inside a range the notice announces is part of it (the opening day of a week).
  const ranges = resolved.filter((p) => p.start !== p.end);
  for (const p of resolved) {
    if (p.start === p.end && ranges.some((r) => r.start <= p.start && p.end <= r.end)) continue;
    const key = `${p.start}/${p.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    periods.push(p);
  }
  return { periods, imprecise: dedupe(imprecise) };
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
