/**
 * @module structure/patterns
 * Text patterns shared by structure/ and extract/: 文号, 文种, outline numbers, labels.
 */

/** 发文字号: 机关代字 + 〔年份〕 + 序号号; tolerates [ ] ［ ］ （ ） and blanks. */
export const DOC_NUMBER = /([\u4e00-\u9fa5]{1,15}?)\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*(?:第\s*)?(\d{1,5})\s*号/gu;

/** One whole line that is a 发文字号 (optionally followed by 签发人). */
export const DOC_NUMBER_LINE = /^\s*([\u4e00-\u9fa5]{1,15}?)\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*(?:第\s*)?(\d{1,5})\s*号\s*(?:签\s*发\s*人\s*[：:]\s*(\S.*))?$/u;

export function normalizeDocNumber(prefix: string, year: string, serial: string): string {
  return `${prefix}〔${year}〕${Number(serial)}号`;
}

/** 文种 that end a title (GB/T 9704 事由 + 文种). */
export const DOC_KINDS = '通知|通报|决定|意见|办法|规定|方案|函|批复|报告|请示|公告|通告|纪要|规划|细则|要点|指南|公示|决议|命令|议案';
export const ENDS_WITH_DOC_KIND = new RegExp(`(?:${DOC_KINDS})$`);

/** Outline numbers, from the top level down: 一、 （一） 1. （1）. */
export const OUTLINE_LEVELS: ReadonlyArray<{ level: number; re: RegExp }> = [
  { level: 1, re: /^([一二三四五六七八九十]{1,3})\s*[、.．]\s*/ },
  { level: 2, re: /^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*/ },
  { level: 3, re: /^(\d{1,2})\s*[.．、](?!\d)\s*/ },
  { level: 4, re: /^[（(]\s*(\d{1,2})\s*[）)]\s*/ },
];

/** An attachment label on its own line: 附件 / 附件1 / 附件 2： */
export const ATTACHMENT_LABEL = /^附\s*件\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})?\s*[：:]?$/;

/** 附件说明: 附件：1. XXX (the list in the body that names the attachments). */
export const ATTACHMENT_NOTE = /^附\s*件\s*[：:]\s*(\S.*)$/;

/** 附注 about publication: (此件主动公开) / （此件不公开）. */
export const DISCLOSURE_NOTE = /^[（(]\s*此件\s*(主动公开|公开发布|公开|依申请公开|不予?公开|不公开)\s*[）)]$/;

/** 密级 and 紧急程度 lines of the 版头. */
export const SECRECY = /^(绝密|机密|秘密)\s*(?:★\s*(\S+))?$/;
export const URGENCY = /^(特急|加急|特提|平急)$/;
export const COPY_NUMBER = /^\d{3,6}$/;

export const CJK_RANGE = '\\u3400-\\u9fff';

/** Removes blanks inside Chinese text (`科 学 技 术 部`, `关于举办 2023 年`) but not between Latin words. */
export function squeezeCjkSpaces(s: string): string {
  return s.replace(/(?<=[\u3400-\u9fff\uff00-\uffef（）《》〔〕“”、，0-9])\s+(?=[\u3400-\u9fff\uff00-\uffef（）《》〔〕“”、，0-9])/g, (m, off: number, all: string) => {
    const before = all[off - 1] ?? '';
    const after = all[off + m.length] ?? '';
    return /[0-9]/.test(before) && /[0-9]/.test(after) ? m : '';
  });
}

/** Markdown bold markers that web copies leave around titles. */
export const stripMarkup = (s: string): string => s.replace(/\*\*/g, '').trim();

/**
 * Page chrome a web copy leaves around a notice: publication time, source, author, view and
 * click counts, a link. Never part of the notice itself.
 */
const CHROME_LABEL = /^(?:发布时间|发布日期|发文日期|更新时间|信息来源|稿件来源|文章来源|来源|作者|点击数|点击量|点击|浏览量|浏览次数|浏览|阅读次数|阅读量|编辑|责任编辑|审核|供稿人|供稿|撰稿|摄影|字号|分享到|打印|关闭|评论)\s*[：:]/;
export function isPageChrome(text: string): boolean {
  const t = text.trim();
  if (CHROME_LABEL.test(t)) return true;
  // 时间/日期 label a body line too (时间：2009年9月28日); a page's own is a timestamp.
  if (/^(?:时间|日期)\s*[：:]\s*(?:(?:19|20)\d{2}-\d{1,2}-\d{1,2}|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2})/.test(t)) return true;
  if (/^(?:https?:\/\/|www\.)\S+$/.test(t)) return true;
  // `2023-10-20 16:22:05   来源:…` and lines carrying a view or click count.
  if (/^(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s|$)/.test(t) && !/[。，]/.test(t)) return true;
  return /(?:浏览量|浏览次数|点击数|点击率|阅读次数)\s*[：:]?\s*\d*/.test(t) && t.length <= 80 && !/[。]/.test(t);
}

/** A file name as attachments are listed on web pages: 科普统计调查表.doc. */
export const FILE_EXTENSION = /\.(?:docx?|xlsx?|wps|et|pdf|zip|rar|7z|txt|ofd)(?=$|[^A-Za-z])/i;
