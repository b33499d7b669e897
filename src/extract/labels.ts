/**
 * @module extract/labels
 * The words that tell an activity's time from a submission window, shared by periods and
 * deadlines: `比赛时间：…` is when the contest is held, `报名时间：…` is a window whose end is due.
 */

/** Labels of things the recipients do by a date, or the issuer's own steps: not the activity. */
export const NOT_ACTIVITY = /报名|申报|报送|提交|截止|截至|受理|征集|征稿|征文|投稿|截稿|审核|审查|评审|评选|公示|登记|注册|发布|上报|填报|推荐|浏览|更新|出生|办理|缴费|交费|购买|预订|订房|出发|返程|离会/;

/** Windows whose end binds the recipients: `申报时间`, `报名时间`, `受理时间`, `报送时间`. */
export const SUBMISSION_LABEL = /报名|申报|报送|提交|受理|征集|征稿|征文|投稿|截稿|登记|注册|上报|填报|推荐|上传|报到/;

/** The issuer's own steps: `市科技局审核提交时间`, `评审时间`, `公示时间`. */
export const ISSUER_STEP = /审核|审查|评审|评选|公示|复核|遴选|答辩/;

/** Verbs of a submission window: `于2020年1月8日—31日完成大赛网上申报工作`, `…期间到研招办领取`. */
export const SUBMITS = /申报|报送|提交|报名|完成|登记|注册|填报|上报|推荐|发送|寄送|报至|上传|征集|受理|领取|交到|交至/;

/** `开幕时间：`, `1.比赛时间:`, `（一）时间：`: a label of at most 12 characters before a colon. */
const LABEL = /^[ \u3000]*(?:[（(]?[一二三四五六七八九十0-9０-９]{1,3}[)）、.．][ \u3000]*)?([^，。；：:,;\s]{0,12}?)[ \u3000]*(?:为|是)?[ \u3000]*[:：][ \u3000]*/u;

/** The label a line starts with (`开幕时间：`), and where the text after it begins. */
export function labelOf(text: string): { label: string; end: number } | null {
  const m = LABEL.exec(text);
  return m ? { label: m[1] ?? '', end: m[0].length } : null;
}

/**
 * `12月28日下午在农业大厦(…,联系电话:…)报到`, `9月22日8:00-8:20,到仓山小学博艺堂报到`: the date is
 * a 报到 day, which the corpus counts as a dated obligation, never as the activity. Brackets
 * are dropped first (addresses and phones in them carry commas); no other day may come between
 * (`1月11日报到,1月14日离会`), and `上报到校工会` is a submission, not a 报到.
 */
const CHECK_IN = /^[^。；;日月号]{0,40}?(?<![上未])报到(?!时间|地点|手续|办法)/;
const LEAVE = /^[^。；;，,日月号]{0,20}?(?:离会|离开|离校|返程|撤展|撤离)/;
const dropBrackets = (s: string): string => s.replace(/[（(][^（）()]{0,80}[）)]/g, '');

/** `考核定于10月22日进行，…到…体育馆报到`: the day is the activity's; 报到 is only part of it. */
const HELD_FIRST = /举办|举行|召开|进行|开幕|开展|开会|培训|考试|比赛/;

/**
 * True when people 报到 on the day printed just before `after`. With `alsoHeld`, also a day the
 * activity itself is held on when the 报到 is said to be that same day (`考核定于10月22日进行，
 * …请在考核当天上午6：30前…报到`): a deadline, and still the activity's day.
 */
export function isCheckInDay(after: string, alsoHeld = false): boolean {
  const m = CHECK_IN.exec(dropBrackets(after.slice(0, 160)));
  if (m === null) return false;
  return !HELD_FIRST.test(m[0]) || (alsoHeld && /当天|当日/.test(m[0]));
}

/** `1月14日离会`: the day people leave, no more the activity than the day they arrive. */
export function isLeaveDay(after: string): boolean {
  return LEAVE.test(dropBrackets(after.slice(0, 120)));
}

/** `10月7日(星期六)、10月8日(星期日)上班`, `10月9日正常上班上课`: make-up workdays around a holiday. */
const WORKDAY = /^[^。；;，,]{0,20}?(?:上班|上课|补课|晚自习|课表|课程)/;

export function isWorkday(after: string): boolean {
  return WORKDAY.test(dropBrackets(after.slice(0, 80)));
}

/** `1月1日至3日放假調休`, `(9月11日—13日)放假3天`, `9 月 24 日中秋节放假`: the holiday a notice announces. */
const HOLIDAY = /^[)）]?[ \u3000]*[^，。；,;：:日月号]{0,8}?(?:放假|休假)/;

export function isHoliday(after: string): boolean {
  return HOLIDAY.test(dropBrackets(after.slice(0, 40)));
}

/** `4月6日(星期一)補休`: a day off in lieu that joins the holiday before it. */
export const IN_LIEU = /^[^，。；,;]{0,8}?(?:补休|補休)/;

