/**
 * @module extract/level
 * Administrative level and region of the issuer, from the 文号's 机关代字, the issuing organs,
 * and — when neither says — who the notice is addressed to and the places it names.
 */
import type { Level } from '../record/schema.js';
import { divisions } from '../structure/places.js';

/** The one-character province abbreviations that open a 机关代字 (京科发, 鲁科字 …). */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  京: '北京市', 津: '天津市', 沪: '上海市', 渝: '重庆市', 冀: '河北省', 晋: '山西省', 蒙: '内蒙古自治区', 辽: '辽宁省',
  吉: '吉林省', 黑: '黑龙江省', 苏: '江苏省', 浙: '浙江省', 皖: '安徽省', 闽: '福建省', 赣: '江西省', 鲁: '山东省',
  豫: '河南省', 鄂: '湖北省', 湘: '湖南省', 粤: '广东省', 桂: '广西壮族自治区', 琼: '海南省', 川: '四川省', 蜀: '四川省',
  贵: '贵州省', 黔: '贵州省', 云: '云南省', 滇: '云南省', 藏: '西藏自治区', 陕: '陕西省', 甘: '甘肃省', 陇: '甘肃省',
  青: '青海省', 宁: '宁夏回族自治区', 新: '新疆维吾尔自治区',
};
const MUNICIPALITIES = new Set(['北京市', '天津市', '上海市', '重庆市']);
const INSTITUTION = /大学|学院|学校|中学|小学|幼儿园|医院|研究院|研究所|学会|协会|研究会|基金会|公司|集团|实验室/;
const NATIONAL_ORGANS = /^(?:中共中央|中央|国务院|全国|中国|国家)|^(?:科技部|教育部|财政部|工业和信息化部|人力资源社会保障部|人力资源和社会保障部|农业农村部|商务部|文化和旅游部|国家卫生健康委|生态环境部|交通运输部|水利部|自然资源部|住房城乡建设部|民政部|司法部|公安部|应急管理部|外交部|国防部|审计署|海关总署|市场监管总局)/;

const shortName = (full: string): string => full.replace(/(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, '');

interface Place {
  province: string;
  city: string | null;
}

/** Names of provinces and cities, full (淄博市) or short (淄博), that occur in `text`. */
function placesIn(text: string): Place[] {
  const out: Place[] = [];
  const { provinces, cities } = divisions();
  for (const p of provinces) {
    for (const c of cities[p] ?? []) {
      const short = shortName(c);
      if (short.length >= 2 && text.includes(short)) out.push({ province: p, city: c });
    }
    if (text.includes(shortName(p))) out.push({ province: p, city: null });
  }
  return out;
}

export interface LevelInput {
  docNumber: string | null;
  issuers: string[];
  recipients: string | null;
  title: string | null;
  text: string;
}

export function inferLevel(input: LevelInput): { level: Level | null; region: string | null } {
  const organs = input.issuers.join(' ');
  const code = input.docNumber?.replace(/〔.*$/, '') ?? '';
  if (organs && input.issuers.every((o) => INSTITUTION.test(o) && !/^中国|^全国/.test(o))) return { level: 'institution', region: null };

  // Organs that name their place decide first: 北京市科学技术委员会, 淄博市科学技术局, 张店区教育局.
  const named = placesIn(organs);
  const district = /([\u4e00-\u9fa5]{1,6}(?:区|县|旗))(?:人民政府|政府|委|局|办|科|教育|科学|财政|工信|商务)/.exec(organs);
  if (district?.[1] && !/自治区|开发区|新区|园区/.test(district[1])) return { level: 'district', region: district[1] };
  const city = named.find((p) => p.city && organs.includes(shortName(p.city)));
  if (city?.city && !MUNICIPALITIES.has(city.province)) return { level: 'municipal', region: city.city };
  const prov = named.find((p) => !p.city);
  if (prov) return { level: 'provincial', region: prov.province };

  // A ministry (部), administration (总局) or 署 that names no place is a central organ.
  const central = (o: string): boolean => NATIONAL_ORGANS.test(o) || (/^[\u4e00-\u9fa5]{2,10}(?:部|总局|署)$/.test(o) && placesIn(o).length === 0);
  if (code.startsWith('国') || (organs && input.issuers.every(central))) return { level: 'national', region: null };
  const abbr = ABBREVIATIONS[code.charAt(0)];
  if (abbr) return { level: 'provincial', region: abbr };

  // No organ says: who is addressed tells the level above them.
  const to = input.recipients ?? '';
  if (/各省、自治区、直辖市/.test(to)) return { level: 'national', region: null };
  const mentioned = placesIn(`${input.title ?? ''}${input.text}`);
  const topCity = mostFrequent(mentioned.filter((p) => p.city && !MUNICIPALITIES.has(p.province)).map((p) => p.city as string), input.text);
  if (/各(?:区县|县区|县（市、区）|县\(市、区\)|区、县|县、区|区（县）|市辖区)/.test(to) || /全市|我市|市直/.test(input.text)) {
    if (topCity) return { level: 'municipal', region: topCity };
    const muni = mentioned.find((p) => MUNICIPALITIES.has(p.province));
    if (muni) return { level: 'provincial', region: muni.province };
    return { level: 'municipal', region: null };
  }
  if (/各(?:市|地市|设区市|州)/.test(to) || /全省|我省/.test(input.text)) {
    const p = mostFrequent(mentioned.map((x) => x.province), input.text);
    return { level: 'provincial', region: p };
  }
  if (/各(?:乡镇|街道|社区|村)/.test(to) || /全区|全县|我区|我县/.test(input.text)) return { level: 'district', region: null };
  return { level: null, region: null };
}

function mostFrequent(names: string[], text: string): string | null {
  let best: string | null = null;
  let count = 0;
  for (const n of new Set(names)) {
    const c = text.split(shortName(n)).length - 1;
    if (c > count) {
      best = n;
      count = c;
    }
  }
  return best;
}
