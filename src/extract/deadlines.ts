/**
 * @module extract/deadlines
 * Dated obligations on the reader: `于6月30日前将…报送…`, `请于4月15日前将…发送至联系人邮箱`,
 * `6月12日下班前`, `5月24日上午12时前`, `6月底前`, and the notes under attached forms
 * (`注：附件2提交截止日期和邮箱：2023年5月15日前提交邮箱…`).
 */
import type { Block } from '../document.js';
import type { Contact, Deadline } from '../record/schema.js';
import type { AttachmentPart } from '../structure/types.js';
import { EMAIL_RE } from './phone-numbers.js';
import type { ExtractContext } from './context.js';
import { evidence, sentenceWithRest, sentences } from './context.js';
import type { DateMention, DatePoint } from '../structure/dates.js';
import { isDayPrecise, parseFullDate, resolvePoint } from '../structure/dates.js';
import { findDatesInSentence } from '../structure/date-lists.js';
import { parseTimeAt } from './times.js';
import type { Era } from './era.js';
import { inEra, inferredDateIssue, noticeEra, outOfEraIssue } from './era.js';
import { ISSUER_STEP, SUBMISSION_LABEL, SUBMITS, isCheckInDay, labelOf } from './labels.js';

/**
 * A limit printed after the date: `前`, `下班前`, `17:30前`, `18∶00时前`, `16∶00止`, `截止`, `截稿`; not
 * `前后`. `18 00∶ 时前` is how a PDF can give back a ratio colon, drawn after the minutes.
 */
const BEFORE = /^[ \u3000]*(?:(?:上午|中午|下午|晚上)?[ \u3000]*[:：]?[ \u3000]*\d{1,2}[ \u3000]*(?:[:：∶︰][ \u3000]*\d{2}[ \u3000]*[时点]?|[ \u3000]\d{2}[ \u3000]*[:：∶︰][ \u3000]*[时点]?|[时点](?:\d{1,2}分|半|整|正)?)[ \u3000]*)?(?:下班)?(?:前(?!后)|以前|之前|止|为止|截止|截至|截稿)/;
/** `截止时间为…`, `作品提交时间:即日起至2022年4月20日` (a window open from today: its end is due). */
const CUTOFF_BEFORE = /(?:截止|截至|截止日期|截止时间|最迟|不晚于|即日起[ \u3000]*(?:至|到))[为是：:\s]*$/;
/** `年龄计算截止日期为2023年1月1日`: the day a count is taken at, not an obligation. */
const COUNTED_AT = /(?:年龄|出生|工龄|年限|计算)[^，。；,;]{0,8}$/;
/** `以上材料9月26日报送初次纸质材料`: the submission verb right after the day. */
const SUBMIT_ON = /^[ \u3000]*(?:上午|下午)?[ \u3000]*(?:报送|提交|上报|寄送|递交)(?![了过的])/;
const ACTION = /报送|提交|发送|报至|上报|反馈|报名|申报|填报|寄送|寄至|送至|交至|上传|推荐|报备|备案|回执|报给|发至|报/;
const PLEDGE_BEFORE = /(?:于|在)[ \u3000]*$/;
/** An activity held on the day; `于3月21日进行申报` is a submission all the same. */
const HELD = /举办|举行|召开|开幕|启动|进行(?![^，。；,;]{0,4}(?:申报|报名|报送|提交|登记|注册))/;
/** `报到时间:2010年7月7日全天`, `报到日期为…`. */
const CHECK_IN_LABEL = /报到(?:时间|日期)[ \u3000]*(?:为|是)?[ \u3000]*[:：]?[ \u3000]*$/;
/** `1965年10月31日以前出生`: an eligibility rule, not an obligation. */
const BORN = /^[^，。；,;]{0,10}?出生/;

/** The text after a date, without the line breaks a PDF puts inside it (`9 月 13 日下午\n17:00 前`). */
function afterDate(s: string, m: DateMention, sentenceStart: number): string {
  return s.slice(m.end - sentenceStart, m.end - sentenceStart + 200).replace(/[\r\n]+/g, '');
}

