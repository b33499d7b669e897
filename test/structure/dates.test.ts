/**
 * Table-driven tests of extract/dates: the printed date forms of real notices (seed samples and
 * forms seen in the wild), ranges, parts of a month, and resolution to ISO dates.
 */
import { describe, expect, it } from 'vitest';
import type { DatePoint } from '../../src/structure/dates.js';
import { findDates, parseFullDate, parseSmallNumber, parseYear, resolvePoint } from '../../src/structure/dates.js';

const pt = (year: number | null, month: number | null, day: number | null, part: DatePoint['part'] = null): DatePoint => ({ year, month, day, part });

describe('findDates: digits run together before 日', () => {
  it.each([
    { name: 'year, month and day (n206)', text: '即日起至20211117日(周三)20:00', from: pt(2021, 11, 17) },
    { name: 'month and day (n232)', text: '各辖市区在1010日前以现场写作方式举办初赛', from: pt(null, 10, 10) },
  ])('$name', ({ text, from }) => {
    expect(findDates(text)[0]?.from).toEqual(from);
  });

  it('a count of days is no date', () => {
    expect(findDates('公示时间15日,共计1530日')).toEqual([]);
  });
});

describe('findDates: single dates', () => {
  it.each([
    { name: 'Arabic digits', text: '2023年5月20日', from: pt(2023, 5, 20) },
    { name: 'Chinese numerals with 〇 (成文日期)', text: '二〇二三年四月十五日', from: pt(2023, 4, 15) },
    { name: 'letter O for zero', text: '二OO七年三月二十七日', from: pt(2007, 3, 27) },
    { name: 'white circle ○ for zero', text: '二○一○年九月二十五日', from: pt(2010, 9, 25) },
    { name: 'blanks inside (web copy)', text: '2023 年 5 月 20 日', from: pt(2023, 5, 20) },
    { name: 'full-width digits', text: '２０２３年５月２０日', from: pt(2023, 5, 20) },
    { name: 'month and day only', text: '5月20日', from: pt(null, 5, 20) },
    { name: 'Chinese 十二月三十一日', text: '十二月三十一日', from: pt(null, 12, 31) },
    { name: 'day written with 号', text: '5月20号', from: pt(null, 5, 20) },
    { name: '月底 (seed 004)', text: '6月底', from: pt(null, 6, null, 'end') },
    { name: '下旬 with a blank', text: '5 月下旬', from: pt(null, 5, null, 'late') },
    { name: '月初', text: '6月初', from: pt(null, 6, null, 'begin') },
    { name: 'year and month only', text: '二〇二四年一月', from: pt(2024, 1, null) },
  ])('$name: $text', ({ text, from }) => {
    const found = findDates(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ start: 0, end: text.length, text, from, to: null });
  });
});

describe('findDates: ranges', () => {
  it.each([
    { name: '日 printed once (seed 000)', text: '2023年5月20—31日', from: pt(2023, 5, 20), to: pt(2023, 5, 31) },
    { name: 'both days with 日 (seed 001)', text: '2023年5月20日—31日', from: pt(2023, 5, 20), to: pt(2023, 5, 31) },
    { name: 'blanks around every part (seed 002)', text: '2023 年 5 月 20 日—31 日', from: pt(2023, 5, 20), to: pt(2023, 5, 31) },
    { name: 'across months (seed 003)', text: '2024年5月25日—6月1日', from: pt(2024, 5, 25), to: pt(2024, 6, 1) },
    { name: 'hyphen, no year', text: '5月20日-27日', from: pt(null, 5, 20), to: pt(null, 5, 27) },
    { name: 'across months, no year', text: '5月25日—6月1日', from: pt(null, 5, 25), to: pt(null, 6, 1) },
    { name: '至 with partial right side', text: '9月15日至25日', from: pt(null, 9, 15), to: pt(null, 9, 25) },
    { name: 'parts of months (seed 004)', text: '2023年5月上旬-6月上旬', from: pt(2023, 5, null, 'early'), to: pt(2023, 6, null, 'early') },
    { name: 'parts of months, no year', text: '5月上旬-6月上旬', from: pt(null, 5, null, 'early'), to: pt(null, 6, null, 'early') },
    { name: 'full dates on both sides', text: '2023年12月28日至2024年1月5日', from: pt(2023, 12, 28), to: pt(2024, 1, 5) },
    { name: 'parts of the day between the sides (n120)', text: '7月13日下午—7月14日', from: pt(null, 7, 13), to: pt(null, 7, 14) },
    { name: 'three hyphens (n204)', text: '2015年9月1日---9月20日', from: pt(2015, 9, 1), to: pt(2015, 9, 20) },
  ])('$name: $text', ({ text, from, to }) => {
    const found = findDates(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ start: 0, end: text.length, text, from, to });
  });
});

