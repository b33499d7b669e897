/**
 * Real clients of the served outputs: a feed reader from npm (@extractus/feed-extractor) reading
 * /feed.json over HTTP, a check of every JSON Feed 1.1 field we promise, and node-ical parsing
 * /deadlines.ics back.
 */
import { extract } from '@extractus/feed-extractor';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonFeed } from '../../src/sinks/index.js';
import { startServer } from '../../src/server/index.js';
import { isPublished, markingOf } from '../../src/store/publication.js';
import { tempConfig } from '../sinks/fixtures.js';
import { NOT_PUBLIC, SECRET, startApi, TIMED, type Api } from './fixtures.js';

let api: Api;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const feedPages: JsonFeed[] = [];

beforeAll(async () => {
  api = await startApi(2);
  let url: string | undefined = `${api.server.url}/feed.json`;
  while (url) {
    const page = (await (await fetch(url)).json()) as JsonFeed;
    feedPages.push(page);
    // next_url carries the public base URL; follow it on this server.
    url = page.next_url ? page.next_url.replace(api.config.baseUrl, api.server.url) : undefined;
  }
}, 60_000);
afterAll(async () => {
  await api.server.close();
});

// the fixtures publish all but notices marked private (not-marked-private)
const publicIds = (): string[] => api.all.filter((r) => isPublished(api.config.publish, markingOf(r).marking)).map((r) => r.id);

describe('JSON Feed 1.1', () => {
  it('is read by a real feed reader over HTTP', async () => {
    const feed = await extract(`${api.server.url}/feed.json`, { descriptionMaxLen: 0 });
    expect(feed.title).toBe('tongzhi 通知');
    expect(feed.language).toBe('zh-CN');
    expect(feed.entries).toHaveLength(2);
    const first = feedPages[0]?.items[0];
    expect(feed.entries?.[0]).toMatchObject({ id: first?.id, title: first?.title });
    expect(feed.entries?.[0]?.description).toContain('截止时间');
    expect(Date.parse(feed.entries?.[0]?.published ?? '')).toBe(Date.parse(first?.date_published ?? ''));
  });

  it('pages with next_url through every public notice, newest first, once each', () => {
    const items = feedPages.flatMap((p) => p.items);
    expect(feedPages.length).toBe(Math.ceil(publicIds().length / 2));
    expect(feedPages.at(-1)?.next_url).toBeUndefined();
    expect(items.map((i) => i.id).sort()).toEqual(publicIds().sort());
    const dates = items.map((i) => Date.parse(i.date_published));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    // TIMED is signed 2025-01-10, 003 printed 2024-03-29; 001 and 002 carry no date and take
    // their ingest time (today), so they come first.
    const at = (id: string | undefined): number => items.findIndex((i) => i.id === id);
    expect(at(TIMED)).toBeLessThan(at(api.seeds.get('003')?.id));
    expect(at(api.seeds.get('002')?.id)).toBeLessThan(at(TIMED));
  });

  it('leaves notices not for publication (不予公开, 密级) out', () => {
    const ids = feedPages.flatMap((p) => p.items.map((i) => i.id));
    expect(ids).not.toContain(NOT_PUBLIC);
    expect(ids).not.toContain(SECRET);
  });

  it('has every required and promised field', () => {
    for (const page of feedPages) {
      expect(page.version).toBe('https://jsonfeed.org/version/1.1');
      expect(page.title).toBeTruthy();
      expect(page.home_page_url).toBe('http://tongzhi.test/notices');
      expect(page.feed_url).toBe('http://tongzhi.test/feed.json');
      expect(page.language).toBe('zh-CN');
      if (page.next_url) expect(page.next_url).toMatch(/^http:\/\/tongzhi\.test\/feed\.json\?page=\d+$/);
      for (const item of page.items) {
        expect(typeof item.id).toBe('string');
        expect(item.url).toBe(`http://tongzhi.test/notices/${item.id}`);
        expect(item.content_text.length).toBeGreaterThan(20);
        expect(item.date_published).toMatch(RFC3339);
        expect(item.date_modified).toMatch(RFC3339);
        expect(item.tags.length).toBeGreaterThan(0);
        for (const a of item.attachments) {
          expect(a.url).toMatch(/^http:\/\/tongzhi\.test\/notices\/[0-9a-f]{16}\/(original|forms\/\d+)$/);
          expect(a.mime_type).toBeTruthy();
        }
        expect(item.attachments[0]?.url).toBe(`${item.url}/original`);
        for (const key of Object.keys(item)) if (!/^[a-z_]+$/.test(key) || key.startsWith('_')) expect(key).toMatch(/^_[a-z]/);
        expect(item._tongzhi.about).toBe('http://tongzhi.test/schema/notice-record.json');
        expect(item._tongzhi['id']).toBe(item.id);
        expect(item._tongzhi).not.toHaveProperty('text');
      }
    }
  });

  it('describes a notice the way its text does (seed 003)', () => {
    const r = api.seeds.get('003');
    const item = feedPages.flatMap((p) => p.items).find((i) => i.id === r?.id);
    expect(item?.title).toBe(r?.title);
    expect(item?.content_text).toContain('文号：国科发才〔2024〕31号');
    expect(item?.content_text).toContain('活动时间：2024-05-25 至 2024-06-01');
    expect(item?.content_text).toContain('杨启明');
    expect(item?.tags).toEqual(expect.arrayContaining(['国家级', '科技部', '中国科协']));
    const forms = item?.attachments.filter((a) => a.mime_type === 'application/schema+json') ?? [];
    expect(forms.length).toBe(r?.attachments.filter((a) => a.form).length);
    expect(item?.attachments[0]).toMatchObject({ mime_type: 'text/plain; charset=utf-8', size_in_bytes: r?.source.bytes });
  });
});

