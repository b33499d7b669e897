/**
 * @module extract/contacts
 * Contact blocks (联系人 / 联系电话 / 传真 / 邮箱 / 地址 / 邮编, one block per organisation) and
 * any phone or email printed elsewhere, so that every number and address belongs to a contact.
 */
import type { Doc } from '../document.js';
import type { Contact } from '../record/schema.js';
import { evidence } from './context.js';

type Field = 'name' | 'phone' | 'fax' | 'email' | 'address' | 'postcode';

const LABELS: ReadonlyArray<{ field: Field; re: string }> = [
  { field: 'name', re: '联\\s*系\\s*人(?:\\s*及\\s*电\\s*话)?|联\\s*系\\s*方\\s*式' },
  { field: 'fax', re: '传\\s*真(?:\\s*号\\s*码)?' },
  { field: 'phone', re: '(?:联\\s*系|咨\\s*询|办\\s*公|值\\s*班|报\\s*名)?\\s*电\\s*话(?:\\s*号\\s*码)?|手\\s*机|座\\s*机|固\\s*话' },
  { field: 'email', re: '(?:电\\s*子\\s*)?邮\\s*箱|电\\s*子\\s*邮\\s*件|[Ee]\\s*-?\\s*mail|邮\\s*件\\s*地\\s*址' },
  { field: 'postcode', re: '邮\\s*编|邮\\s*政\\s*编\\s*码' },
  { field: 'address', re: '(?:邮\\s*寄|通\\s*讯|通\\s*信|联\\s*系|办\\s*公)?\\s*地\\s*址' },
];
const LABEL_RE = new RegExp(`(${LABELS.map((l) => `(?:${l.re})`).join('|')})\\s*[：:]`, 'g');

export const EMAIL_RE = /[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const MOBILE = '1[3-9]\\d{9}';
const AREA = '(?:[(（]\\s*0\\d{2,3}\\s*[)）]\\s*|0\\d{2,3}\\s*[-－—]\\s*)';
const EXT = '(?:\\s*[-－转]\\s*\\d{1,5})?';
/** After an area code any 7–8 digits; alone, a local number never starts with 0 or 1. */
const WITH_AREA = `${AREA}\\d{7,8}${EXT}`;
const LOCAL = `[2-9]\\d{6,7}${EXT}`;
/** Inside a labelled value any 7–8 digit number is a phone; elsewhere it needs an area code or be a mobile. */
const PHONE_IN_VALUE = new RegExp(`(?<![\\d])(?:${MOBILE}|${WITH_AREA}|${LOCAL})(?![\\d])`, 'g');
const PHONE_ANYWHERE = new RegExp(`(?<![\\d-])(?:${MOBILE}|${WITH_AREA})(?![\\d])`, 'g');

export interface Span {
  text: string;
  start: number;
  end: number;
}

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

/** `(010) 68574158` → `010-68574158`; a bare number after `010-…、` takes that area code. */
export function normalizePhone(raw: string, areaCode: string | null): string {
  // Read the area code before blanks go: `010 58881428` is 010 + 58881428, not 0105 + 8881428.
  const n = raw.normalize('NFKC').trim();
  const m = /^[(（]?\s*(0\d{2,3})\s*[)）]?\s*[-－—\s]?\s*(\d{7,8}.*)$/.exec(n);
  if (m?.[1] && m[2]) return `${m[1]}-${m[2].replace(/\s+/g, '')}`;
  const t = n.replace(/\s+/g, '');
  if (/^1[3-9]\d{9}$/.test(t) || !areaCode) return t;
  return `${areaCode}-${t}`;
}

const areaOf = (phone: string): string | null => /^(0\d{2,3})-/.exec(phone)?.[1] ?? null;

/** Splits a 联系人 value into names: `杨启明、王菲菲`, `兰雪滢 孟令耘`, `张工（13800000000）`. */
export function splitNames(value: string, at: number): Span[] {
  const out: Span[] = [];
  for (const m of value.matchAll(/[^、，,；;\s/和及]+/g)) {
    const bare = m[0].replace(/[（(][^）)]*[）)]?/g, '');
    // 王同志 stays whole: stripping the honorific would leave a bare surname.
    const raw = bare.length > 3 ? bare.replace(/(?:同志|先生|女士)$/, '') : bare;
    if (!/^[\u4e00-\u9fa5·]{2,6}$|^[A-Za-z][A-Za-z .]{1,30}$/.test(raw)) continue;
    out.push({ text: raw, start: at + m.index, end: at + m.index + raw.length });
  }
  return out;
}

function findAll(re: RegExp, text: string, at: number): Span[] {
  return [...text.matchAll(re)].map((m) => ({ text: m[0], start: at + m.index, end: at + m.index + m[0].length }));
}

