/**
 * @module structure/patterns
 * Text patterns shared by structure/ and extract/: 文号, 文种, outline numbers, labels.
 */

/**
 * A pinyin gloss a page copy prints after a character (`發(fā)`, `學(xué)`): sites that convert
 * between scripts add it for characters with several readings. Tone marks tell it from a Latin
 * word in brackets (`(pdf)`).
 */
const GLOSS = '\\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}\\)';
const GLOSS_AFTER_CJK = new RegExp(`(?<=[\\u3400-\\u9fff])${GLOSS}`, 'gu');
/** The text without pinyin glosses: `國科發(fā)計` → `國科發計`. */
export const withoutGlosses = (s: string): string => (s.includes('(') ? s.replace(GLOSS_AFTER_CJK, '') : s);

/**
 * 发文字号: 机关代字 + 〔年份〕 + 序号号; tolerates [ ] ［ ］ （ ） and blanks, a bracketed part of
 * the 代字 (农机推（办）发〔2016〕79号) and the traditional 號.
 */
const PREFIX = `((?:[\\u4e00-\\u9fa5]|[（(][\\u4e00-\\u9fa5]{1,2}[)）](?=[\\u4e00-\\u9fa5])|${GLOSS}(?=[\\u4e00-\\u9fa5〔\\[［【(（])){1,15}?)`;
const YEAR_SERIAL = '\\s*[〔\\[［【(（]\\s*((?:19|20)\\d{2})\\s*[〕\\]］】)）]\\s*(?:第\\s*)?(\\d{1,5})\\s*([号號])';
export const DOC_NUMBER = new RegExp(PREFIX + YEAR_SERIAL, 'gu');

/** One whole line that is a 发文字号 (optionally followed by 签发人). */
export const DOC_NUMBER_LINE = new RegExp(`^\\s*${PREFIX}${YEAR_SERIAL}\\s*(?:签\\s*发\\s*人\\s*[：:]\\s*(\\S.*))?$`, 'u');

/**
 * Societies and schools that print the year before the bracket: 湘茶学会2013【5】号, 安办函2015〔33〕号.
 * Kept as printed, brackets normalised.
 */
export const DOC_NUMBER_YEAR_FIRST = /([\u4e00-\u9fa5]{1,12}?)\s*((?:19|20)\d{2})\s*[〔\[［【(（]\s*(\d{1,4})\s*[〕\]］】)）]\s*([号號])(?![楼院房室线])/gu;

export function normalizeDocNumber(prefix: string, year: string, serial: string, hao = '号'): string {
  return `${withoutGlosses(prefix).replace(/\s+/g, '')}〔${year}〕${Number(serial)}${hao === '號' ? '號' : '号'}`;
}

/** The 文号 a whole line is, in either form, normalised; null when the line is anything else. */
export function docNumberOf(text: string): string | null {
  const t = squeezeCjkSpaces(text).trim();
  const m = DOC_NUMBER_LINE.exec(t);
  if (m?.[1] && m[2] && m[3]) return normalizeDocNumber(m[1], m[2], m[3], m[4]);
  const y = new RegExp(`^${DOC_NUMBER_YEAR_FIRST.source}$`, 'u').exec(t);
  return y?.[1] && y[2] && y[3] ? `${y[1]}${y[2]}〔${Number(y[3])}〕${y[4] === '號' ? '號' : '号'}` : null;
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

/** 附件说明: 附件：1. XXX (the list in the body that names the attachments); 附表： lists forms. */
export const ATTACHMENT_NOTE = /^附\s*[件表]\s*[：:]\s*(\S.*)$/;

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
const CHROME_LABEL = /^(?:本文来源|本站来源|发布时间|发布日期|发文日期|更新时间|信息来源|稿件来源|文章来源|来源|作者|点击数|点击量|点击|浏览量|浏览次数|浏览|阅读次数|阅读量|编辑|责任编辑|审核人|审核|核稿|校对|供稿人|供稿|撰稿|摄影|字号|分享到|打印|关闭|评论|上一篇|下一篇|上一条|下一条)\s*[：:]/;
export function isPageChrome(text: string): boolean {
  const t = fold(withoutGlosses(text).trim());
  if (CHROME_LABEL.test(t)) return true;
  // 时间/日期 label a body line too (时间：2009年9月28日); a page's own is a timestamp.
  if (/^(?:时间|日期)\s*[：:]\s*(?:(?:19|20)\d{2}-\d{1,2}-\d{1,2}|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2})/.test(t)) return true;
  if (/^(?:https?:\/\/|www\.)\S+$/.test(t)) return true;
  // `02.08.2016 20:04` (day first) and a forum's `学习再学习 发表于 2022-1-29 15:45:08`.
  if (/^\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}\s+\d{1,2}:\d{2}$/.test(t)) return true;
  if (/^\S{1,20}\s*发表于\s*(?:19|20)\d{2}-\d{1,2}-\d{1,2}/.test(t)) return true;
  // `2023-10-20 16:22:05   来源:…` and lines carrying a view or click count.
  if (/^(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s|$)/.test(t) && !/[。，]/.test(t)) return true;
  if (isPageButtons(t)) return true;
  return /(?:浏览量|浏览次数|点击数|点击率|阅读次数)\s*[：:]?\s*\d*/.test(t) && t.length <= 80 && !/[。]/.test(t);
}