describe('findDates: dates inside real sentences', () => {
  it.each([
    {
      name: 'deadline sentence (seed 000)',
      text: '并于6月30日前将2023年科技活动周总结报告、《2023年全国科技活动周开展情况统计表》报送科技部科技人才与科学普及司。',
      dates: [{ text: '6月30日', from: pt(null, 6, 30) }],
    },
    {
      name: 'note under a form (seed 000)',
      text: '注：附件2提交截止日期和邮箱：2023年5月15日前提交邮箱Lsh@cis.org.cn。',
      dates: [{ text: '2023年5月15日', from: pt(2023, 5, 15) }],
    },
    {
      name: 'event with 第七个 after the date (seed 004)',
      text: '中国科协、科技部决定于2023年5月30日第七个“全国科技工作者日”前后，',
      dates: [{ text: '2023年5月30日', from: pt(2023, 5, 30) }],
    },
    {
      name: 'a bare year is not a date (seed 000)',
      text: '2023年是全面贯彻党的二十大精神的开局之年，是实施“十四五”规划承上启下的关键一年。',
      dates: [],
    },
    {
      name: 'the year of a 文号 is not a date (seed 001)',
      text: '《省科技厅、省委宣传部、省科协关于举办2023年山东科技活动周的通知》（鲁科字〔2023〕27号）',
      dates: [],
    },
    {
      name: 'two dates in one paragraph (seed 000)',
      text: '5月20日在北京城市绿心森林公园举办全国科技活动周主场启动式。5月31日在上海市举办闭幕式。',
      dates: [
        { text: '5月20日', from: pt(null, 5, 20) },
        { text: '5月31日', from: pt(null, 5, 31) },
      ],
    },
    { name: 'month 13 is not a date', text: '13月5日', dates: [] },
    { name: 'day 32 is not a date', text: '5月32日', dates: [] },
  ])('$name', ({ text, dates }) => {
    const found = findDates(text);
    expect(found.map((d) => ({ text: d.text, from: d.from }))).toEqual(dates);
    for (const d of found) expect(text.slice(d.start, d.end)).toBe(d.text);
  });
});

describe('findDates: forms of real notices', () => {
  it.each([
    { name: 'blanks inside a range (h027)', text: '于 2022 年 9 月 15-21 日共同组织开展', date: '2022 年 9 月 15-21 日', from: pt(2022, 9, 15), to: pt(2022, 9, 21) },
    { name: 'hyphen, 日 printed once (h016)', text: '(一)2021年5月25-28日', date: '2021年5月25-28日', from: pt(2021, 5, 25), to: pt(2021, 5, 28) },
    { name: 'month on both sides (h018)', text: '2016年5月12日-5月18日。', date: '2016年5月12日-5月18日', from: pt(2016, 5, 12), to: pt(2016, 5, 18) },
    { name: 'left day without 日 before a month (h026)', text: '请活动举办单位于2022年8月15至9月28日期间,注册登录', date: '2022年8月15至9月28日', from: pt(2022, 8, 15), to: pt(2022, 9, 28) },
    {
      name: 'weekday brackets and a clock time inside a window (h034)',
      text: '1.企业网上申报时间:11月18日(星期四)8:00—11月27日(星期六)17:30。',
      date: '11月18日(星期四)8:00—11月27日(星期六)',
      from: pt(null, 11, 18),
      to: pt(null, 11, 27),
    },
    { name: '上午 time inside a window (h008)', text: '(一)受理时间:2022年8月5日上午9:00至2022年8月15日下午6:00;', date: '2022年8月5日上午9:00至2022年8月15日', from: pt(2022, 8, 5), to: pt(2022, 8, 15) },
    { name: '～ separator', text: '2023年7月10日～12日', date: '2023年7月10日～12日', from: pt(2023, 7, 10), to: pt(2023, 7, 12) },
    { name: '到 with an empty left side keeps the date (h022)', text: '报名时间:即日起到2010年 11月 4日(周五)16∶00止', date: '2010年 11月 4日(周五)', from: pt(2010, 11, 4), to: null },
    { name: 'a time range is not a date range (h024)', text: '各参赛学生于9月22日8:00-8:20,到仓山小学博艺堂报到', date: '9月22日', from: pt(null, 9, 22), to: null },
    { name: 'weekday after a single day (h010)', text: '1.初赛:4月15日(周一)中午12:30', date: '4月15日(周一)', from: pt(null, 4, 15), to: null },
    { name: 'dotted date', text: '截止日期：2022.3.5', date: '2022.3.5', from: pt(2022, 3, 5), to: null },
    { name: 'slashed date', text: '2022/3/5前提交', date: '2022/3/5', from: pt(2022, 3, 5), to: null },
    { name: 'ISO-like date of a web page (h018)', text: '时间:2016-05-10 10:31 浏览量:1', date: '2016-05-10', from: pt(2016, 5, 10), to: null },
    { name: 'dotted range', text: '2022.3.5-3.8', date: '2022.3.5-3.8', from: pt(2022, 3, 5), to: pt(2022, 3, 8) },
  ])('$name', ({ text, date, from, to }) => {
    const found = findDates(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ text: date, from, to });
    if (found[0]) expect(text.slice(found[0].start, found[0].end)).toBe(date);
  });

  it('a phone number or a 文号 is no dotted date', () => {
    expect(findDates('电话：0371-65707540，闽科协普〔2024〕20号，版本1.2.3')).toEqual([]);
  });
});