/** Label → value pairs of one paragraph; the value runs to the next label or the sentence end. */
function labelled(text: string): Array<{ field: Field; value: string; at: number }> {
  const hits = [...text.matchAll(LABEL_RE)];
  return hits.map((h, i) => {
    const label = h[1] ?? '';
    const field = LABELS.find((l) => new RegExp(`^(?:${l.re})$`).test(label))?.field ?? 'phone';
    const at = h.index + h[0].length;
    const next = hits[i + 1]?.index ?? text.length;
    let value = text.slice(at, next);
    const stop = value.search(/[。；;]|，(?=\S*[：:])/);
    if (stop >= 0) value = value.slice(0, stop);
    value = value.replace(/[，,、\s]+$/, '');
    return { field, value, at };
  });
}

const emptyBlock = (start: number, org: string | null): Block => ({
  org, names: [], phones: [], faxes: [], emails: [], address: null, postcode: null, start, end: start,
});

/**
 * Reads contact blocks paragraph by paragraph: a 联系人 line opens a block (with the
 * organisation named on the line before, if any), later labelled lines add to it.
 */
export function extractContacts(doc: Doc): Contact[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  let gap = 0;
  let prevText = '';
  const paras = doc.blocks.filter((b) => b.kind === 'paragraph');
  for (const p of paras) {
    const pairs = labelled(p.text);
    if (pairs.length === 0) {
      if (current && ++gap > 2) current = null;
      prevText = p.text;
      continue;
    }
    gap = 0;
    for (const { field, value, at } of pairs) {
      const abs = p.start + at;
      if (field === 'name' || !current) {
        if (field !== 'name' || !current || current.names.length > 0 || current.phones.length > 0) {
          const org = isOrgLine(prevText) && pairs[0]?.field === 'name' ? prevText.trim() : null;
          current = emptyBlock(abs, org);
          blocks.push(current);
        }
      }
      addField(current, field, value, abs);
      current.end = Math.max(current.end, abs + value.length);
    }
    prevText = p.text;
  }
  const contacts = dropCovered(blocks.flatMap((b) => toContacts(b, doc)));
  return [...contacts, ...strayContacts(doc, contacts)];
}

/** A nameless contact whose numbers and addresses another contact already holds adds nothing. */
function dropCovered(contacts: Contact[]): Contact[] {
  const out: Contact[] = [];
  for (const c of contacts) {
    const values = [...c.emails.map((e) => e.toLowerCase()), ...[...c.phones, ...c.faxes].map(digitsKey)];
    const known = new Set(out.flatMap((o) => [...o.emails.map((e) => e.toLowerCase()), ...[...o.phones, ...o.faxes].map(digitsKey)]));
    if (c.name === null && !c.address && values.every((v) => known.has(v))) continue;
    out.push(c);
  }
  return out;
}

const isOrgLine = (t: string): boolean => {
  const s = t.trim();
  return s.length >= 3 && s.length <= 30 && !/[，。：:；、]/.test(s) && /(?:部|委|局|厅|办|院|会|协|处|科|室|司|中心|公司)$/.test(s);
};

function addField(b: Block, field: Field, value: string, at: number): void {
  switch (field) {
    case 'name': {
      // `联系人：张三（010-12345678）` carries numbers too.
      b.names.push(...splitNames(value.replace(/\d[\d\s()（）-]*/g, (m) => ' '.repeat(m.length)), at));
      b.phones.push(...findAll(PHONE_IN_VALUE, value, at));
      b.emails.push(...findAll(EMAIL_RE, value, at));
      break;
    }
    case 'phone':
      b.phones.push(...findAll(PHONE_IN_VALUE, value, at));
      b.emails.push(...findAll(EMAIL_RE, value, at));
      break;
    case 'fax':
      b.faxes.push(...findAll(PHONE_IN_VALUE, value, at));
      break;
    case 'email':
      b.emails.push(...findAll(EMAIL_RE, value, at));
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

function phoneList(spans: Span[]): string[] {
  let area: string | null = null;
  return spans.map((s) => {
    const p = normalizePhone(s.text, area);
    area = areaOf(p) ?? area;
    return p;
  });
}

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
    const emails = findAll(EMAIL_RE, text, b.start).filter((e) => !seen.has(e.text.toLowerCase()));
    const phones = findAll(PHONE_ANYWHERE, text, b.start).filter((p) => !seen.has(digitsKey(normalizePhone(p.text, null))));
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

const digitsKey = (p: string): string => {
  const d = p.replace(/\D/g, '');
  return d.length === 11 && d.startsWith('1') ? d : d.slice(-8);
};
