/**
 * @module store/grouping
 * What both drivers do the same way when a record is written or removed: its copy features, LSH
 * bands and graph edges (computed before the transaction), the groups after the change (from
 * copies.ts `regroup`) as a list of changes to apply, and the notice graph's rows made into the
 * links `/notices/:id` serves.
 */
import type { NoticeRecord } from '../record/schema.js';
import { bandsOf, copyFeatures, edgesOf, regroup, type CopyFeatures, type Edge, type Member } from './copies.js';
import type { LinkedRow, NoticeSummary, Relation } from './types.js';

/** The SQLite user_version (and PostgreSQL meta `schema`) from which stores group copies. */
export const GROUP_SCHEMA_VERSION = 2;

export interface Prepared {
  features: CopyFeatures;
  bands: string[];
  edges: Edge[];
}

export function prepared(r: NoticeRecord): Prepared {
  const features = copyFeatures(r);
  return { features, bands: bandsOf(features.minhash), edges: edgesOf(r) };
}

/** A record's group before and after a change (`from` null: the record is new). */
export interface Change {
  id: string;
  from: string | null;
  to: string;
}

export type Placed = Member & { groupId: string | null };

/** Features that match nothing: a row stored before copies were grouped (until the store is rebuilt). */
const UNKNOWN: CopyFeatures = { kind: 'notice', docKey: null, titleKey: null, matchKey: null, signedDate: null, private: false, minhash: [], citesDocs: [], citesTitles: [] };

/** A stored row as grouping sees it; its features are JSON in SQLite, jsonb in PostgreSQL. */
export function memberOf(row: { id: string; features: string | CopyFeatures | null; body: string; published_at: string; group_id: string }): Member & { groupId: string } {
  const features = row.features === null ? UNKNOWN : typeof row.features === 'string' ? (JSON.parse(row.features) as CopyFeatures) : row.features;
  return { id: row.id, features, text: row.body, publishedAt: row.published_at, groupId: row.group_id };
}

const changes = (members: readonly Placed[], always: string | null): Change[] => {
  const plan = regroup(members);
  return members.map((m) => ({ id: m.id, from: m.groupId, to: plan.get(m.id) ?? m.id })).filter((c) => c.id === always || c.from !== c.to);
};

/**
 * The groups after `self` was written, given the other records of the groups it may join (its
 * candidates') and of the group it was in. `self` is always among the changes (its index row is
 * written again).
 */
export function placed(self: Placed, others: readonly Placed[]): Change[] {
  if (others.length === 0) return [{ id: self.id, from: self.groupId, to: self.id }];
  return changes([self, ...others], self.id);
}

/** The groups of the records left in a group after one of them was removed. */
export const removed = (left: readonly Placed[]): Change[] => (left.length ? changes(left, null) : []);

type Due = NoticeSummary['deadlines'][number];

/** A deadline of the local (citing or forwarding) notice beside the parent's deadline for the same thing. */
export interface DeadlinePair {
  local: { date: string; time: string | null; what: string };
  parent: { date: string; time: string | null; what: string };
  /** what: the parent's deadline whose `what` shares the most words; last: none does, the parent's last deadline */
  paired: 'what' | 'last';
  /** the local notice wants it first (it collects, then reports up) */
  earlier: boolean;
}

/** One linked notice in `/notices/:id`. */
export interface GraphLink {
  id: string;
  title: string | null;
  docNumber: string | null;
  relation: Relation;
  by: LinkedRow['by'];
  /** each local deadline beside the parent's */
  deadlines: DeadlinePair[];
  /** some local deadline comes before the parent's (null: one of them has none) */
  localEarlier: boolean | null;
}

const bigrams = (s: string): Set<string> => {
  const t = s.normalize('NFKC').replace(/[^\u4e00-\u9fff0-9a-z]+/gi, '');
  const out = new Set<string>();
  for (let i = 0; i + 2 <= t.length; i++) out.add(t.slice(i, i + 2));
  return out;
};
const dice = (a: ReadonlySet<string>, b: ReadonlySet<string>): number => {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return a.size + b.size ? (2 * both) / (a.size + b.size) : 0;
};
/** Below this share of words, two deadlines' `what` are not the same thing. */
const SAME_WHAT = 0.3;
const at = (d: Due): string => `${d.date} ${d.time ?? '24:00'}`;
const brief = (d: Due): DeadlinePair['local'] => ({ date: d.date, time: d.time, what: d.what });

/**
 * Each deadline of `local` beside the parent's deadline for the same thing (the most words of
 * `what` in common: 总结报告 with 总结报告), else beside the parent's last deadline (what a
 * local office collects goes up before it).
 */
export function pairDeadlines(local: readonly Due[], parent: readonly Due[]): DeadlinePair[] {
  if (parent.length === 0) return [];
  const last = [...parent].sort((a, b) => at(b).localeCompare(at(a)))[0] as Due;
  const words = parent.map((p) => bigrams(p.what));
  return local.map((d) => {
    const mine = bigrams(d.what);
    let best = -1;
    let score = 0;
    words.forEach((w, i) => {
      const x = dice(mine, w);
      if (x > score) (best = i), (score = x);
    });
    const p = score >= SAME_WHAT ? (parent[best] as Due) : last;
    return { local: brief(d), parent: brief(p), paired: score >= SAME_WHAT ? 'what' : 'last', earlier: at(d) < at(p) };
  });
}

/**
 * Rows of the graph (one per edge and match) as one link per notice: forwarding wins over citing,
 * the 文号 over the title; `side` says whether `self` is the local notice (it cites) or the parent.
 */
export function graphLinks(self: Pick<NoticeSummary, 'deadlines'>, rows: readonly LinkedRow[], side: 'cites' | 'citedBy'): GraphLink[] {
  const byId = new Map<string, GraphLink>();
  for (const r of rows) {
    const known = byId.get(r.summary.id);
    const relation: Relation = known?.relation === 'forwards' || r.relation === 'forwards' ? 'forwards' : 'cites';
    const by = known?.by === 'docNumber' || r.by === 'docNumber' ? 'docNumber' : 'title';
    const [local, parent] = side === 'cites' ? [self, r.summary] : [r.summary, self];
    const deadlines = pairDeadlines(local.deadlines, parent.deadlines);
    byId.set(r.summary.id, {
      id: r.summary.id,
      title: r.summary.title,
      docNumber: r.summary.docNumber,
      relation,
      by,
      deadlines,
      localEarlier: deadlines.length ? deadlines.some((d) => d.earlier) : null,
    });
  }
  return [...byId.values()].sort((a, b) => (a.relation === b.relation ? a.id.localeCompare(b.id) : a.relation === 'forwards' ? -1 : 1));
}
