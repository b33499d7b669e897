/** Calls to the staff API with the key the administrator typed in (kept for the browser session only). */
import type { NoticeRecord } from '../src/record/schema.js';
import type { Overrides, Disagreement, ValuePath } from '../src/record/overrides.js';
import type { NoticeSummary } from '../src/store/types.js';

export type { NoticeRecord, Overrides, Disagreement, ValuePath };
export type Evidence = NoticeRecord['deadlines'][number]['evidence'];

const KEY = 'tongzhi-api-key';
export const getKey = (): string | null => sessionStorage.getItem(KEY);
export const setKey = (k: string | null): void => (k ? sessionStorage.setItem(KEY, k) : sessionStorage.removeItem(KEY));

export class Unauthorized extends Error {}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => undefined;
export const whenUnauthorized = (f: () => void): void => {
  onUnauthorized = f;
};

export async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const key = getKey();
  if (key) headers.set('Authorization', `Bearer ${key}`);
  const r = await fetch(path, { ...init, headers });
  if (r.status === 401) {
    setKey(null);
    onUnauthorized();
    throw new Unauthorized('需要有效的 API 密钥');
  }
  if (!r.ok) {
    const body = (await r.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiFailure(r.status, body?.error?.message ?? `${r.status} ${r.statusText}`);
  }
  return r;
}

export const getJson = async <T>(path: string): Promise<T> => (await (await call(path)).json()) as T;
export const postJson = async <T>(path: string, body: unknown): Promise<T> =>
  (await (await call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json()) as T;

/** Saves what `path` answers as a file (links cannot carry the key). */
export async function download(path: string, name: string): Promise<void> {
  const blob = await (await call(path)).blob();
  saveBlob(blob, name);
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What the index keeps of a notice (the items of /notices and /admin/api/search). */
export type Summary = NoticeSummary;

export interface Snippet {
  text: string;
  marks: Array<[number, number]>;
}

export interface SearchPage {
  total: number;
  /** false when a search matched more than it counts (total is then a lower bound) */
  totalExact: boolean;
  page: number;
  pageSize: number;
  query: string;
  items: Array<Summary & { score: number | null; snippets: Snippet[] }>;
}

export interface Failure {
  file: string;
  id: string | null;
  code: string;
  stage: string;
  message: string;
  at: string;
  attempts: number;
}

export interface Overview {
  counts: { inbox: number; records: number; done: number; duplicates: number; failed: number; unreadable: number };
  queue: { waiting: number; active: number; delayed: number; completed: number; failed: number } | null;
  failures: Failure[];
  deadlines: Array<{ id: string; title: string | null; docNumber: string | null; date: string; time: string | null; what: string }>;
  from: string;
  until: string;
  documents: number;
}

export const LEVELS: Record<string, string> = { national: '国家级', provincial: '省级', municipal: '市级', district: '区县级', institution: '单位' };
