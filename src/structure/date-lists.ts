/**
 * @module structure/date-lists
 * Dates that lean on a date printed before them in the same sentence:
 * - a bare day after a full date (`12月28日下午…报到,29日上午开会`, `3月24-26日,24日下午2:30后报到`):
 *   the day takes the month (and year) of the date before it;
 * - a list of months sharing one day (`6、8、10、12月3日前报送`): each month is a date of its own,
 *   followed by the same words as the last one.
 * Such days are marked `inferred`, so that the record can say the month was read from context.
 */
import type { DateMention } from './dates.js';
import { findDates } from './dates.js';

/**
 * `29日` after punctuation, 于/在 or a blank, not part of a count (`15日内`, `公示时间15日`,
 * `第3日`): only Arabic digits (`三日内` is a span).
 */
const BARE_DAY = /(?<=^|[，,、；;：:（(\s于在和及与])([0-9０-９]{1,2})[ \u3000]*[日号](?![内后起以之])/gu;
/** `6、8、10、` right before the month of a date: the other months of a list. */
const MONTH_LIST = /((?:[0-9０-９]{1,2}[ \u3000]*、[ \u3000]*)+)$/u;

const num = (s: string): number => Number(s.normalize('NFKC'));

/** Every date of `text`: findDates, plus bare days and listed months resolved from the date before. */
export function findDatesInSentence(text: string): DateMention[] {
  const found = findDates(text);
  const out: DateMention[] = [...found];
  for (const m of found) {
    if (m.to || m.from.day === null || m.from.month === null) continue;
    const list = MONTH_LIST.exec(text.slice(0, m.start));
    // `1、4月17日:` at the start of a line is its number, not a month.
    if (!list?.[1] || text.slice(0, list.index).trim() === '') continue;
    let at = m.start - list[1].length;
    for (const item of list[1].split('、')) {
      const month = num(item.trim());
      const start = at;
      at += item.length + 1;
      if (!(month >= 1 && month < m.from.month)) continue;
      out.push({ start, end: m.end, text: text.slice(start, m.end), from: { ...m.from, month }, to: null, inferred: 'month_from_previous_date' });
    }
  }
  for (const b of text.matchAll(BARE_DAY)) {
    const start = b.index;
    if (found.some((m) => start >= m.start && start < m.end)) continue;
    const prev = found.filter((m) => m.end <= start).pop();
    const day = num(b[1] ?? '');
    const last = prev ? (prev.to ?? prev.from) : null;
    if (!prev || !last || last.month === null || prev.from.day === null) continue;
    // A later day of the same month only: `3月24-26日,24日…报到` goes back inside the range it names.
    if (!(day >= prev.from.day && day <= 31)) continue;
    const bare: DateMention = { start, end: start + b[0].length, text: b[0], from: { year: last.year, month: last.month, day, part: null }, to: null, inferred: 'month_from_previous_date' };
    // `在9月21日、22日两天交到…`: two days in a row, listed, are one window.
    const pair = !prev.to && day === prev.from.day + 1 && /^[ \u3000]*、[ \u3000]*$/.test(text.slice(prev.end, start));
    if (pair) out.splice(out.indexOf(prev), 1, { ...prev, end: bare.end, text: text.slice(prev.start, bare.end), to: bare.from, inferred: bare.inferred });
    else out.push(bare);
  }
  return out.sort((a, b) => a.start - b.start);
}
