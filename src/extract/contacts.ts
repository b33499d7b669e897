/**
 * @module extract/contacts
 * Contact blocks (联系人 / 联系电话 / 传真 / 邮箱 / 地址 / 邮编, one block per organisation) and
 * any phone or email printed elsewhere, so that every number and address belongs to a contact.
 */
import type { Doc } from '../document.js';
import type { Contact } from '../record/schema.js';
import { evidence } from './context.js';
import { personName, splitNameRun } from './person-names.js';
import { simplify } from './traditional.js';
import { mergeSameName, dropCovered } from './contact-merge.js';
import { isOffice, namedRecipients } from './named-recipients.js';
import { numericDate } from '../structure/tail.js';
import { digitsKey, EMAIL_RE, findAll, findEmails, findPhonesAnywhere, foldWidth, normalizePhone, PHONE_IN_VALUE, SHORT_ALONE, SHORT_BRACKETED, SHORT_NUMBER, type Span } from './phone-numbers.js';

type Field = 'name' | 'phone' | 'fax' | 'email' | 'address' | 'postcode';

const LABELS: ReadonlyArray<{ field: Field; re: string }> = [
  // A group heading such as 业务咨询 / 技术支持 is followed by that group's people and numbers.
  { field: 'name', re: '联\\s*系\\s*人(?:\\s*及\\s*(?:联\\s*系\\s*)?(?:电\\s*话|方\\s*式))?|联\\s*系\\s*方\\s*式|(?:业\\s*务|技\\s*术|政\\s*策|系\\s*统|平\\s*台|申\\s*报|报\\s*名|综\\s*合)\\s*(?:咨\\s*询|支\\s*持)' },
  { field: 'fax', re: '传\\s*真(?:\\s*号\\s*码)?' },
  { field: 'phone', re: '(?:联\\s*系|咨\\s*询|办\\s*公|值\\s*班|报\\s*名|投\\s*诉|监\\s*督|举\\s*报)?\\s*电\\s*话(?:\\s*号\\s*码)?|手\\s*机|座\\s*机|固\\s*话' },
  { field: 'email', re: '(?:电\\s*子\\s*)?[邮信]\\s*箱|电\\s*子\\s*邮\\s*件|[Ee]\\s*[-_]?\\s*mail|邮\\s*件\\s*地\\s*址' },
  { field: 'postcode', re: '邮\\s*编|邮\\s*政\\s*编\\s*码' },
  { field: 'address', re: '(?:邮\\s*寄|通\\s*讯|通\\s*信|联\\s*系|办\\s*公)?\\s*地\\s*址' },
];
const NUMBER_LABELS = LABELS.filter((l) => l.field === 'phone' || l.field === 'fax').map((l) => `(?:${l.re})`).join('|');
/**
 * A label ends at its colon or a 为 (`联系电话为01059198628`); a phone or fax label may run straight
 * into its number (`投诉电话(0931-8817160`), a 联系人 label into the name (`联系人张园,`), which
 * labelled() keeps only when a name follows.
 */
const LABEL_RE = new RegExp(
  `(?:(${LABELS.map((l) => `(?:${l.re})`).join('|')})\\s*(?:[：:]|为(?=\\s*[^\\s，,。；;：:]))|(${NUMBER_LABELS})\\s*(?=[(（]?\\s*[0-9０-９])|(联\\s*系\\s*人)(?=[\\u4e00-\\u9fa5]{1,4}(?:[，,；;。、\\s(（]|$)))`,
  'g',
);

/** PDF text may put a blank on either side of the @ (`55951832 ＠163.com`); cleanEmail takes it out. */
interface Block {
  org: string | null;
  names: Span[];
  phones: Span[];
  faxes: Span[];
  emails: Span[];
  address: Span | null;
  postcode: Span | null;
  start: number;
  end: number;
}

/** What a run of names, offices and other words printed in a contact line holds. */
interface NameParse {
  names: Span[];
  organs: string[];
  /** Tokens that are neither a name nor an office. */
  rest: string[];
}

