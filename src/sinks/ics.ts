/**
 * @module sinks/ics
 * Deadlines and event periods as an iCalendar feed (RFC 5545) that calendar apps subscribe to:
 * a deadline with a time is a timed VEVENT (Beijing time, written in UTC), one without is an
 * all-day event; an event period is a multi-day all-day event (DTEND is exclusive, the day after
 * its last day); single-day happenings (启动式, 闭幕式) are events too. UIDs are stable per
 * notice and position, DTSTAMP is the notice's last publication, text is escaped, lines are
 * folded at 75 octets and end in CRLF. The calendar always carries the VTIMEZONE of Beijing time,
 * so that it holds a component (RFC 5545 §3.6) when there is no event. Which notices go in is the
 * caller's choice: the API gives only those for publication.
 */
import { noticeUrl } from './feed.js';
import type { NoticeSummary } from '../store/types.js';

export const ICS_MIME = 'text/calendar; charset=utf-8';

/**
 * Notices the calendar holds: the newest this many with a date. A calendar of every notice ever
 * stored grows without end: at 100,000 notices /deadlines.ics was 167 MB, took 31 s and lifted
 * the API to 1.5 GB RSS, and calendar programs refuse subscriptions that size. Older notices'
 * dates are in the API (`/notices/:id`).
 */
export const CALENDAR_NOTICES = 1000;

/** RFC 5545 §3.3.11 TEXT escaping. */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** RFC 5545 §3.1: lines longer than 75 octets continue on lines starting with one space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + n > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const basicDate = (iso: string): string => iso.replace(/-/g, '');

const nextDay = (iso: string): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

const utcStamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** A Beijing wall-clock time (UTC+8, no daylight saving) as a UTC DATE-TIME. */
const beijingToUtc = (date: string, time: string): string => utcStamp(new Date(`${date}T${time}:00+08:00`));

interface CalendarEvent {
  uid: string;
  summary: string;
  description: string;
  start: { date: string; time: string | null };
  /** last day, inclusive (all-day events only) */
  end?: string;
  location?: string | null;
  categories: string;
}

function eventsOf(s: NoticeSummary): CalendarEvent[] {
  const title = s.title ?? s.fileName;
  const about = [title, s.docNumber].filter(Boolean).join(' ');
  const out: CalendarEvent[] = [];
  s.deadlines.forEach((d, i) => {
    out.push({
      uid: `${s.id}-deadline-${i}@tongzhi`,
      summary: `截止：${d.what}`,
      description: [about, d.to ? `报送：${d.to}` : null, d.attachment].filter(Boolean).join('\n'),
      start: { date: d.date, time: d.time },
      categories: '截止时间',
    });
  });
  s.eventPeriods.forEach((p, i) => {
    out.push({ uid: `${s.id}-period-${i}@tongzhi`, summary: title, description: [about, p.text].join('\n'), start: { date: p.start, time: null }, end: p.end, categories: '活动时间' });
  });
  s.events.forEach((e, i) => {
    out.push({ uid: `${s.id}-event-${i}@tongzhi`, summary: e.what, description: about, start: { date: e.date, time: e.time }, location: e.place, categories: '活动' });
  });
  return out;
}

function vevent(e: CalendarEvent, s: NoticeSummary, baseUrl: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${utcStamp(new Date(s.modifiedAt))}`,
  ];
  if (e.start.time) lines.push(`DTSTART:${beijingToUtc(e.start.date, e.start.time)}`);
  else lines.push(`DTSTART;VALUE=DATE:${basicDate(e.start.date)}`, `DTEND;VALUE=DATE:${basicDate(nextDay(e.end ?? e.start.date))}`);
  lines.push(`SUMMARY:${escapeText(e.summary)}`, `DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  lines.push(`CATEGORIES:${escapeText(e.categories)}`, `URL:${noticeUrl(baseUrl, s.id)}`, 'TRANSP:TRANSPARENT', 'END:VEVENT');
  return lines;
}

/** RFC 5545 §3.6.5 VTIMEZONE of Beijing time. */
const SHANGHAI = [
  'BEGIN:VTIMEZONE',
  'TZID:Asia/Shanghai',
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'TZNAME:CST',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** The whole calendar for these notices, as the text of a .ics file. */
export function calendar(notices: readonly NoticeSummary[], baseUrl: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//tongzhi//notices//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:tongzhi 通知截止时间与活动',
    'X-WR-TIMEZONE:Asia/Shanghai',
    // RFC 5545 §3.6: the body holds one or more components (`component = 1*(eventc / … /
    // timezonec …)`). The zone of the notices' wall-clock times (no daylight saving since 1991)
    // is always there, so a calendar with no events yet is still valid.
    ...SHANGHAI,
  ];
  for (const s of notices) for (const e of eventsOf(s)) lines.push(...vevent(e, s, baseUrl));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
