/**
 * @module extract/times
 * Clock times printed after a date: `上午12时`, `下午16:00`, `下午4点半`, `17时30分`, `16∶00`, `2︰00`
 * (the ratio sign of some editors), `下午:1∶00`, and after a weekday the date did not take along
 * (`20211117日(周三)20:00`).
 */

import { parseSmallNumber } from '../structure/dates.js';

export interface TimeMention {
  time: string;
  end: number;
}

const HOUR = '\\d{1,2}|[一二两三四五六七八九十]{1,3}';
const TIME_RE = new RegExp(
  `^[ \\u3000]*(?:[（(][ \\u3000]*(?:星期|周|礼拜)[一二三四五六日天七][ \\u3000]*[）)])?[ \\u3000]*(?:前|以前|之前)?[ \\u3000]*(上午|中午|下午|晚上|晚|早上|凌晨)?[ \\u3000]*[:：]?[ \\u3000]*(${HOUR})[ \\u3000]*(?:[:：∶︰][ \\u3000]*(\\d{2})|[时点](?:[ \\u3000]*(\\d{1,2}|[一二三四五六七八九十]{1,3})[ \\u3000]*分|[ \\u3000]*(半))?)`,
  'u',
);

/** Reads a clock time at the start of `text`; afternoon hours under 12 move past noon. */
export function parseTimeAt(text: string): TimeMention | null {
  // NFKC would turn the vertical colon ︰ into two dots and shift every offset after it.
  const m = TIME_RE.exec(text.replace(/︰/g, '∶').normalize('NFKC'));
  if (!m) return null;
  // 上午九时 / 下午三点半: hours and minutes may be Chinese numerals.
  let hour = parseSmallNumber(m[2] ?? '') ?? NaN;
  const minute = m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? (parseSmallNumber(m[4]) ?? NaN) : m[5] ? 30 : 0;
  if (Number.isNaN(hour) || Number.isNaN(minute)) return null;
  if ((m[1] === '下午' || m[1] === '晚上' || m[1] === '晚') && hour < 12) hour += 12;
  if (hour > 24 || minute > 59) return null;
  return { time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`, end: m[0].length };
}