/** Separators between names; `和`/`及` only split when the whole chunk is not itself a name (王和平). */
const NAME_SEP = /[、，,；;／/：:（）()【】[\]<>《》]+/;
/** As printed or with its traditional suffix folded (`經濟發展局`, `科學技術處`). */

/** A request printed before the office: `请联系政教处王老师` names the office 政教处. */
const REQUEST_LEAD = /^(?:请|可|或)?(?:与|向|联系|咨询|致电)+/;
const LATIN_NAME = /^[A-Z][a-z]+$/;

/**
 * Splits a token that is an office with a name glued after it (`大数据处符云春`: the office 大数据处,
 * the person 符云春); null when it is neither. Offices are told by structure/organs, the one organ
 * recogniser, on the simplified characters (`市農業農村局農村合作經濟指導科`).
 */
function officeAndName(tok: string): { organ: string; name: string | null; nameAt: number } | null {
  if (tok.length >= 3 && isOffice(tok)) return { organ: tok, name: null, nameAt: -1 };
  const lead = REQUEST_LEAD.exec(simplify(tok))?.[0].length ?? 0;
  for (let cut = tok.length - 2; cut >= 2; cut--) {
    if (cut - lead < 2 || !isOffice(tok.slice(lead, cut))) continue;
    const name = personName(tok.slice(cut));
    if (name) return { organ: tok.slice(lead, cut), name, nameAt: cut };
  }
  return null;
}

/** Names (and offices) of one chunk between separators, letter-spaced or run together. */
function parseChunk(chunk: string, at: number, out: NameParse, labelled: boolean): void {
  const tokens = [...chunk.matchAll(/\S+/g)].map((m) => ({ text: m[0], at: at + m.index }));
  let pending: typeof tokens = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const run = pending;
    pending = [];
    const solo = run.map((t) => personName(t.text, labelled && tokens.length === 1));
    if (run.length > 1 && solo.every((n) => n !== null)) {
      run.forEach((t, i) => out.names.push({ text: solo[i] as string, start: t.at, end: t.at + t.text.length }));
      return;
    }
    // One name printed letter-spaced (`王 晟`) or several run together (`张 莉 韩 风`).
    const joined = run.map((t) => t.text).join('');
    const where: number[] = [];
    const breaks = new Set<number>();
    for (const t of run) {
      if (where.length > 0) breaks.add(where.length);
      for (let k = 0; k < t.text.length; k++) where.push(t.at + k);
    }
    const pieces = splitNameRun(joined, breaks);
    if (pieces) {
      pieces.forEach((p, i) => {
        const endIdx = (pieces[i + 1]?.at ?? joined.length) - 1;
        out.names.push({ text: p.name, start: where[p.at] as number, end: (where[endIdx] as number) + 1 });
      });
      return;
    }
    run.forEach((t, i) => {
      const n = solo[i];
      if (n) out.names.push({ text: n, start: t.at, end: t.at + t.text.length });
      else if (LATIN_NAME.test(t.text)) out.names.push({ text: t.text, start: t.at, end: t.at + t.text.length });
      else out.rest.push(t.text);
    });
  };
  for (const t of tokens) {
    const office = personName(t.text, labelled && tokens.length === 1) ? null : officeAndName(t.text);
    if (!office) {
      pending.push(t);
      continue;
    }
    flush();
    out.organs.push(office.organ);
    if (office.name) out.names.push({ text: office.name, start: t.at + office.nameAt, end: t.at + t.text.length });
  }
  flush();
}

/** Names, offices and leftovers of a contact value (numbers already blanked). */
export function parseNames(value: string, at: number, labelled = false): NameParse {
  const out: NameParse = { names: [], organs: [], rest: [] };
  let offset = 0;
  for (const part of value.split(NAME_SEP)) {
    const partAt = value.indexOf(part, offset);
    offset = partAt + part.length;
    if (!part.trim()) continue;
    if (/[和及]/.test(part) && !personName(part)) {
      let sub = 0;
      for (const piece of part.split(/[和及]/)) {
        const pieceAt = part.indexOf(piece, sub);
        sub = pieceAt + piece.length;
        parseChunk(piece, at + partAt + pieceAt, out, labelled);
      }
    } else parseChunk(part, at + partAt, out, labelled);
  }
  return out;
}

