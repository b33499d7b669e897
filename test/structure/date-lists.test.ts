/**
 * Tests of structure/date-lists: days and months that take what they lack from the date printed
 * before them in the same sentence. Sentences are copied from real notices (test/fixtures/real).
 */
import { describe, expect, it } from 'vitest';
import { findDatesInSentence } from '../../src/structure/date-lists.js';

const days = (text: string): string[] =>
  findDatesInSentence(text).map((m) => `${m.from.month}-${m.from.day}${m.to ? `..${m.to.month}-${m.to.day}` : ''}${m.inferred ? '*' : ''}`);

describe('findDatesInSentence', () => {
  it.each([
    { name: 'a bare day after the 报到 day (n101)', text: '12月28日下午在农业大厦(太原市迎泽区桃园正街6号,联系电话:0351-4695666)报到,29日上午开会,下午离会。', days: ['12-28', '12-29*'] },
    { name: 'bare days inside the range before them (n108)', text: '第一期:3月24-26日,24日下午2:30后报到,25日培训一天。', days: ['3-24..3-26', '3-24*', '3-25*'] },
    { name: 'listed months share the day (n148)', text: '统计报送时间分别为4月12日前,6、8、10、12月3日前报送电子版统计表', days: ['4-12', '6-3*', '8-3*', '10-3*', '12-3'] },
    { name: 'two listed days in a row are one window (n204)', text: '各班学习委员把报名单及报名费在9月21日、22日两天交到一号楼教学服务中心。', days: ['9-21..9-22*'] },
  ])('$name', ({ text, days: want }) => {
    expect(days(text)).toEqual(want);
  });

  it.each([
    { name: 'a line number is no month (n248)', text: '1、4月17日:09级及以前全日制硕士研究生' },
    { name: 'a count of days is no day', text: '公示时间15日,请于5月1日前报送,逾期15日内不予受理' },
    { name: 'no date before a bare day', text: '29日上午开会' },
  ])('$name', ({ text }) => {
    expect(findDatesInSentence(text).filter((m) => m.inferred)).toEqual([]);
  });
});