/** True when the date at `m` is printed as a limit: `…前`, `…止`, `截止时间为…`. */
export function isTimeLimit(s: string, m: DateMention, sentenceStart: number): boolean {
  const after = afterDate(s, m, sentenceStart);
  const before = s.slice(0, m.start - sentenceStart);
  if (BORN.test(after) || COUNTED_AT.test(before.replace(/(?:截止|截至)(?:日期|时间)?[为是：:\s]*$/, ''))) return false;
  return BEFORE.test(after) || CUTOFF_BEFORE.test(before);
}

/** True when the date at `m` states a time limit in `s` (the sentence). */
export function isDeadlineMention(s: string, m: DateMention, sentenceStart: number): boolean {
  if (m.to || !isDayPrecise(m.from)) return false;
  const after = afterDate(s, m, sentenceStart);
  const before = s.slice(0, m.start - sentenceStart);
  if (BORN.test(after)) return false;
  if (isTimeLimit(s, m, sentenceStart)) return true;
  // 报到 days are dated obligations by the corpus convention: `9月18日到…酒店报到`, `报到时间:2010年7月7日全天`.
  if (isCheckInDay(after, true) || CHECK_IN_LABEL.test(before) || SUBMIT_ON.test(after)) return true;
  if (isScheduleLine(before, after)) return true;
  return PLEDGE_BEFORE.test(before) && !byOffice(before) && ACTION.test(after) && !HELD.test(after.slice(0, 30));
}

/**
 * `报名费由财务处于3月21日统一…扣除费用`: a step an office (由…) takes on the day, not the readers'
 * obligation; `由各单位于…` names the readers themselves.
 */
export const byOffice = (before: string): boolean => /由(?!各)[^，。；,;由]{1,12}(?:于|在)[ \u3000]*$/.test(before);

/**
 * `1、4月17日:09级及以前全日制硕士研究生…,提交学位论文电子版进行学术不端行为测试`: a timetable line led
 * by its date, whose step is a submission by the readers.
 */
export function isScheduleLine(before: string, after: string): boolean {
  if (!/^[ \u3000]*(?:[（(]?[一二三四五六七八九十0-9０-９]{1,3}[)）、.．][ \u3000]*)?$/.test(before)) return false;
  const m = /^[ \u3000]*[:：]([^。；;]*)/.exec(after);
  return m !== null && /提交|报送|上报|递交|填报|交至|交到/.test(m[1] ?? '');
}

/** `…时间为`, `…时间：` right before a range: the few characters that name it. */
const RANGE_LABEL = /([^，。；,;\s]{0,14}?)(?:时间|日期|期限|时段)?[ \u3000]*(?:为|是)?[ \u3000]*[:：]?[ \u3000]*(?:从|自)?[ \u3000]*$/;

/**
 * True when the range at `m` is a window whose end is due: `申报时间:11月18日(星期四)8:00—
 * 11月27日(星期六)17:30`, `…至…截止`, `于2022年8月15至9月28日期间,注册登录…登记发布活动`,
 * `须于2020年1月8日—31日完成大赛网上申报工作`. A window of the issuer's own step (审核, 评审,
 * 公示) binds nobody who reads the notice.
 */
export function isWindowMention(s: string, m: DateMention, sentenceStart: number): boolean {
  if (!m.to || !isDayPrecise(m.to)) return false;
  const after = afterDate(s, m, sentenceStart);
  const before = s.slice(0, m.start - sentenceStart);
  const item = before.slice(itemStart(before));
  const label = RANGE_LABEL.exec(item)?.[1] ?? '';
  const lineLabel = labelOf(item)?.label ?? '';
  if (ISSUER_STEP.test(label) || ISSUER_STEP.test(lineLabel)) return false;
  if (BEFORE.test(after)) return true;
  if (SUBMISSION_LABEL.test(label) || SUBMISSION_LABEL.test(lineLabel)) return true;
  if (!PLEDGE_BEFORE.test(before)) return false;
  // The verb that follows decides: a submission, not an activity held.
  const clause = after.slice(0, 40);
  const submit = SUBMITS.exec(clause);
  const held = /举办|举行|召开|开幕|开展/.exec(clause) ?? HELD.exec(clause);
  return submit !== null && (held === null || submit.index < held.index);
}