/** Splits a 联系人 value into names: `杨启明、王菲菲`, `兰雪滢 孟令耘`, `张 莉 韩 风`, `大数据处符云春`. */
export function splitNames(value: string, at: number): Span[] {
  return parseNames(value, at).names;
}

/** Numbers and addresses blanked to a separator, so names on either side stay apart. */
const blankNumbers = (value: string): string =>
  value
    .replace(new RegExp(EMAIL_RE.source, 'g'), (m) => `、${' '.repeat(m.length - 1)}`)
    .replace(/[0-9０-９][0-9０-９\s()（）\-－—–*＊]*/g, (m) => `、${' '.repeat(m.length - 1)}`);

/** Words a contact line may carry besides names and offices. */
const LINE_WORDS = /^(?:电话|手机|座机|传真|邮箱|联系|咨询|同志|老师)$/;
const isLineWord = (w: string): boolean => LINE_WORDS.test(simplify(w));

/** Names of a contact line, but only when every word of it is a name, an office or a label word. */
function strictNames(text: string, at: number): { names: Span[]; org: string | null } {
  const parsed = parseNames(blankNumbers(text), at);
  if (parsed.names.length === 0 || parsed.rest.some((r) => !isLineWord(r))) return { names: [], org: null };
  return { names: parsed.names, org: parsed.organs[0] ?? null };
}

/** Some converted copies print a reading after a character (`聯(lián)系人`); label matching reads past it. */
const PINYIN_NOTE = /(?<=[\u4e00-\u9fa5])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)/g;

interface Pair {
  field: Field;
  value: string;
  at: number;
  labelAt: number;
  /** What follows the value up to the next label: `电话:2210354,曾亚寿、杨国安(…),电话:2219456` names the next group. */
  tail: string;
  tailAt: number;
}

/**
 * Label → value pairs of one paragraph; the value runs to the next label or the sentence end.
 * Labels are matched on the simplified characters (`聯繫人`, `電話`), values read as printed.
 */
function labelled(text: string): Pair[] {
  const hits = [...simplify(text.replace(PINYIN_NOTE, (m) => ' '.repeat(m.length))).matchAll(LABEL_RE)].filter((h) => {
    if (h[3] === undefined) return true;
    // `联系人张园,`: a label with no colon counts only when a name follows it.
    const after = /^[\u4e00-\u9fa5]{1,4}/.exec(text.slice(h.index + h[0].length))?.[0] ?? '';
    return personName(after) !== null;
  });
  return hits.map((h, i) => {
    const label = h[1] ?? h[2] ?? h[3] ?? '';
    const field = LABELS.find((l) => new RegExp(`^(?:${l.re})$`).test(label))?.field ?? 'phone';
    const at = h.index + h[0].length;
    const next = hits[i + 1]?.index ?? text.length;
    let value = text.slice(at, next);
    let tail = '';
    const stop = value.search(/[。；;]|，(?=\S*[：:])|,(?=[^\s,]*[：:])/);
    if (stop >= 0) {
      tail = value.slice(stop);
      value = value.slice(0, stop);
    }
    value = value.replace(/[，,、\s]+$/, '');
    return { field, value, at, labelAt: h.index, tail, tailAt: at + stop };
  });
}

const emptyBlock = (start: number, org: string | null): Block => ({
  org, names: [], phones: [], faxes: [], emails: [], address: null, postcode: null, start, end: start,
});

/** A short heading that opens the contact part of a notice: `二、联系方式`, `联系人及联系方式`. */
const CONTACT_HEADING = /联\s*系\s*(?:方\s*式|人|电\s*话)|咨\s*询\s*(?:电\s*话|方\s*式)/;
const isContactHeading = (t: string): boolean =>
  t.trim().length <= 30 && CONTACT_HEADING.test(simplify(t)) && !/\d{5}/.test(foldWidth(t));