/** A page's buttons: `【打印本页】【关闭窗口】`, `[打印] [关闭]`, `收藏 | 打印 | 返回顶部`, `【字体：大 中 小】`. */
const BUTTON = '(?:打印(?:本页|此页|文章|正文)?|关闭(?:本页|窗口|此页)?|收藏(?:本页|本文)?|分享(?:到)?|返回(?:顶部|首页|列表|上页)?|加入收藏|保存(?:本页)?|纠错|我要纠错|字[体号]\\s*[：:]?\\s*(?:[【\\[]?\\s*[大中小默认]\\s*[】\\]]?\\s*){2,4}|TOP|top)';
const BUTTONS = new RegExp(`^(?:[【\\[『〖]?\\s*${BUTTON}\\s*[】\\]』〗]?\\s*[|｜/·•]?\\s*)+$`);
export const isPageButtons = (t: string): boolean => t.length <= 60 && /打印|关闭|收藏|返回|字[体号]/.test(t) && BUTTONS.test(t);

/** A file name as attachments are listed on web pages: 科普统计调查表.doc. */
export const FILE_EXTENSION = /\.(?:docx?|xlsx?|wps|et|pdf|zip|rar|7z|txt|ofd)(?=$|[^A-Za-z])/i;

/**
 * Labels of the disclosure metadata (政府信息公开) government pages print above a notice:
 * 索引号, 主题分类, 发布机构, 文号, 成文日期 …
 */
const METADATA_LABELS = '索引号|主题分类|组配分类|体裁分类|服务对象|信息分类|内容分类|所属主题|主题词|发文日期|成文日期|发布日期|生效日期|废止日期|实施时间|实施日期|发布机构|发文机关|发文单位|发文部门|发布单位|公开方式|公开范围|公开时限|公开形式|文号|发文文号|发文字号|文件编号|发布文号|文件字号|发文标题|法规类型|所属行业|所属区域|阅读人次|评论人次|有效性|时效性|是否有效|发文内容|文件类型|分类';
const METADATA_LABEL_ONLY = new RegExp(`^[【\\[|]?\\s*(?:${METADATA_LABELS})\\s*[】\\]|：:]?\\s*$`);
const METADATA_PAIR = new RegExp(`^\\s*[【\\[|]?\\s*(?:${METADATA_LABELS})\\s*(?:[】\\]|：:]|\\s{1,4}[|]?)`);

/** A metadata label alone on its line; its value is on the next. */
export const isMetadataLabel = (text: string): boolean => METADATA_LABEL_ONLY.test(text.trim());
/** A line of disclosure metadata: `索引号: … 发布机构: …`, `【发布文号】…`, `| 文号 | … |`. */
export const isMetadataLine = (text: string): boolean => METADATA_PAIR.test(text) && !text.includes('。');

/**
 * Traditional characters of the words structure/ reads (关于, organ suffixes, 文种, 号, 附件, dates,
 * contacts), each to its simplified form: pages from Taiwan, Hong Kong and sites that convert.
 * One character to one, so offsets into the folded text are offsets into the printed one.
 */
const HANT = '來瀏覽數擊閱評論賬號關於號發會處廳協國學機構辦據區縣鄉鎮級職業醫員聯絡書報紀規劃則點議決導團體組織條單軍農務獎網電話傳郵編碼繫係屬總經濟習閱讀類標題請實際開館術師範讓舉動參與誌長問簡稱為設計對應時間屆內擬頒佈執審錄額準證轉黨臺圖領進見復細稅財衛環護資訊產權歷齊華陽東陝廣蘇貴遼寧龍雲門島灣鄭勞紅線過幹將從來這個們現鄰質監檢驗測氣災險療藥買賣價費貿銷鐵運輸訂約園庫兒圓樓廈廠礦覽檔畫藝聞視遞銀統僑殘婦';
const HANS = '来浏览数击阅评论账号关于号发会处厅协国学机构办据区县乡镇级职业医员联络书报纪规划则点议决导团体组织条单军农务奖网电话传邮编码系系属总经济习阅读类标题请实际开馆术师范让举动参与志长问简称为设计对应时间届内拟颁布执审录额准证转党台图领进见复细税财卫环护资讯产权历齐华阳东陕广苏贵辽宁龙云门岛湾郑劳红线过干将从来这个们现邻质监检验测气灾险疗药买卖价费贸销铁运输订约园库儿圆楼厦厂矿览档画艺闻视递银统侨残妇';
const FOLD = new Map<string, string>();
for (let i = 0; i < HANT.length; i++) FOLD.set(HANT.charAt(i), HANS.charAt(i));
export const fold = (s: string): string => (/[^\x00-\u2fff]/.test(s) ? s.replace(/[\u3400-\u9fff]/g, (c) => FOLD.get(c) ?? c) : s);