/**
 * Where the item a date sits in begins: the line, or the last numbered item (`十二、`) when a PDF ran
 * the lines of a timetable into one paragraph (`…提交十二、材料核查:6月12日至25日`, `…18 日2.作品创作时间:10 月 20 日-…`).
 */
export function itemStart(before: string): number {
  let at = before.lastIndexOf('\n') + 1;
  for (const m of before.matchAll(/(?<![0-9０-９一二三四五六七八九十.．])(?:[一二三四五六七八九十]{1,3}、|[0-9]{1,2}[.．、](?![0-9]))/gu)) at = Math.max(at, m.index);
  return at;
}

const RECEIVER = /(?:部|委|局|厅|司|处|科|室|办|中心|院|会|协|邮箱|信箱|@.*)$/;

/** `…，形成总结报告、照片，于6月12日前报送…`: the material is the clause before the date. */
export function materialBefore(before: string): string {
  const clause = before.replace(/[，,：:\s]*(?:并|请|要|须|需)?\s*(?:于|在)?\s*$/, '').split(/[，,。；;：:]/).pop() ?? '';
  // `报名截止时间：4月10日` → 报名.
  return clause.replace(/^(?:形成|整理|填写|撰写|起草|汇总|做好|认真)/, '').replace(/(?:的)?(?:截止|截至)(?:时间|日期)?(?:为|是)?$/, '').trim();
}

