/** The record's values as a flat list the panel shows: each with its path, label, text and evidence. */
import { LEVELS, type Evidence, type NoticeRecord, type ValuePath } from './api.js';

export type Kind = 'text' | 'date' | 'time' | 'list';

export interface Value {
  path: ValuePath;
  label: string;
  shown: string;
  raw: unknown;
  kind: Kind;
  evidence: Evidence | null;
  /** the list item this value belongs to (deleting removes the item) */
  item?: ValuePath;
}

export interface Group {
  title: string;
  /** list path items are added to and deleted from */
  list?: ValuePath;
  items: Array<{ path: ValuePath | null; evidence: Evidence | null; values: Value[] }>;
}

const shown = (v: unknown): string => (v === null || v === undefined ? '—' : Array.isArray(v) ? v.join('、') || '—' : String(v));

/** The first place the text says `value` (for values stored without evidence: title, 文号, issuers…). */
export function findEvidence(text: string, value: unknown): Evidence | null {
  const needle = Array.isArray(value) ? value[0] : value;
  if (typeof needle !== 'string' || needle.length < 2) return null;
  const at = text.indexOf(needle);
  return at < 0 ? null : { start: at, end: at + needle.length, page: null, quote: needle };
}

const scalar = (r: NoticeRecord, key: keyof NoticeRecord, label: string, kind: Kind = 'text'): Value => ({
  path: [key],
  label,
  shown: shown(r[key]),
  raw: r[key],
  kind,
  evidence: findEvidence(r.text, r[key]),
});

function field(base: ValuePath, o: Record<string, unknown>, key: string, label: string, evidence: Evidence | null, kind: Kind = 'text'): Value {
  return { path: [...base, key], label, shown: shown(o[key]), raw: o[key], kind, evidence, item: base };
}

export function groupsOf(r: NoticeRecord): Group[] {
  const listGroup = <T extends { evidence: Evidence }>(title: string, key: keyof NoticeRecord, items: T[], fields: Array<[string, string, Kind?]>): Group => ({
    title,
    list: [key],
    items: items.map((it, i) => ({
      path: [key, i],
      evidence: it.evidence,
      values: fields.map(([k, label, kind]) => field([key, i], it as unknown as Record<string, unknown>, k, label, it.evidence, kind ?? (Array.isArray((it as unknown as Record<string, unknown>)[k]) ? 'list' : 'text'))),
    })),
  });
  return [
    {
      title: '基本信息',
      items: [
        {
          path: null,
          evidence: null,
          values: [
            scalar(r, 'title', '标题'),
            scalar(r, 'docNumber', '文号'),
            { ...scalar(r, 'issuers', '发文机关'), kind: 'list' },
            { ...scalar(r, 'recipients', '主送机关'), kind: 'list' },
            scalar(r, 'signedDate', '成文日期', 'date'),
            scalar(r, 'printedDate', '印发日期', 'date'),
            { ...scalar(r, 'level', '级别'), shown: r.level ? (LEVELS[r.level] ?? r.level) : '—' },
            scalar(r, 'region', '地区'),
            { ...scalar(r, 'themes', '主题'), kind: 'list' },
            scalar(r, 'urgency', '紧急程度'),
            scalar(r, 'secrecy', '密级'),
          ],
        },
      ],
    },
    listGroup('截止事项', 'deadlines', r.deadlines, [
      ['date', '日期', 'date'],
      ['time', '时间', 'time'],
      ['what', '事项'],
      ['to', '报送至'],
    ]),
    listGroup('活动期间', 'eventPeriods', r.eventPeriods, [
      ['start', '开始', 'date'],
      ['end', '结束', 'date'],
      ['text', '原文'],
    ]),
    listGroup('活动', 'events', r.events, [
      ['date', '日期', 'date'],
      ['time', '时间', 'time'],
      ['what', '事项'],
      ['place', '地点'],
    ]),
    listGroup('联系人', 'contacts', r.contacts, [
      ['name', '姓名'],
      ['org', '单位'],
      ['phones', '电话', 'list'],
      ['faxes', '传真', 'list'],
      ['emails', '邮箱', 'list'],
      ['address', '地址'],
    ]),
    listGroup('引用文件', 'references', r.references, [
      ['title', '标题'],
      ['docNumber', '文号'],
    ]),
    listGroup('附件', 'attachments', r.attachments, [
      ['label', '标签'],
      ['title', '标题'],
    ]),
  ];
}

export const samePath = (a: ValuePath, b: ValuePath): boolean => a.length === b.length && a.every((s, i) => s === b[i]);
export const startsWith = (path: ValuePath, prefix: ValuePath): boolean => prefix.length <= path.length && prefix.every((s, i) => s === path[i]);

/** Parses what was typed for a value of `kind` (empty: null; lists: separated by 、，, or ;). */
export function parseInput(kind: Kind, text: string): unknown {
  const t = text.trim();
  if (kind === 'list') return t ? t.split(/[、，,；;]\s*/).map((s) => s.trim()).filter(Boolean) : [];
  return t === '' ? null : t;
}