describe('parseYear', () => {
  it.each([
    { s: '2023', year: 2023 },
    { s: '２０２３', year: 2023 },
    { s: '二〇二三', year: 2023 },
    { s: '二OO七', year: 2007 },
    { s: '二○一○', year: 2010 },
    { s: '二0一一', year: 2011 },
    { s: '二Ｏ一一', year: 2011 },
    { s: '二〇二', year: null },
    { s: '二〇二三四', year: null },
    { s: 'abcd', year: null },
  ])('$s → $year', ({ s, year }) => {
    expect(parseYear(s)).toBe(year);
  });
});

describe('parseSmallNumber', () => {
  it.each([
    { s: '5', n: 5 },
    { s: '０５', n: 5 },
    { s: '十', n: 10 },
    { s: '十一', n: 11 },
    { s: '二十', n: 20 },
    { s: '二十七', n: 27 },
    { s: '三十一', n: 31 },
    { s: '九十九', n: 99 },
    { s: '一百', n: null },
    { s: '十十', n: null },
    { s: '一二', n: null },
    { s: '', n: null },
  ])('"$s" → $n', ({ s, n }) => {
    expect(parseSmallNumber(s)).toBe(n);
  });
});

describe('resolvePoint', () => {
  it.each([
    { name: 'a day', p: pt(2023, 5, 20), ref: null, range: { start: '2023-05-20', end: '2023-05-20' } },
    { name: 'missing year from the reference', p: pt(null, 6, 30), ref: 2024, range: { start: '2024-06-30', end: '2024-06-30' } },
    { name: '上旬', p: pt(2023, 5, null, 'early'), ref: null, range: { start: '2023-05-01', end: '2023-05-10' } },
    { name: '初', p: pt(2023, 6, null, 'begin'), ref: null, range: { start: '2023-06-01', end: '2023-06-10' } },
    { name: '中旬', p: pt(2023, 5, null, 'mid'), ref: null, range: { start: '2023-05-11', end: '2023-05-20' } },
    { name: '下旬 of February, leap year', p: pt(2024, 2, null, 'late'), ref: null, range: { start: '2024-02-21', end: '2024-02-29' } },
    { name: '下旬 of February, common year', p: pt(2023, 2, null, 'late'), ref: null, range: { start: '2023-02-21', end: '2023-02-28' } },
    { name: '6月底', p: pt(null, 6, null, 'end'), ref: 2023, range: { start: '2023-06-30', end: '2023-06-30' } },
    { name: 'a month alone', p: pt(2023, 4, null), ref: null, range: { start: '2023-04-01', end: '2023-04-30' } },
    { name: 'a year alone', p: pt(2023, null, null), ref: null, range: { start: '2023-01-01', end: '2023-12-31' } },
    { name: 'no year anywhere', p: pt(null, 5, 20), ref: null, range: null },
  ])('$name', ({ p, ref, range }) => {
    expect(resolvePoint(p, { referenceYear: ref })).toEqual(range);
  });

  it.each([
    { name: 'deadline month before the signing month rolls into next year', p: pt(null, 1, 10), month: 12, roll: true, date: '2024-01-10' },
    { name: 'deadline month after the signing month stays', p: pt(null, 6, 30), month: 4, roll: true, date: '2023-06-30' },
    { name: 'same month stays', p: pt(null, 12, 31), month: 12, roll: true, date: '2023-12-31' },
    { name: 'no roll-forward asked', p: pt(null, 1, 10), month: 12, roll: false, date: '2023-01-10' },
    { name: 'a printed year never rolls', p: pt(2023, 1, 10), month: 12, roll: true, date: '2023-01-10' },
  ])('$name', ({ p, month, roll, date }) => {
    expect(resolvePoint(p, { referenceYear: 2023, referenceMonth: month, rollForward: roll })?.start).toBe(date);
  });
});

describe('parseFullDate', () => {
  it.each([
    { text: '2023年4月15日', iso: '2023-04-15' },
    { text: '二〇二三年四月十五日', iso: '2023-04-15' },
    { text: '二OO七年三月二十七日', iso: '2007-03-27' },
    { text: '二○一○年九月二十五日', iso: '2010-09-25' },
    { text: '２０２３年５月２０日', iso: '2023-05-20' },
    { text: '                     2023年4月15日', iso: '2023-04-15' },
    { text: '2024 年 3 月 29 日印发', iso: '2024-03-29' },
    { text: '2023年5月20—31日', iso: null },
    { text: '5月20日', iso: null },
    { text: '2023年5月', iso: null },
  ])('"$text" → $iso', ({ text, iso }) => {
    expect(parseFullDate(text)).toBe(iso);
  });
});

describe('parseFullDate rejects impossible days', () => {
  it.each([['2023年2月30日'], ['2023年4月31日'], ['二〇二三年二月二十九日']])('%s → null', (text) => {
    expect(parseFullDate(text)).toBeNull();
  });
  it('2024年2月29日 (leap year) is a date', () => {
    expect(parseFullDate('2024年2月29日')).toBe('2024-02-29');
  });
});