/** `将X报送Y` → what X, to Y; otherwise the clause after the date. */
export function whatAndTo(after: string): { what: string; to: string | null } {
  const clause = after
    .replace(BEFORE, '')
    .replace(/^[ \u3000]*(?:(?:上午|下午|晚上)?[ \u3000]*\d{1,2}[:：]\d{2}|\d{1,2}[时点](?:\d{1,2}分)?)/, '')
    .replace(/^[，,。\s]*/, '');
  const m = /^(?:请)?(?:将|把)?(.*?)(?:报送|提交|发送|上报|反馈|报至|寄送|寄至|送至|交至|发至|报给|上传|(?<![填申上汇通呈转预])报(?![告名道表刊纸]))(?:至|到|给)?(.*)$/.exec(clause);
  if (m) {
    const rest = (m[2] ?? '').replace(/[（(].*$/, '').replace(/[。；;，,].*$/, '').trim();
    const what = (m[1] ?? '').replace(/^将/, '').trim();
    if (what) return { what, to: rest || null };
    // `前报送文字信息、影像资料等`: the material follows the verb, unless it is an office.
    if (rest && !RECEIVER.test(rest)) return { what: rest, to: null };
    return { what: '', to: rest || null };
  }
  return { what: (clause.split(/[，,。；;]/)[0] ?? '').slice(0, 80), to: null };
}

function attachmentFor(blockIndex: number, sentence: string, attachments: AttachmentPart[]): string | null {
  const named = /附件\s*(\d{1,2})/.exec(sentence);
  if (named) return `附件${named[1]}`;
  const own = attachments.find((a) => a.blocks.some((b) => b.index === blockIndex));
  if (own) return own.number !== null ? `附件${own.number}` : (own.title?.text ?? null);
  const titled = attachments.find((a) => a.title && sentence.replace(/\s+/g, '').includes(a.title.text.replace(/\s+/g, '')));
  if (titled) return titled.number !== null ? `附件${titled.number}` : (titled.title?.text ?? null);
  return null;
}

/** "联系人邮箱" names an address printed elsewhere: the contacts' email. */
function resolveTo(to: string | null, sentence: string, contacts: Contact[]): string | null {
  const email = sentence.match(EMAIL_RE)?.[0];
  if (email) return email;
  if (to && /邮箱|电子邮件/.test(to)) {
    const known = contacts.find((c) => c.emails.length > 0)?.emails[0];
    if (known) return known;
  }
  return to;
}

export function extractDeadlines(ctx: ExtractContext, contacts: Contact[]): Deadline[] {
  const out: Deadline[] = [];
  const { doc, structure } = ctx;
  const era = noticeEra(ctx);
  const signed = structure.signedDate ? parseFullDate(structure.signedDate.text) : null;
  for (const b of doc.blocks) {
    for (const own of blockSentences(b, doc.text)) {
      for (const m of findDatesInSentence(own.text)) {
        const mm = { ...m, start: m.start + own.start, end: m.end + own.start };
        const dueIn = (x: { text: string; start: number }): DatePoint | null =>
          m.to && isWindowMention(x.text, mm, x.start) ? m.to : isDeadlineMention(x.text, mm, x.start) ? m.from : null;
        // `于 9 月 13 日下午` / `17:00 前将…`: a paragraph that a PDF line break ends right after the date.
        const cut = b.kind === 'paragraph' && /^[ \u3000]*(?:上午|中午|下午|晚上)?[ \u3000]*$/.test(own.text.slice(m.end));
        const s = cut && dueIn(own) === null ? sentenceWithRest(doc.text, own) : own;
        const due = dueIn(s);
        if (!due) continue;
        if (!inEra(m, era)) {
          ctx.issues.push(outOfEraIssue(m, era, 'deadlines'));
          continue;
        }
        const range = resolveDeadline(due, era);
        if (!range) continue;
        // `截止4月2日申报期止,仅有一家主体递交了申报资料` in a notice signed 4月7日: a past limit the
        // notice recounts binds nobody any more.
        if (signed !== null && range.end < signed) continue;
        const quote = evidence(doc, s.start, s.end, { start: mm.start, end: mm.end });
        const inferred = inferredDateIssue(m, range.end, 'deadlines');
        if (inferred) ctx.issues.push(inferred);
        const after = s.text.slice(m.end);
        const time = parseTimeAt(after)?.time ?? null;
        const { what, to } = whatAndTo(after);
        const attachment = attachmentFor(b.index, s.text, structure.attachments);
        out.push({
          date: range.end,
          time,
          // `附件2…前提交邮箱…` names no object: what is due is the attachment itself.
          what:
            what ||
            (/附件\s*\d/.test(s.text) ? titleOf(attachment, structure.attachments) : null) ||
            (due === m.to || /(?:即日起|自|从)[ \u3000]*(?:至|到)?[ \u3000]*$/.test(s.text.slice(0, m.start)) ? windowName(s.text.slice(0, m.start)) : '') ||
            materialBefore(s.text.slice(0, m.start)) ||
            quote.quote,
          to: resolveTo(to, s.text, contacts),
          attachment,
          // The sentence, or a MAX_QUOTE window of it around the date: a one-line page is one long sentence.
          text: quote.quote,
          evidence: quote,
        });
      }
    }
  }
  return out;
}

/** `1.企业网上申报时间:` → 企业网上申报, `2、 报名时间:即日起到` → 报名: what a window is for. */
function windowName(before: string): string {
  const label = labelOf(before)?.label;
  if (label) return label.replace(/(?:时间|日期|期限)$/, '');
  return before
    .replace(/^[ \u3000]*(?:[（(]?[一二三四五六七八九十0-9]{1,3}[)）、.．])?/, '')
    .replace(/(?:时间|日期|期限)?[ \u3000]*(?:为|是)?[ \u3000]*[:：]?[ \u3000]*(?:从|自)?[ \u3000]*$/, '')
    .trim();
}

/** A due date without a printed year: the notice's year, or the next when its month is past. */
export function resolveDeadline(p: DatePoint, era: Era): { start: string; end: string } | null {
  return resolvePoint(p, { referenceYear: era.year, referenceMonth: era.month, rollForward: p.year === null });
}

function titleOf(label: string | null, attachments: AttachmentPart[]): string | null {
  if (!label) return null;
  const n = /^附件(\d+)$/.exec(label)?.[1];
  const a = attachments.find((x) => (n !== undefined && x.number === Number(n)) || x.title?.text === label);
  return a?.title?.text ?? label;
}

function blockSentences(b: Block, text: string): Array<{ text: string; start: number; end: number }> {
  if (b.kind === 'paragraph') return sentences(b);
  return b.rows.flat().flatMap((c) => sentences({ text: text.slice(c.start, c.end), start: c.start }));
}
