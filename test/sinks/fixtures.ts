/**
 * Records of the five seed notices for the sink and server tests, built once per test file with
 * the real pipeline (no keywords: they cost the jieba TF-IDF pass and nothing here needs them),
 * and a fresh data folder per caller.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, type ServiceConfig } from '../../src/config.js';
import { processFile } from '../../src/pipeline.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { SAMPLES, SEED_STEMS } from '../helpers.js';

export const BASE_URL = 'http://tongzhi.test';

/** Seed number ('000' … '004') → its record from the .txt sample. */
export async function seedRecords(): Promise<Map<string, NoticeRecord>> {
  const out = new Map<string, NoticeRecord>();
  for (const stem of SEED_STEMS) {
    out.set(stem.slice(0, 3), await processFile(join(SAMPLES, `${stem}.txt`), { maxBytes: 64 << 20, keywords: false }));
  }
  return out;
}

export function tempConfig(overrides: Record<string, string> = {}): ServiceConfig {
  const data = mkdtempSync(join(tmpdir(), 'tongzhi-sinks-'));
  // The publisher's mechanics are tested on every seed: publish all but notices marked private
  // (the default, marked-public, is tested in publication.test.ts and consumers.test.ts).
  return resolveConfig({ data, port: '0', queueMode: 'inprocess', baseUrl: BASE_URL, publish: 'not-marked-private', ...overrides }, {});
}

/** A copy of `r` under another id (16 hex), with some fields changed. */
export function variant(r: NoticeRecord, id: string, changes: Partial<NoticeRecord>): NoticeRecord {
  return { ...structuredClone(r), id, ...changes };
}