describe('deadlines.ics', () => {
  let text: string;
  let events: ical.VEvent[];

  beforeAll(async () => {
    text = await (await fetch(`${api.server.url}/deadlines.ics`)).text();
    events = Object.values(ical.sync.parseICS(text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
  });

  const ymd = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

  it('is CRLF text folded at 75 octets', () => {
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    for (const line of lines) {
      expect(line).not.toContain('\n');
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    }
  });

  it('has every deadline of every public notice on its day, and every event period across its days', () => {
    for (const r of api.all.filter((n) => publicIds().includes(n.id))) {
      r.deadlines.forEach((d, i) => {
        const e = events.find((v) => v.uid === `${r.id}-deadline-${i}@tongzhi`);
        expect(e, `${r.id} deadline ${i}`).toBeDefined();
        if (d.time) expect(e?.start.toISOString()).toBe(new Date(`${d.date}T${d.time}:00+08:00`).toISOString());
        else expect([e?.start.dateOnly, ymd(e?.start as Date)]).toEqual([true, d.date]);
      });
      r.eventPeriods.forEach((p, i) => {
        const e = events.find((v) => v.uid === `${r.id}-period-${i}@tongzhi`);
        expect(ymd(e?.start as Date)).toBe(p.start);
        const lastDay = new Date((e?.end as Date).getTime() - 12 * 3600_000); // DTEND is exclusive
        expect(ymd(lastDay)).toBe(p.end);
      });
    }
    // From the texts: 000 5月20—31日, 003 2024年5月25日—6月1日; 000 deadline 6月30日.
    const s000 = api.seeds.get('000');
    expect(events.some((e) => e.uid === `${s000?.id}-period-0@tongzhi` && ymd(e.start) === '2023-05-20')).toBe(true);
    expect(events.filter((e) => e.uid.startsWith(`${s000?.id}-deadline-`)).map((e) => ymd(e.start)).sort()).toEqual(['2023-05-15', '2023-06-15', '2023-06-30']);
  });

  it('leaves notices not for publication (不予公开, 密级) out, as the feed does', () => {
    const secret = api.all.filter((r) => !publicIds().includes(r.id));
    expect(secret.map((r) => r.id).sort()).toEqual([NOT_PUBLIC, SECRET].sort());
    for (const r of secret) {
      expect(r.deadlines.length + r.eventPeriods.length, r.id).toBeGreaterThan(0); // they would have events
      expect(events.filter((e) => e.uid.startsWith(`${r.id}-`)), r.id).toEqual([]);
      expect(text).not.toContain(r.id);
    }
  });

  it('is a valid calendar with no event at all: VCALENDAR holds the VTIMEZONE of Beijing time', async () => {
    const empty = await startServer(tempConfig(), { logger: api.logger });
    try {
      const res = await fetch(`${empty.url}/deadlines.ics`);
      expect(res.status).toBe(200);
      const body = await res.text();
      // RFC 5545 §3.6: component = 1*(eventc / todoc / journalc / freebusyc / timezonec / …)
      const inside = /BEGIN:VCALENDAR\r\n([\s\S]*)END:VCALENDAR\r\n$/.exec(body)?.[1] ?? '';
      expect(inside).toMatch(/^BEGIN:(VEVENT|VTODO|VJOURNAL|VFREEBUSY|VTIMEZONE)\r$/m);
      const parsed = Object.values(ical.sync.parseICS(body));
      expect(parsed.filter((c) => c?.type === 'VEVENT')).toEqual([]);
      const zone = parsed.find((c) => c?.type === 'VTIMEZONE') as ical.VTimeZone | undefined;
      expect(zone?.tzid).toBe('Asia/Shanghai');
      expect(parsed.find((c) => c?.type === 'VCALENDAR')).toMatchObject({ version: '2.0', prodid: '-//tongzhi//notices//ZH' });
    } finally {
      await empty.close();
    }
  });

  it('escapes text so that it reads back unchanged, with stable UIDs and a DTSTAMP', () => {
    const timed = events.find((e) => e.uid === `${TIMED}-deadline-0@tongzhi`);
    expect(timed?.summary).toBe('截止：报送材料；含逗号, 反斜杠\\ 与换行\n第二行');
    expect(timed?.start.toISOString()).toBe('2025-02-14T09:30:00.000Z');
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    for (const e of events) expect(e.dtstamp).toBeInstanceOf(Date);
  });
});
