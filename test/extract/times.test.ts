/**
 * Table-driven tests of extract/times: clock times printed right after a date in deadlines and
 * events (`5月24日上午12时前`, `下午16:00`, `下午4点半`, `17时30分`).
 */
import { describe, expect, it } from 'vitest';
import { parseTimeAt } from '../../src/extract/times.js';

describe('parseTimeAt', () => {
  it.each([
    { name: '24-hour clock after 下午', text: '下午16:00前将报名表发送至邮箱', time: '16:00', consumed: '下午16:00' },
    { name: 'ratio sign as the colon (h022)', text: '16∶00止', time: '16:00', consumed: '16∶00' },
    { name: 'a colon after 下午 (h022)', text: ' 下午:1∶00-4∶00', time: '13:00', consumed: ' 下午:1∶00' },
    { name: '下午5时', text: '下午5时前报送', time: '17:00', consumed: '下午5时' },
    { name: '上午12时 is noon', text: '上午12时前报名。', time: '12:00', consumed: '上午12时' },
    { name: '下午 moves past noon, 点半', text: '下午4点半前将回执报送市科技局。', time: '16:30', consumed: '下午4点半' },
    { name: '时 and 分', text: '17时30分前将材料报送市科技局。', time: '17:30', consumed: '17时30分' },
    { name: '下午 with 时', text: '下午4时在淄博科学城举行', time: '16:00', consumed: '下午4时' },
    { name: '晚上 with 点', text: '晚上8点', time: '20:00', consumed: '晚上8点' },
    { name: 'full-width colon', text: '上午9：30', time: '09:30', consumed: '上午9：30' },
    { name: 'blanks inside (web copy)', text: '下午 3 : 00', time: '15:00', consumed: '下午 3 : 00' },
    { name: 'full-width digits', text: '下午１６：００前', time: '16:00', consumed: '下午１６：００' },
    { name: '下午12时 stays noon', text: '下午12时', time: '12:00', consumed: '下午12时' },
    { name: 'after a weekday bracket (n206)', text: '(周三)20:00', time: '20:00', consumed: '(周三)20:00' },
    { name: 'ratio sign after 下午, a range after it (n121)', text: '下午2︰00-4︰30进行系统调试', time: '14:00', consumed: '下午2︰00' },
  ])('$name: $text', ({ text, time, consumed }) => {
    expect(parseTimeAt(text)).toEqual({ time, end: consumed.length });
  });

  it.each([
    { name: 'no time, only 前', text: '前将2023年科技活动周总结报告报送科技部。' },
    { name: 'no time after the date', text: '在北京城市绿心森林公园举办' },
    { name: 'hour out of range', text: '25时' },
    { name: 'minute out of range', text: '10:75' },
    { name: 'a number that is not a time', text: '3分钟' },
  ])('$name: $text → null', ({ text }) => {
    expect(parseTimeAt(text)).toBeNull();
  });
});

describe('parseTimeAt with Chinese numerals', () => {
  it.each([
    ['上午九时', '09:00'],
    ['下午三点半', '15:30'],
    ['下午两点三十分', '14:30'],
    ['晚上八点', '20:00'],
  ])('%s → %s', (text, time) => {
    expect(parseTimeAt(text)?.time).toBe(time);
  });
});
