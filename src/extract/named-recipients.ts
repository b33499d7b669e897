/**
 * @module extract/named-recipients
 * People a notice names as whom to send something to or tell, without a contact label.
 */
import { isOrganName } from '../structure/organs.js';
import type { Span } from './phone-numbers.js';
import { personName } from './person-names.js';
import { simplify } from './traditional.js';

/** An office name as printed or in its simplified characters (traditional copies). */
export const isOffice = (s: string): boolean => isOrganName(s) || isOrganName(simplify(s));

/**
 * A person the text names as whom to send to or tell, without a number: `发教务科何英老师处`,
 * `发至学院办公室闫娜邮箱`, `请微信告知邵娟,`. The words between the verb and the person may only be
 * an office; the person must pass the name checks (`通知各单位`, `报送至市科技局` name nobody).
 */
const RECIPIENT = /(发送?至?|交至?|交给|报送?至?|送至|告知|联系)([\u4e00-\u9fa5]{2,16}?)(老师|同志)?(?:处|邮箱|信箱|(?=[，,。；;]))/g;

export function namedRecipients(text: string, at: number): Array<Span & { org: string | null }> {
  const out: Array<Span & { org: string | null }> = [];
  for (const m of text.matchAll(RECIPIENT)) {
    const run = m[2] as string;
    const runAt = m.index + (m[1] as string).length;
    // With no office before it, only a title or a verb that takes a person (告知, 联系) makes it one:
    // `交費工作`, `报国故事` are not.
    const takesPerson = m[3] !== undefined || /^(?:告知|联系)$/.test(m[1] as string);
    for (let len = Math.min(4, run.length); len >= 2; len--) {
      const name = personName(run.slice(run.length - len));
      // `报名数据发教务科何英老师处`: the verb nearest the person is the one that names the office.
      const office = run.slice(0, run.length - len).replace(/^.*(?:发送?至?|交至?|交给|报送?至?|送至|告知|联系)/, '');
      if (!name || (office ? !isOffice(office) : !takesPerson)) continue;
      const start = at + runAt + run.length - len;
      out.push({ text: name, start, end: start + len, org: office || null });
      break;
    }
  }
  return out;
}
