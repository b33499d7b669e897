/**
 * @module store/publication
 * What may reach the public feed and calendar. A notice's marking is read from the record's own
 * values (disclosure, 密级) and, failing closed, from its text: a marking written in a form the
 * extractor does not know (`此件不予公开` without brackets, `秘密*1年` with an ASCII star,
 * `内部资料 注意保存` …) still keeps the notice private. The policy then decides:
 * `marked-public` (the default, as a careful office works) publishes only notices marked
 * (此件主动公开) or (此件依申请公开); `not-marked-private` publishes all but the private ones.
 */
import type { PublishPolicy } from '../config.js';
import type { NoticeRecord } from '../record/schema.js';

export type { PublishPolicy };

/** public: marked for publication; private: a 密级 or a not-for-publication note; null: unmarked */
export type Marking = 'public' | 'private' | null;

const STAR = '[★☆*＊]';
/**
 * Lines that mark a notice private. Each is anchored to how markings are printed (a line of its
 * own, a bracketed note, a 密级 label), so body text about 保密 work (保守国家秘密) is not one.
 */
const PRIVATE_LINES: readonly RegExp[] = [
  // (此件不予公开) with or without brackets, with what follows it (，发至县级)
  /此件\s*(?:不予|不宜|不)\s*公开/,
  // 密级 in the head: `秘密★1年`, `000123  秘密★1年` (copy number first), `机密`, `内部★`
  new RegExp(`^\\s*(?:\\d{3,8}\\s*)?(?:绝密|机密|秘密|内部|工作秘密)\\s*(?:${STAR}\\s*[^\\s，。]{0,8})?\\s*$`),
  new RegExp(`(?:绝密|机密|秘密|内部)\\s*${STAR}`),
  /密\s*级\s*[:：]\s*(?:绝密|机密|秘密|内部|工作秘密)/,
  // internal papers: `内部资料 注意保存`, `（内部文件，请勿外传）`, `内部发行`, `仅供内部使用`
  /^[（(]?\s*内部(?:资料|文件|刊物|发行|材料)[^。]{0,12}$/,
  /(?:请勿|不得|严禁|禁止)\s*(?:外传|外泄|公开|转发(?:至|到)?(?:网|外))/,
  /仅供内部(?:使用|参考|传阅)/,
];
const PUBLIC_NOTE = /^[（(]\s*此件\s*(?:主动公开|公开发布|依申请公开)\s*[）)]$/;

export interface MarkingFound {
  marking: Marking;
  /** the line that says so */
  evidence: string | null;
}

export function markingOf(r: Pick<NoticeRecord, 'disclosure' | 'secrecy' | 'text'>): MarkingFound {
  // fail closed: the extracted 密级 or not-for-publication note wins over any public note in the text
  if (r.secrecy) return { marking: 'private', evidence: r.secrecy };
  if (r.disclosure === 'not_public') return { marking: 'private', evidence: null };
  let publicLine: string | null = null;
  for (const raw of r.text.split('\n')) {
    const line = raw.trim();
    if (!line || line.length > 200) continue;
    if (PRIVATE_LINES.some((re) => re.test(line))) return { marking: 'private', evidence: line };
    if (!publicLine && PUBLIC_NOTE.test(line.replace(/\s+/g, ''))) publicLine = line;
  }
  if (publicLine) return { marking: 'public', evidence: publicLine };
  return { marking: r.disclosure === 'public' ? 'public' : null, evidence: null };
}

/**
 * True when a notice with this marking goes to the public feed and calendar under `policy`. An
 * index written before markings were kept has none (undefined): unknown, so not published until
 * `tongzhi reindex`.
 */
export const isPublished = (policy: PublishPolicy, marking: Marking | undefined): boolean =>
  marking === undefined ? false : policy === 'marked-public' ? marking === 'public' : marking !== 'private';
