/**
 * Synthetic but valid notice records for the store benchmark: the seed samples' records with
 * other issuers, regions, titles, dates, 文号 and a paragraph of sentences drawn from all the
 * seeds, so the tokens spread as real notices' do; and the 50 Chinese queries it times.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { processFile } from '../../src/pipeline.js';
import { NoticeRecord } from '../../src/record/schema.js';

const REGIONS = ['北京市', '天津市', '河北省', '山西省', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省', '浙江省', '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '海南省', '重庆市', '四川省', '贵州省', '云南省', '陕西省', '甘肃省', '青海省'];
const DEPTS = ['科学技术厅', '教育厅', '财政厅', '人力资源和社会保障厅', '生态环境厅', '住房和城乡建设厅', '交通运输厅', '农业农村厅', '商务厅', '文化和旅游厅', '卫生健康委员会', '应急管理厅', '市场监督管理局', '统计局', '科学技术协会'];
const TOPICS = ['科技活动周', '全国科普日', '安全生产月', '防灾减灾宣传周', '全民健身日', '质量月', '节能宣传周', '网络安全宣传周', '食品安全宣传周', '职业技能大赛', '创新创业大赛', '青年人才推荐', '重点项目申报', '专项检查', '统计调查', '业务培训班', '科研诚信建设', '年度考核', '预算绩效评价', '乡村振兴调研'];
const KINDS = ['活动', '工作', '有关工作', '相关事项'];

/** A deterministic generator (mulberry32): the same records every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export async function seedRecords(samples: string): Promise<NoticeRecord[]> {
  const files = readdirSync(samples).filter((f) => /^\d{3}_[0-9a-f]+\.txt$/.test(f)).sort();
  const out: NoticeRecord[] = [];
  for (const f of files) out.push(await processFile(join(samples, f), { maxBytes: 64 << 20, keywords: false }));
  return out;
}

/** Record i: a seed's structure with another issuer, region, title, dates, 文号 and text. */
function synthetic(seeds: readonly NoticeRecord[], sentences: readonly string[], i: number): NoticeRecord {
  const r = rng(i + 1);
  const base = seeds[i % seeds.length] as NoticeRecord;
  const region = pick(r, REGIONS);
  const dept = pick(r, DEPTS);
  const issuer = `${region}${dept}`;
  const topic = pick(r, TOPICS);
  const year = 2014 + Math.floor(r() * 13);
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  const title = `${issuer}关于开展${year}年${topic}${pick(r, KINDS)}的通知`;
  const docNumber = `${region.slice(0, 1)}${dept.slice(0, 2)}发〔${year}〕${1 + (i % 400)}号`;
  const reYear = (d: string): string => `${year + (Number(d.slice(0, 4)) - Number((base.signedDate ?? base.printedDate ?? '2023').slice(0, 4)))}${d.slice(4)}`;
  const extra = Array.from({ length: 6 }, () => pick(r, sentences)).join('');
  let text = base.text;
  for (const old of base.issuers) text = text.split(old).join(issuer);
  if (base.title) text = text.split(base.title).join(title);
  text = `${title}\n${docNumber}\n${text}\n${extra}\n联系电话：0${10 + Math.floor(r() * 900)}-${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
  const id = (0xb0000000000000n + BigInt(i)).toString(16).padStart(16, '0');
  const record = {
    ...structuredClone(base),
    id,
    title,
    docNumber,
    issuers: [issuer],
    level: 'provincial' as const,
    region,
    signedDate: `${year}-${pad(month)}-${pad(day)}`,
    printedDate: null,
    themes: [topic],
    text,
    deadlines: base.deadlines.map((d) => ({ ...d, date: reYear(d.date) })),
    events: base.events.map((e) => ({ ...e, date: reYear(e.date) })),
    eventPeriods: base.eventPeriods.map((p) => ({ ...p, start: reYear(p.start), end: reYear(p.end) })),
    source: { ...base.source, fileName: `${id}.txt`, sha256: createHash('sha256').update(id).digest('hex'), bytes: Buffer.byteLength(text) },
  };
  return record as NoticeRecord;
}

/** 50 queries of the kinds staff type: topics, organs, regions, 文号, names in the texts, two-word queries. */
export function benchQueries(seeds: readonly NoticeRecord[], n: number): string[] {
  const r = rng(4242);
  const out = new Set<string>();
  const fixed = ['科技活动周', '统计表', '杨启明', '心理健康', '科普进社区', '点亮精神火炬', '闭幕式 上海市', '活动备案表', '推荐表', '中关村管委会', '2024 科技周', '弘扬科学家精神', '科学技术厅', '安全生产月', '乡村振兴', '项目申报 截止'];
  for (const q of fixed) out.add(q);
  for (const s of seeds) for (const c of s.contacts) if (c.name) out.add(c.name);
  while (out.size < n) {
    const k = r();
    if (k < 0.3) out.add(pick(r, TOPICS));
    else if (k < 0.5) out.add(`${pick(r, REGIONS)}${pick(r, DEPTS)}`);
    else if (k < 0.65) out.add(`${pick(r, REGIONS).slice(0, 1)}${pick(r, DEPTS).slice(0, 2)}发〔${2014 + Math.floor(r() * 13)}〕${1 + Math.floor(r() * 400)}号`);
    else out.add(`${pick(r, REGIONS)} ${pick(r, TOPICS)}`);
  }
  return [...out].slice(0, n);
}

/** Record i of the synthetic set (the same every run), checked against the schema for the first 50. */
export function recordMaker(seeds: readonly NoticeRecord[]): (i: number) => NoticeRecord {
  const sentences = seeds.flatMap((s) => s.text.split(/(?<=[。；！？])/).map((x) => x.trim()).filter((x) => x.length >= 8 && x.length <= 120));
  const cache = new Map<number, NoticeRecord>();
  return (i) => {
    let rec = cache.get(i);
    if (!rec) {
      rec = synthetic(seeds, sentences, i);
      if (i < 50) NoticeRecord.parse(rec); // synthetic but valid: the schema says so
      if (cache.size < 20_000) cache.set(i, rec);
    }
    return rec;
  };
}
