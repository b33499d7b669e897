/**
 * Every sample in every format, end to end through the pipeline: the record validates, every
 * evidence quote is the text it points at, and the formats of one notice agree.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { processFile } from '../../src/pipeline.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { NoticeRecord as RecordSchema } from '../../src/record/schema.js';
import { allEvidence, formatIndependent, SAMPLES, SEED_STEMS } from '../helpers.js';

const FORMATS = ['txt', 'docx', 'pdf'] as const;
const records = new Map<string, NoticeRecord>();

beforeAll(async () => {
  for (const stem of SEED_STEMS) {
    for (const ext of FORMATS) {
      records.set(`${stem}.${ext}`, await processFile(join(SAMPLES, `${stem}.${ext}`), { maxBytes: 64 << 20, keywords: true }));
    }
  }
  records.set('001_gbk', await processFile(join(SAMPLES, '001_683f5b3ce4c84b58_gbk.txt'), { maxBytes: 64 << 20, keywords: true }));
}, 120_000);

describe.each(SEED_STEMS)('seed %s', (stem) => {
  it.each(FORMATS)('%s gives a valid record whose evidence quotes its own text', (ext) => {
    const r = records.get(`${stem}.${ext}`) as NoticeRecord;
    expect(RecordSchema.safeParse(r).success).toBe(true);
    const ev = allEvidence(r);
    expect(ev.length).toBeGreaterThan(5);
    for (const e of ev) {
      expect(e.end, e.path).toBeGreaterThanOrEqual(e.start);
      expect(r.text.slice(e.start, e.end), e.path).toBe(e.quote);
      if (ext === 'pdf') expect(e.page, e.path).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives the same record from .txt, .docx and .pdf apart from source, text and evidence', () => {
    const [txt, docx, pdf] = FORMATS.map((ext) => formatIndependent(records.get(`${stem}.${ext}`)));
    expect(docx).toEqual(txt);
    expect(pdf).toEqual(txt);
  });
});

describe('GBK text', () => {
  it('decodes as GB18030 and gives the record of the UTF-8 seed', () => {
    const gbk = records.get('001_gbk') as NoticeRecord;
    expect(gbk.source.encoding).toBe('gb18030');
    expect(formatIndependent(gbk)).toEqual(formatIndependent(records.get('001_683f5b3ce4c84b58.txt')));
  });
});

describe('keywords', () => {
  it('come from jieba TF-IDF over the body and are Chinese words', () => {
    const r = records.get('003_db71631729e5d48d.txt') as NoticeRecord;
    expect(r.keywords.length).toBeGreaterThanOrEqual(5);
    expect(r.keywords).toContain('科普');
  });
});
