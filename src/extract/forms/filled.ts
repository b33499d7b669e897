/**
 * @module extract/forms/filled
 * Form files are often sent on as someone filled them in (a team's 报名表 kept with its entry, a
 * sample 汇总表 with its first row written): the cells then hold what was written, not only what
 * was printed. A label is a noun phrase asking for something; what was written is a name, a
 * number, a code, an address, an e-mail, a date, a yes/no, or running prose. This tells them apart
 * so that written values never become fields.
 */
import { isFullName } from '../person-names.js';
import { isOrganName } from '../../structure/organs.js';
import { SIGNS } from './signed.js';
import { squeezeCjkSpaces } from '../../structure/patterns.js';

/** Answers written in a box that asks for one of a few words (性别, 是否…, 民族, 学历, 职称, 政治面貌). */
const SHORT_ANSWER = /^(?:男|女|是|否|无|有|汉|汉族|√|✓|✔|中共党员|共青团员|团员|群众|党员|本科|专科|硕士|博士|讲师|副教授|教授|助教|研究员|副研究员|工程师|高级工程师|健康|良好|已婚|未婚)$/;
/** how a long printed question ends: it asks for a 情况, an 意见, a 说明 … */
const ASKS = /(?:情况|意见|说明|理由|简介|内容|计划|措施|条件|成果|目标|问题|方案|依据|分析|建议|评价|水平|意义|前景|安排|进度)[）)]?$/;
const PERSON_ROLE = /[人者员长师名号]$/;
const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;
const URL = /^(?:https?:\/\/|www\.)\S+$/i;
/** dates, times, amounts and phone numbers as written: `2017/11/18`, `1996.10`, `0:01:00`, `3000`, `0931-8817160` */
const NUMERIC = /^[\d\s.,/:：\-—–~～年月日号时分秒元万()（）+%]+$/;
/** a code: student number, class, room (`19Q25111`, `CS0910`, `JS125720`, `14-01`) */
const CODE = /^[A-Za-z]{0,4}\d[\dA-Za-z-]*$/;
/** a long run of digits not read as a year (`交通运输161班`, `10栋609室`, `201635700116`) */
const DIGITS = /\d{3,}(?!\s*(?:年|学年|届|级))|\d+\s*栋|\d+\s*室$|\d+-\d+|\d\s*[点时](?!间)/;
/** a number with its unit as written in a box: `5分`, `1学分`, `429分`, `3人` */
const COUNT = /^\d+(?:\.\d+)?\s*(?:分|学分|人|个|项|次|天|小时|篇|本|件|万元|元)$/;

/**
 * A cell's text that someone wrote in rather than a printed label. Conservative: a label that
 * merely looks like a value (`CET-4`, `QQ`, `E-mail`, `队员2`) is kept as a label.
 */
export function isFilledValue(raw: string): boolean {
  const t = squeezeCjkSpaces(raw.normalize('NFKC').replace(/\s+/g, ' ').trim());
  if (!t) return false;
  const bare = t.replace(/\s+/g, '');
  if (SHORT_ANSWER.test(bare) || EMAIL.test(bare) || URL.test(bare)) return true;
  // A sample written with placeholders (`XX大学XX学院XX系XX专业`, `淳安县XXX单位XXX职务`).
  if (/XX|某某/.test(bare)) return true;
  // A hint in brackets (`摘要（800字以内）`) is printed; digits outside brackets were written.
  const core = bare.replace(/[（(][^（）()]*[）)]/g, '') || bare;
  if ((NUMERIC.test(bare) && /\d/.test(bare)) || COUNT.test(core)) return true;
  if (CODE.test(core) && /\d{3}/.test(core)) return true;
  if (DIGITS.test(core) && !/[：:]$/.test(core)) return true;
  // Running prose that someone wrote: sentences, not a question printed to answer.
  // A label with its hint in brackets, a label and its colon, or a declaration to sign is printed.
  const prose = bare.replace(/[（(][^（）()]*[）)]/g, '');
  if (prose.length > 24 && (/[。！!]/.test(prose) || (/[，,；;]/.test(prose) && !ASKS.test(prose))) && !/[：:]/.test(prose) && !SIGNS.test(prose)) return true;
  // A person's name (`王思琪`, `张正明`), one or several (`陈佩 李剑`).
  // A label naming a person ends in 人/者/员/长 … (`申请人`), a name does not.
  const words = t.split(/[\s、，,]+/).filter(Boolean);
  if (words.length > 0 && words.every((w) => isFullName(w) && !PERSON_ROLE.test(w))) return true;
  // An organ's full name (`沈阳北软信息职业技术学院`), several joined by 、; a short label ending like one (`所在学院`, `推荐单位`) is not.
  const organs = bare.split(/[、，,/]/);
  return bare.length >= 8 && organs.every((o) => o.length >= 3 && !/^(?:所在|所属|推荐|申报|申请|报送|填报|主办|承办|协办|工作|就读|毕业|联系|指导)/.test(o) && isOrganName(o));
}

/**
 * `填报单位:二院`, `填表日期：2007年4月 日`, `所在学校/学院：（盖章）北京工业大学/微电子学院`: a
 * label and what was written after its colon. The label, or null when the text after the colon
 * is a printed note, a sentence or blank.
 */
export function labelBeforeWritten(text: string): string | null {
  const m = /^([^：:（）()\s]{2,12})\s*[：:]\s*(?:[（(](?:盖\s*章|公\s*章|签\s*章)[）)])?\s*(\S[^：:。；;]{0,40})$/.exec(text.trim());
  // `单位：万元` prints a unit, `注：…` a note, `字数：800字之内` how much to write.
  if (!m?.[1] || !m[2] || /^(?:注|说明|备注|附|附件|填表说明|(?:计量)?单位|字数)$/.test(m[1])) return null;
  const written = m[2].replace(/\s+/g, ' ').trim();
  if (/^(?:万?元|千元|亿元|人|个|项|台套?|件|次)$/.test(written)) return null;
  return isFilledValue(written) || /^[^\s，,]{2,20}$/.test(written) ? m[1] : null;
}
