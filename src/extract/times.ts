/**
 * @module extract/times
 * Clock times printed after a date: `上午12时`, `下午16:00`, `下午4点半`, `17时30分`.
 */

export interface TimeMention {
  time: string;
  end: number;
}

const TIME_RE = /^[ \u3000]*(?:前|以前|之前)?[ \u3000]*(上午|中午|下午|晚上|晚|早上|凌晨)?[ \u3000]*(\d{1,2})[ \u3000]*(?:[:：][ \u3000]*(\d{2})|[时点](?:[ \u3000]*(\d{1,2})[ \u3000]*分|(半))?)/u;

/** Reads a clock time at the start of `text`; afternoon hours under 12 move past noon. */
export function parseTimeAt(text: string): TimeMention | null {
  const m = TIME_RE.exec(text.normalize('NFKC'));
  if (!m) return null;
  let hour = Number(m[2]);
  const minute = m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? Number(m[4]) : m[5] ? 30 : 0;
  if ((m[1] === '下午' || m[1] === '晚上' || m[1] === '晚') && hour < 12) hour += 12;
  if (hour > 24 || minute > 59) return null;
  return { time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`, end: m[0].length };
}
