/**
 * @module extract/forms/beside
 * What a cell printed a cell or more after a label, in the label's row, adds to that label's
 * field rather than being a label of its own: who signs for it (`签名：`), a hint in brackets, its
 * boxes to tick, its unit (`元`, `M2`), its options set apart by wide blanks.
 */
import type { Cell } from '../../document.js';
import { HINT, hasBoxes, parseOptions } from './options.js';
import { signatureCell, signNote } from './signed.js';
import { TICK, type Field } from './field.js';

/** A cell holding nothing but a unit of money, area or share: `元`, `万元`, `M2`, `㎡`, `%` (`学时` heads a column). */
const UNIT_CELL = /^(?:[万亿]?元|[Mm]2|㎡|m²|平方米|平米|%|％)$/;

/** `年  月 —     年  月`, `年 月 日至 年 月 日`: a span of dates printed in the blank. */
const DATE_SPAN = /^年\s*月(?:\s*日)?\s*(?:[—－\-~～]+|至|到)\s*年\s*月(?:\s*日)?$/;

/**
 * `生产任务        经营业务         购买业务 …`: three or more short words set apart by blanks,
 * no sentence, lettered `A.… B.…` or each after its `（  ）`: the choices of the label before them.
 */
export function spacedOptions(text: string): string[] | null {
  const t = text.trim();
  if (/[。；;：:，,]/.test(t) || HINT.test(t)) return null;
  // `A.重点课题 B.探索性课题 C.青年基金课题`: lettered choices, A, B, C … in order.
  const lettered = [...t.matchAll(/([A-H])[.．、]\s*([^\sA-H][^A-H]*?)\s*(?=[A-H][.．、]|$)/g)];
  if (lettered.length >= 2 && lettered.every((m, i) => m[1] === 'ABCDEFGH'[i]) && lettered.map((m) => m[0]).join('').replace(/\s+/g, '') === t.replace(/\s+/g, '')) return lettered.map((m) => (m[2] ?? '').trim());
  // `（  ）一般性国际会议  （  ）自然科学技术领域的国际会议`, `( )信息技术( )电子商务`: brackets to tick.
  const marked = t.split(/[（(]\s*√?\s*[）)]/);
  if (marked.length >= 3 && (marked[0] ?? '').trim() === '') {
    const items = marked.slice(1).map((w) => w.trim().replace(/^[A-H][、.．]\s*/, ''));
    if (items.every((w) => w.length >= 2 && w.length <= 20 && !/[（()）]/.test(w))) return items;
  }
  // A reader may have squeezed the wide blanks to one space.
  const words = t.split(/\s+/).filter(Boolean);
  // (a letter-spaced label, `贴 照 片 处`, sets single characters apart)
  return words.length >= 3 && words.every((w) => /^[\u4e00-\u9fa5]{2,12}$/.test(w)) ? words : null;
}

/**
 * Reads cell `c` into `last`, the field of the label before it in the same row; true when it did
 * (the cell is then no field of its own).
 */
export function besideLabel(c: Cell, last: Field | undefined): boolean {
  if (!last || last.origin.row !== c.row) return false;
  const t = c.text.trim();
  const note = (s: string): void => {
    last.description = [last.description, s].filter(Boolean).join('；') || null;
  };
  // `实验室主任意见： |  |  |  | 签名： |  | `: who signs for the label before it in the row.
  if (signatureCell(t)) {
    note(signNote(t));
    return true;
  }
  // `企业名称 |  |  | （工商营业执照上的单位名称）`: a hint printed in the blank (a photo hint stays a photo field).
  if (HINT.test(t) && !/照片|相片|近照/.test(t)) {
    note(t.slice(1, -1).trim());
    return true;
  }
  // `是否残疾人 |  | □是 □否`: the boxes are its options.
  if (/^[□☐√☑]/.test(t) && hasBoxes(t) && !TICK.test(t) && last.options.length === 0) {
    last.options = parseOptions(t);
    return true;
  }
  // `建   筑   面   积 |  |  |  | M2`, `公积金贷款 |  |  | 万元`: the unit of the blank.
  if (UNIT_CELL.test(t)) {
    last.unit ??= t;
    return true;
  }
  // `年  月 —     年  月`: the blank is a span of dates.
  if (DATE_SPAN.test(t)) {
    note('起止日期');
    return true;
  }
  const options = last.options.length === 0 ? spacedOptions(t) : null;
  if (options) {
    last.options = options;
    return true;
  }
  return false;
}
