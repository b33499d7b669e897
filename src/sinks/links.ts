/**
 * @module sinks/links
 * A form that arrived alone (a record of kind form: `附件2 xxx汇总表.xlsx` without its notice)
 * and the notice that names it are linked whichever arrives first: the notice's attachment entry
 * gets `record` = the form record's id, the form record gets `notice` = {id, label}. The stored
 * record files (out/records) are the source of truth: linking reads them and rewrites the two
 * records it links, atomically. Called by the one process that publishes, after a record is stored.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { attachmentNumber, SAME_TITLE, titleLikeness } from '../bundle/match.js';
import type { Attachment, NoticeRecord } from '../record/schema.js';
import { writeFileAtomic } from './atomic.js';
import { readRegularFile } from '../store/regular-file.js';

const RECORD_FILE = /^[0-9a-f]{16}\.json$/;

/** A notice's entry still waiting for its form: named (附件说明, body) but printed nowhere it was read. */
const waiting = (a: Attachment): boolean => a.form === null && (a.file ?? null) === null && (a.record ?? null) === null;

const numberIn = (label: string | null): number | null => {
  const m = /(\d{1,2})$/.exec(label ?? '');
  return m?.[1] ? Number(m[1]) : null;
};

/** The form record's number (its file name, its 附件N line) and title. */
function formIdentity(form: NoticeRecord): { number: number | null; titles: string[] } {
  const own = form.attachments.find((a) => a.form);
  const firstLines = form.text.split('\n').slice(0, 3);
  const number = attachmentNumber(form.source.fileName, firstLines) ?? numberIn(own?.label ?? null);
  return { number, titles: [own?.title, form.title].filter((t): t is string => !!t) };
}

/**
 * The entry of `notice` that `form` fills: the titles must be alike (a number alone is no proof:
 * every notice has an 附件1), and a number both carry must agree.
 */
export function entryFor(notice: NoticeRecord, form: NoticeRecord): number {
  const { number, titles } = formIdentity(form);
  let best = -1;
  let bestScore = 0;
  notice.attachments.forEach((a, i) => {
    if (!waiting(a) || !a.title) return;
    const n = numberIn(a.label);
    if (number !== null && n !== null && n !== number) return;
    const score = Math.max(0, ...titles.map((t) => titleLikeness(t, a.title ?? '')));
    if (score >= SAME_TITLE && score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/** The stored record in file `name`, or null when it is not one. */
async function readStored(dir: string, name: string): Promise<NoticeRecord | null> {
  if (!RECORD_FILE.test(name)) return null;
  try {
    return JSON.parse((await readRegularFile(join(dir, name))).text) as NoticeRecord;
  } catch {
    // not a record file (a link, a half-copied file): the store reports those; nothing to link
    return null;
  }
}

/**
 * Stored records a newly stored one may link with: the most recently written LINK_WINDOW of them.
 * A form sent alone and its notice arrive near each other; reading every record instead was the
 * whole store in memory for each notice still waiting for a form (some 3 GB at 100,000 notices).
 */
export const LINK_WINDOW = 2000;
const STAT_CHUNK = 64;

/** The newest LINK_WINDOW record files but `except`, newest first, read one at a time. */
async function* recentStored(dir: string, except: string): AsyncGenerator<NoticeRecord> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => RECORD_FILE.test(n) && n !== except);
  // stat in chunks: one burst of 100,000 lstat calls would queue every other file operation of
  // this process (the service's) behind it in libuv's four threads
  const dated: Array<{ n: string; t: number }> = [];
  for (let i = 0; i < names.length; i += STAT_CHUNK) {
    const chunk = await Promise.all(names.slice(i, i + STAT_CHUNK).map((n) => lstat(join(dir, n)).then((s) => ({ n, t: s.mtimeMs }), () => null)));
    for (const d of chunk) if (d) dated.push(d);
  }
  const recent = dated.sort((a, b) => b.t - a.t || a.n.localeCompare(b.n)).slice(0, LINK_WINDOW);
  for (const { n } of recent) {
    const r = await readStored(dir, n);
    if (r) yield r;
  }
}

const save = (dir: string, r: NoticeRecord): Promise<void> => writeFileAtomic(join(dir, `${r.id}.json`), `${JSON.stringify(r, null, 2)}\n`);

/** Links the form and the notice entry; false when either is taken already. */
function link(notice: NoticeRecord, form: NoticeRecord, at: number): boolean {
  const entry = notice.attachments[at];
  if (!entry || form.notice) return false;
  notice.attachments[at] = { ...entry, record: form.id };
  form.notice = { id: notice.id, label: entry.label };
  return true;
}

/**
 * Links the record just stored (`id` in `recordsDir`) with the stored records it belongs with.
 * Returns the ids of the records rewritten (the stored one included), to publish again.
 */
export async function linkStored(recordsDir: string, id: string): Promise<string[]> {
  // Most records need no scan of the store: a notice whose forms are all printed or attached, a form already linked.
  const self = await readStored(recordsDir, `${id}.json`);
  if (!self || (self.kind === 'form' ? self.notice !== null : !self.attachments.some(waiting))) return [];
  const changed = new Set<NoticeRecord>();
  const kind = self.kind ?? 'notice';
  const others = recentStored(recordsDir, `${id}.json`);
  if (kind === 'form' && !self.notice) {
    for await (const notice of others) {
      if ((notice.kind ?? 'notice') !== 'notice') continue;
      const at = entryFor(notice, self);
      if (at >= 0 && link(notice, self, at)) {
        changed.add(notice).add(self);
        break;
      }
    }
  } else if (kind === 'notice') {
    for await (const form of others) {
      if (form.kind !== 'form' || form.notice) continue;
      const at = entryFor(self, form);
      if (at >= 0 && link(self, form, at)) changed.add(self).add(form);
    }
  }
  for (const r of changed) await save(recordsDir, r);
  return [...changed].map((r) => r.id);
}
