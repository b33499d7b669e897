/**
 * @module sinks/overrides-store
 * Where staff corrections live: `<out>/overrides/<id>.json`, beside `out/records` and never in it,
 * written atomically. `corrected` is the one hook the read and publish paths call: the record
 * as served, indexed and put in the feed is the extracted record with its overrides laid over it.
 * A missing file is no corrections; an unreadable one is logged by the caller's issue list (the
 * extracted record is served with a `corrections_unreadable` issue), never a crash.
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { DataLayout } from '../config.js';
import { applyOverrides, emptyOverrides, type Applied, type Overrides } from '../record/overrides.js';
import type { NoticeRecord } from '../record/schema.js';
import { writeFileAtomic } from './atomic.js';

const ID = /^[0-9a-f]{16}$/;

const OverridesFile = z.object({
  id: z.string().regex(ID),
  corrections: z.array(
    z.object({
      op: z.enum(['set', 'delete', 'add']),
      path: z.array(z.union([z.string(), z.int().nonnegative()])),
      value: z.unknown().optional(),
      base: z.unknown().optional(),
      by: z.string(),
      at: z.string(),
    }),
  ),
  checked: z.object({ by: z.string(), at: z.string() }).nullable(),
});

export const overridesDir = (layout: Pick<DataLayout, 'out'>): string => join(layout.out, 'overrides');

export function overridesPath(layout: Pick<DataLayout, 'out'>, id: string): string {
  if (!ID.test(id)) throw new Error(`not a notice id: ${JSON.stringify(id)}`);
  return join(overridesDir(layout), `${id}.json`);
}

const cache = new Map<string, { mtimeMs: number; size: number; value: Overrides }>();

/**
 * The overrides of `id` (empty when there are none). Synchronous and cached by the file's
 * mtime: it is called for every record read and every record indexed, and is one stat when
 * nothing changed. Throws when the file is there but not valid overrides.
 */
export function readOverrides(layout: Pick<DataLayout, 'out'>, id: string): Overrides {
  const path = overridesPath(layout, id);
  let st;
  try {
    st = statSync(path);
  } catch {
    cache.delete(path);
    return emptyOverrides(id);
  }
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.value;
  const parsed = OverridesFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success || parsed.data.id !== id) throw new Error(`${path} is not the overrides of ${id}: ${parsed.success ? 'another id' : parsed.error.issues[0]?.message}`);
  const value = parsed.data as Overrides;
  cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, value });
  return value;
}

export async function saveOverrides(layout: Pick<DataLayout, 'out'>, o: Overrides): Promise<void> {
  OverridesFile.parse(o);
  await writeFileAtomic(overridesPath(layout, o.id), `${JSON.stringify(o, null, 2)}\n`);
}

/** Ids that have an overrides file. */
export async function overrideIds(layout: Pick<DataLayout, 'out'>): Promise<string[]> {
  const names = await readdir(overridesDir(layout)).catch(() => [] as string[]);
  return names.filter((n) => /^[0-9a-f]{16}\.json$/.test(n)).map((n) => n.slice(0, 16));
}

/** The record as it is served: extracted, with its stored overrides laid over it. */
export function correctedWith(layout: Pick<DataLayout, 'out'>, record: NoticeRecord): Applied {
  let o: Overrides;
  try {
    o = readOverrides(layout, record.id);
  } catch (e) {
    return { record: { ...record, issues: [...record.issues, { code: 'corrections_unreadable', path: [], message: (e as Error).message }] }, disagreements: [], applied: 0 };
  }
  return applyOverrides(record, o);
}

/** `correctedWith(...).record`: the hook of the store (read) and the publisher (index, feed). */
export const corrected = (layout: Pick<DataLayout, 'out'>, record: NoticeRecord): NoticeRecord => correctedWith(layout, record).record;
