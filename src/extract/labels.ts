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

/** Verbs of a submission window: `于2020年1月8日—31日完成大赛网上申报工作`. */
export const SUBMITS = /申报|报送|提交|报名|完成|登记|注册|填报|上报|推荐|发送|寄送|报至|上传|征集|受理/;

/** `开幕时间：`, `1.比赛时间:`, `（一）时间：`: a label of at most 12 characters before a colon. */
const LABEL = /^[ \u3000]*(?:[（(]?[一二三四五六七八九十0-9０-９]{1,3}[)）、.．][ \u3000]*)?([^，。；：:,;\s]{0,12}?)[ \u3000]*(?:为|是)?[ \u3000]*[:：][ \u3000]*/u;

/** The label a line starts with (`开幕时间：`), and where the text after it begins. */
export function labelOf(text: string): { label: string; end: number } | null {
  const m = LABEL.exec(text);
  return m ? { label: m[1] ?? '', end: m[0].length } : null;
}
