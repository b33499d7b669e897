/**
 * @module extract/forms/flat
 * A form printed inside a web page copy of a notice often loses its table: every cell's text is
 * run into one line after the form's title, `附件1: 全省…推荐表 单位名称 联系人姓名 … 先进 事迹 简介
 * 呈报 单位 意见 (盖 章) 年 月 日 学校 意见 (盖 章) 年 月 日 附件2: …`. A label printed down a
 * narrow cell comes apart into pieces of one or two characters (`先进 事迹 简介`), an opinion cell
 * ends with its seal and date. This reads such a run back into the form's labels.
 */
import type { Field, FieldOrigin } from './field.js';
import type { SignParts } from './signed.js';

/** The seal, signature and date that close an opinion cell: `(盖 章) 年 月 日`, `签字： 年 月 日`. */
const SIGN_BLOCK = /(?:[（(]\s*(?:盖\s*章|公\s*章|签\s*[名字章])\s*[）)]\s*|(?:签\s*[名字]|盖\s*章)\s*[：:]?\s*)?年\s+月\s+日|[（(]\s*(?:盖\s*章|公\s*章)\s*[）)]/gu;
/** How a label that asks for something ends; a label read down a cell closes there. */
const LABEL_END = /(?:简介|情况|意见|说明|理由|成果|名称|地址|电话|编码|邮编|姓名|面貌|日期|时间|单位|备注)$/;
/** …and the ends that close the label before an opinion's (`简介` before `呈报 单位 意见`): not 单位. */
const BEFORE_OPINION = /(?:简介|情况|说明|理由|成果|名称|地址|电话|编码|邮编|姓名|面貌|日期|时间|备注)$/;
/**
 * Short labels printed whole in one cell (姓名, 性别 …): a run of them is that many fields, where
 * a run of other short pieces is one label read down a narrow cell (先进 事迹 简介).
 */
const SHORT_LABELS = new Set(
  '姓名 性别 民族 年龄 职务 职称 学历 学位 单位 籍贯 电话 手机 邮箱 地址 邮编 专业 班级 学号 年级 院系 学院 部门 备注 照片 党派 岗位 级别 工号 传真 网址 日期 时间 地点 金额 数量 名称 类别 类型 等级 成绩 排名 学校 来源 用途 职业 身高 体重 视力 血型 特长 爱好 宗教 国籍 婚否'.split(' '),
);

interface Piece {
  text: string;
  start: number;
  end: number;
}

export interface FlatField {
  title: string;
  start: number;
  end: number;
  /** closed by a seal, a signature or a date: an opinion cell */
  signed: SignParts | null;
}

function pieces(text: string, from: number, to: number): Piece[] {
  return [...text.slice(from, to).matchAll(/\S+/gu)].map((m) => ({ text: m[0], start: from + m.index, end: from + m.index + m[0].length }));
}

const join = (ps: readonly Piece[]): FlatField | null => {
  const first = ps[0];
  const last = ps[ps.length - 1];
  return first && last ? { title: ps.map((p) => p.text).join(''), start: first.start, end: last.end, signed: null } : null;
};

/** Pieces before an opinion's seal and date: the short ones back to the last label's end. */
function opinionLabel(ps: readonly Piece[]): number {
  let k = ps.length;
  while (k > 0 && k > ps.length - 6) {
    const prev = ps[k - 1] as Piece;
    if ([...prev.text].length > 4 || (k < ps.length && BEFORE_OPINION.test(prev.text))) break;
    k--;
  }
  return k === ps.length ? Math.max(0, k - 1) : k;
}

/** Labels that stand alone: long pieces one each, runs of short pieces joined unless each is a label of its own. */
function plainLabels(ps: readonly Piece[]): FlatField[] {
  const out: FlatField[] = [];
  let run: Piece[] = [];
  const flush = (): void => {
    if (run.every((p) => SHORT_LABELS.has(p.text))) out.push(...run.map((p) => join([p]) as FlatField));
    else {
      let part: Piece[] = [];
      for (const p of run) {
        part.push(p);
        if (LABEL_END.test(part.map((x) => x.text).join(''))) {
          out.push(join(part) as FlatField);
          part = [];
        }
      }
      const rest = join(part);
      if (rest) out.push(rest);
    }
    run = [];
  };
  for (const p of ps) {
    if ([...p.text].length <= 2) run.push(p);
    else {
      flush();
      out.push(join([p]) as FlatField);
    }
  }
  flush();
  return out;
}

/**
 * The labels of a form run into one line (`text` from `from` to `to`, the title left out), or
 * null when the run does not read as one: a sentence, a long piece, or fewer than three labels.
 */
export function flatFormFields(text: string, from: number, to: number): FlatField[] | null {
  const run = text.slice(from, to);
  if (/[。；;，,！？]/.test(run)) return null;
  const out: FlatField[] = [];
  let at = from;
  for (const m of run.matchAll(SIGN_BLOCK)) {
    const ps = pieces(text, at, from + m.index);
    at = from + m.index + m[0].length;
    if (ps.length === 0) continue;
    const k = opinionLabel(ps);
    out.push(...plainLabels(ps.slice(0, k)));
    const label = join(ps.slice(k));
    const sign = m[0];
    if (label) out.push({ ...label, signed: { signature: /签\s*[名字章]/.test(sign), seal: /盖\s*章|公\s*章|签\s*章/.test(sign), date: /年\s+月\s+日/.test(sign) } });
  }
  out.push(...plainLabels(pieces(text, at, to)));
  if (out.length < 3 || out.some((f) => [...f.title].length > 20)) return null;
  return out;
}

/** A flat field as a form field, its place in the text its origin. */
export function flatField(f: FlatField): Field {
  const origin: FieldOrigin = { span: { start: f.start, end: f.end }, table: null, row: null, col: null };
  return { title: f.title, description: null, options: [], required: false, unit: null, origin, ...(f.signed ? { signed: f.signed } : {}) };
}

/**
 * The form titled `title` printed flat after `after` in the text: the first place the title is
 * followed by a run of labels, up to the next 附件N label, line or cell.
 */
export function flatFormAfter(text: string, title: string, after: number): FlatField[] | null {
  for (let at = text.indexOf(title, after); at >= 0; at = text.indexOf(title, at + 1)) {
    const from = at + title.length;
    const rest = text.slice(from);
    const stop = rest.search(/附件\s*\d{1,2}\s*[:：]|[\n\t|]/u);
    const fields = flatFormFields(text, from, stop < 0 ? text.length : from + stop);
    if (fields) return fields;
  }
  return null;
}