/** The next numbered part or the attachments end the contact part. */
const isHeading = (t: string): boolean => /^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|附\s*件)/.test(t);
/** Paragraphs after a contact heading read as contact lines (numbers without labels are phones there). */
const SECTION_SPAN = 12;

interface Line {
  names: Span[];
  org: string | null;
  phones: Span[];
  emails: Span[];
}

/**
 * An unlabelled line of people and numbers: `马斌老师：13282198979`, `科研院联系人:吴楠` followed by
 * `64253496`, `高新科5820679 农业科5820676`. Inside a contact block or section any such line counts;
 * elsewhere only when its words are all names or offices.
 */
function contactLine(text: string, at: number, inContext: boolean): Line | null {
  // `                          2013415`: a bare number that reads as a date (2013年4月15日) is one.
  if (text.length > 80 || numericDate(text) !== null) return null;
  const phones = findAll(PHONE_IN_VALUE, text, at);
  const emails = findEmails(text, at);
  if (phones.length + emails.length === 0) return null;
  const { names, org } = strictNames(text, at);
  if (!inContext && names.length === 0) return null;
  return { names, org, phones, emails };
}

/**
 * The people named before the first label of a line: `福州市教育局:詹友捷,电话:83363148` names
 * 詹友捷 of 福州市教育局. Only the last clause counts, and only when it is all names and offices.
 */
function headNames(head: string, at: number): { names: Span[]; org: string | null } {
  const trimmed = head.replace(/[\s，,、：:]+$/, '');
  let cut = Math.max(...['。', '；', ';', '！', '？', '，', ','].map((c) => trimmed.lastIndexOf(c))) + 1;
  // A web copy that ran the page into one paragraph keeps the heading inside it:
  // `三、聯系方式 經濟發展局:楊開松 86220122 郵箱:…` — the people follow the heading.
  const heading = INLINE_CONTACT_HEADING.exec(simplify(trimmed.slice(cut)));
  if (heading) cut += heading.index + heading[0].length;
  const clause = trimmed.slice(cut);
  if (!clause.trim() || clause.length > 40) return { names: [], org: null };
  return strictNames(clause, at + cut);
}

const INLINE_CONTACT_HEADING = /(?:[一二三四五六七八九十]+\s*[、.．]\s*)?(?:联\s*系\s*方\s*式|联\s*系\s*人|联\s*系\s*电\s*话)\s+/;

/**
 * People named after a value, before the next label (`电话:2210354,曾亚寿、杨国安(市中小企业服务中心),电话:2219456`):
 * the text after the value's last number or address, when it holds names and offices only.
 */
function namesAfterValue(pair: Pair, spans: Span[], start: number): { names: Span[]; org: string | null } {
  const valueAt = start + pair.at;
  const lastEnd = Math.max(valueAt, ...spans.filter((sp) => sp.start >= valueAt).map((sp) => sp.end));
  const restAt = lastEnd - start;
  const rest = (pair.value + pair.tail).slice(restAt - pair.at);
  if (!rest.trim() || rest.length > 40) return { names: [], org: null };
  return strictNames(rest, lastEnd);
}

/**
 * Reads contact blocks paragraph by paragraph: a 联系人 line opens a block (with the
 * organisation named on the line before, if any), later labelled lines add to it; so does a line
 * of names before a phone label (`科技部政策体改司 许佳军 刘育新` over `联系电话:…`) and a line
 * of names and numbers without labels.
 */
