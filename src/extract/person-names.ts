/**
 * @module extract/person-names
 * Is this short run of characters, printed where a notice names its contact people, a person's
 * name, and which name? Real notices print names bare (`杨启明`), with an honorific (`马斌老师`,
 * `桂老师`, `张工`, `小詹`), letter-spaced (`王 晟`, PDF justification gives `张 军 伟`), run
 * together with no separator (`张 莉 韩 风` is 张莉 and 韩风) and glued to their office
 * (`大数据处符云春`). An office or organ (`规财处`, `省应急厅`, `科技处`) is never a name.
 *
 * A name starts with a common surname and is 2–3 characters (4 with a two-character surname);
 * the segmenter's dictionary then vetoes runs that are ordinary words (`时间`, `高新科`): a person's
 * name is either unknown to it (HMM-found, tag `x`) or tagged as a name (`nr`).
 */
import { loadLexicon } from './segmenter.js';
import { isOrganName } from '../structure/organs.js';
import { simplify } from './traditional.js';

/**
 * Common single-character surnames (about 380, covering nearly all of the population). Characters
 * that are far more often function words than surnames in a notice (但, 由, 都, 那, 来 …) are left out.
 */
const SURNAMES = new Set(
  [...(
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储栗燕楚鄢劳谌奚皮粟冼蔺楼满闻厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰卿国狄平索晋相云容敬扈晁芮浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况宿鲜逯隆茹诸慕玉银亢嵇哈湛宾戎勾茅於呼揭尉冶斯束檀昝奉植衡尧宦萧赖洪畅'
  )],
);
const COMPOUND_SURNAMES = /^(?:欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|轩辕|令狐|钟离|端木|独孤|南宫|西门|百里|呼延|申屠|赫连|澹台|濮阳|太史|闻人|万俟)/;

/** Titles printed after a name; `马斌老师` is labelled 马斌, a bare surname keeps its title (`桂老师`). */
const HONORIFIC = /(?:老师|同志|先生|女士|主任|处长|科长|部长|局长|经理|教授|博士|书记|院长|工|总)$/;


/** Segmenter tags that a person's name may carry: unknown to the dictionary or a name. */
const NAME_TAGS = new Set(['x', 'nr', 'nrfg', 'nrt']);

const HAN = /^[\u4e00-\u9fa5]+$/;

export function isSurname(s: string): boolean {
  const t = simplify(s);
  return (t.length === 1 && SURNAMES.has(t)) || (t.length === 2 && COMPOUND_SURNAMES.test(t));
}

/**
 * Surname + 1–2 given characters, and not an ordinary word of the dictionary. `labelled`: the run
 * stands alone after a 联系人 label, where a word the dictionary knows only as a place (沈阳, 于洋,
 * 罗兰) is a person, and so is a name that happens to end like an office (`王明科`: 王明|科).
 * Surnames, titles and office endings are matched in simplified form (`楊開松`, `黃 健`); the
 * dictionary is asked about the characters as printed, since it knows few traditional words.
 */
export function isFullName(s: string, labelled = false): boolean {
  if (!HAN.test(s)) return false;
  const t = simplify(s);
  const compound = COMPOUND_SURNAMES.test(t);
  const given = s.length - (compound ? 2 : 1);
  if (given < 1 || given > 2 || (!compound && !SURNAMES.has(t[0] as string))) return false;
  // An office or organ (`规财处`, `高新科`) is never a person: one recogniser, structure/organs.
  if (s.length >= 3 && isOrganName(t)) return labelled && s.length === 3 && !compound && nameBeforeOfficeEnding(s);
  // The dictionary knows 欧阳 as a place: a two-character surname is its own first word.
  if (compound) return route(s)[0]?.word.length !== s.length;
  if (labelled) {
    const words = route(s);
    if (words.length === 1 && words[0]?.tag === 'ns') return true;
  }
  return !isDictionaryWord(s);
}

/**
 * `王明科` is 王明|科 to the dictionary (a name, then 科), `刘建处` is one unknown word; an office
 * reads as a word and its ending (`高新|科`, `国资|处`), or is itself a known word (`党政办`, `卫生科`).
 */
function nameBeforeOfficeEnding(s: string): boolean {
  const words = route(s);
  const first = words[0];
  if (!first) return false;
  if (words.length === 1) return first.tag === 'x';
  return first.word.length === 2 && (first.tag === 'nr' || first.tag === 'x');
}

/** The dictionary's reading of a short run: its words with their tags (no segmenter load, see extract/segmenter). */
function route(s: string): Array<{ word: string; tag: string }> {
  return loadLexicon().route(s);
}

/** The first character swallowed into a longer dictionary word that is not a name (`高新|科`, `时间`, `施工`, `老师`). */
function isDictionaryWord(s: string): boolean {
  const first = route(s)[0];
  return !!first && first.word.length >= 2 && !NAME_TAGS.has(first.tag);
}

/**
 * The name as it is labelled, or null: `马斌老师` → 马斌, `桂老师` / `张工` / `小詹` stay as printed
 * (a bare surname with a title is how the notice names that person).
 */
export function personName(raw: string, labelled = false): string | null {
  const s = raw.replace(/\s+/g, '');
  // `联系人:梅    8221785`: a surname alone after the label is how that notice names the person.
  if (labelled && s.length === 1 && isSurname(s)) return s;
  if (!HAN.test(s) || s.length < 2 || s.length > 6) return null;
  // `李杨收` under a mailing address is the addressee 李杨.
  if (s.length >= 3 && s.endsWith('收') && isFullName(s.slice(0, -1))) return s.slice(0, -1);
  const h = HONORIFIC.exec(simplify(s));
  if (h && h.index > 0) {
    const base = s.slice(0, h.index);
    if (isSurname(base)) return isDictionaryWord(s) ? null : s;
    if (isFullName(base)) return base;
  }
  if (/^[小老]/.test(s) && isSurname(s.slice(1))) return isDictionaryWord(s) ? null : s;
  return isFullName(s, labelled) ? s : null;
}

/**
 * Splits a run of characters holding one or more names and nothing else (`张莉韩风`, `周莹熊雯娟`)
 * into names. `breaks` are the offsets where the page printed a blank: among the ways to cut the run
 * into names, the one that cuts most often at a blank wins (`周 莹 熊雯娟`), then the one with fewer
 * names. Null when the run cannot be cut into names.
 */
export function splitNameRun(run: string, breaks: ReadonlySet<number> = new Set()): Array<{ name: string; at: number }> | null {
  const n = run.length;
  if (n === 0 || n > 16) return null;
  // best[i]: best split of run.slice(i); score favours cuts at blanks, then fewer pieces.
  const best: Array<{ score: number; pieces: Array<{ name: string; at: number }> } | null> = new Array(n + 1).fill(null);
  best[n] = { score: 0, pieces: [] };
  for (let i = n - 1; i >= 0; i--) {
    for (let len = 2; len <= 5 && i + len <= n; len++) {
      const rest = best[i + len];
      if (!rest) continue;
      const name = personName(run.slice(i, i + len));
      if (!name) continue;
      const score = rest.score + (i + len < n && breaks.has(i + len) ? 10 : 0) - 1;
      const cur = best[i];
      if (!cur || score > cur.score) best[i] = { score, pieces: [{ name, at: i }, ...rest.pieces] };
    }
  }
  return best[0]?.pieces ?? null;
}