export function extractContacts(doc: Doc): Contact[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  let gap = 0;
  let section = 0;
  let prev: { text: string; start: number; plain: boolean } = { text: '', start: 0, plain: false };
  const open = (start: number, org: string | null, names: Span[]): Block => {
    const b = emptyBlock(start, org);
    b.names.push(...names);
    blocks.push(b);
    return b;
  };
  const paras = doc.blocks.filter((b) => b.kind === 'paragraph');
  for (const p of paras) {
    if (isContactHeading(p.text)) section = SECTION_SPAN;
    else if (section > 0 && (isHeading(p.text) || p.text.length > 120)) section = 0;
    else if (section > 0) section--;
    const pairs = labelled(p.text);
    if (pairs.length === 0) {
      const line = contactLine(p.text, p.start, current !== null || section > 0);
      if (line) {
        gap = 0;
        const first = [...line.names, ...line.phones, ...line.emails].reduce((a, b) => (b.start < a.start ? b : a));
        if (line.names.length > 0 || !current) current = open(first.start, line.org, line.names);
        current.phones.push(...line.phones);
        current.emails.push(...line.emails);
        current.end = Math.max(current.end, ...[...line.phones, ...line.emails].map((s) => s.end));
      } else if (current && ++gap > 2) current = null;
      prev = { text: p.text, start: p.start, plain: !line };
      continue;
    }
    gap = 0;
    const lead = pairs[0] as (typeof pairs)[number];
    if (lead.field !== 'name') {
      const head = p.text.slice(0, lead.labelAt);
      let found = headNames(head, p.start);
      // A group's people are printed on the line over its phone (not over an email or address line).
      const numbers = lead.field === 'phone' || lead.field === 'fax';
      if (found.names.length === 0 && !head.trim() && numbers && prev.plain && prev.text.trim().length <= 40) {
        found = strictNames(prev.text, prev.start);
      }
      const firstName = found.names[0];
      if (firstName) current = open(firstName.start, found.org, found.names);
      // Inside a contact part the numbers before the first label are phones too (`社发科5820665市民中心窗口电话5858760`).
      if (current || section > 0) {
        const phones = findAll(PHONE_IN_VALUE, head, p.start);
        if (phones.length > 0) {
          current ??= open(p.start, null, []);
          current.phones.push(...phones);
        }
      }
    }
    pairs.forEach((pair, i) => {
      const { field, value, at } = pair;
      const abs = p.start + at;
      if (field === 'name' || !current) {
        if (field !== 'name' || !current || current.names.length > 0 || current.phones.length > 0) {
          const org = isOrgLine(prev.text) && pairs[0]?.field === 'name' ? prev.text.trim() : null;
          current = open(abs, org, []);
        }
      }
      addField(current, field, value, abs);
      current.end = Math.max(current.end, abs + value.length);
      const next = pairs[i + 1];
      if (field !== 'name' && next && next.field !== 'name') {
        const after = namesAfterValue(pair, [...current.phones, ...current.faxes, ...current.emails], p.start);
        const first = after.names[0];
        if (first) current = open(first.start, after.org, after.names);
      }
    });
    prev = { text: p.text, start: p.start, plain: false };
  }
  const recipients = paras.flatMap((p) => namedRecipients(p.text, p.start)).map((n) => toContacts({ ...emptyBlock(n.start, n.org), names: [n], end: n.end }, doc));
  const contacts = mergeSameName(dropCovered([...blocks.flatMap((b) => toContacts(b, doc)), ...recipients.flat()]));
  return [...contacts, ...strayContacts(doc, contacts)];
}


/** A line that is one organ's name (`科技部政策体改司`) heads the contact block under it. */
const isOrgLine = (t: string): boolean => {
  const s = t.trim();
  return s.length >= 3 && s.length <= 30 && isOffice(s);
};

function addField(b: Block, field: Field, value: string, at: number): void {
  switch (field) {
    case 'name': {
      // `联系人：张三（010-12345678）` carries numbers too.
      const parsed = parseNames(blankNumbers(value), at, true);
      b.names.push(...parsed.names);
      // `联系人：市科技局办公室 李主任`: the office printed with the name.
      b.org ??= parsed.organs[0] ?? null;
      b.phones.push(...findAll(PHONE_IN_VALUE, value, at));
      b.emails.push(...findEmails(value, at));
      break;
    }
    case 'phone': {
      // `65212722(传真)`: a number the phone line marks as the fax.
      for (const s of findAll(PHONE_IN_VALUE, value, at)) {
        (/^\s*[(（]\s*传\s*真\s*[)）]/.test(value.slice(s.end - at)) ? b.faxes : b.phones).push(s);
      }
      b.phones.push(...findAll(SHORT_NUMBER, value, at), ...findAll(SHORT_BRACKETED, value, at));
      const alone = SHORT_ALONE.exec(foldWidth(value));
      if (alone?.[1]) {
        const s = at + value.indexOf(alone[1]);
        b.phones.push({ text: alone[1], start: s, end: s + alone[1].length });
      }
      b.emails.push(...findEmails(value, at));
      break;
    }
    case 'fax':
      b.faxes.push(...findAll(PHONE_IN_VALUE, value, at));
      break;
    case 'email':
      b.emails.push(...findEmails(value, at));
      break;
    case 'postcode': {
      const m = /\d{6}/.exec(value);
      if (m) b.postcode = { text: m[0], start: at + m.index, end: at + m.index + 6 };
      break;
    }
    case 'address': {
      const pc = /[（(]\s*(\d{6})\s*[）)]\s*$/.exec(value);
      const addr = pc ? value.slice(0, pc.index).trim() : value.trim();
      if (addr) b.address = { text: addr, start: at, end: at + addr.length };
      if (pc?.[1]) {
        const s = at + pc.index + pc[0].indexOf(pc[1]);
        b.postcode = { text: pc[1], start: s, end: s + 6 };
      }
      break;
    }
  }
}

/** Phones as printed: `010-58881428、58881429` gives 58881429, not an area code the page did not print. */
const phoneList = (spans: Span[]): string[] => spans.map((s) => normalizePhone(s.text, null));

/** One contact per named person; numbers pair with names by position when the counts match. */
function toContacts(b: Block, doc: Doc): Contact[] {
  const phones = phoneList(b.phones);
  const faxes = phoneList(b.faxes);
  const emails = [...new Set(b.emails.map((e) => e.text))];
  const ev = evidence(doc, b.start, b.end);
  const base = { org: b.org, faxes, emails, address: b.address?.text ?? null, postcode: b.postcode?.text ?? null };
  if (b.names.length === 0) {
    if (phones.length + faxes.length + emails.length === 0 && !b.address) return [];
    return [{ name: null, phones, ...base, evidence: ev }];
  }
  const paired = b.names.length > 1 && phones.length === b.names.length;
  return b.names.map((n, i) => ({
    name: n.text,
    phones: paired ? [phones[i] as string] : phones,
    ...base,
    evidence: ev,
  }));
}

/** Phones and emails printed outside contact blocks (a 注 under a form, a sentence in the body). */
function strayContacts(doc: Doc, known: Contact[]): Contact[] {
  const seen = new Set(known.flatMap((c) => [...c.emails.map((e) => e.toLowerCase()), ...[...c.phones, ...c.faxes].map(digitsKey)]));
  const out: Contact[] = [];
  for (const b of doc.blocks) {
    const text = b.kind === 'paragraph' ? b.text : doc.text.slice(b.start, b.end);
    const emails = findEmails(text, b.start).filter((e) => !seen.has(e.text.toLowerCase()));
    const phones = findPhonesAnywhere(text, b.start).filter((p) => !seen.has(digitsKey(normalizePhone(p.text, null))));
    if (emails.length + phones.length === 0) continue;
    for (const e of emails) seen.add(e.text.toLowerCase());
    for (const p of phones) seen.add(digitsKey(normalizePhone(p.text, null)));
    const all = [...emails, ...phones].sort((x, y) => x.start - y.start);
    const first = all[0] as Span;
    const last = all[all.length - 1] as Span;
    out.push({
      name: null,
      org: null,
      phones: phoneList(phones),
      faxes: [],
      emails: [...new Set(emails.map((e) => e.text))],
      address: null,
      postcode: null,
      evidence: evidence(doc, first.start, last.end),
    });
  }
  return out;
}
