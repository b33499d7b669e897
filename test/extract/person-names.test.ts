/**
 * Person names as real notices print them in their contact lines: bare, with a title, as a bare
 * surname with a title, letter-spaced or run together; offices and ordinary words are not names.
 */
import { describe, expect, it } from 'vitest';
import { personName, splitNameRun } from '../../src/extract/person-names.js';

describe('personName', () => {
  it.each([
    ['杨启明', '杨启明'],
    ['彭丹', '彭丹'],
    ['刘育新', '刘育新'],
    ['曾建立', '曾建立'],
    ['欧阳晓明', '欧阳晓明'],
    // A full name with a title is labelled by the name, a surname with a title as printed.
    ['马斌老师', '马斌'],
    ['王明同志', '王明'],
    ['桂老师', '桂老师'],
    ['莫老师', '莫老师'],
    ['张工', '张工'],
    ['小詹', '小詹'],
    ['李杨收', '李杨'],
  ])('%s → %s', (raw, name) => {
    expect(personName(raw)).toBe(name);
  });

  it.each(['规财处', '省应急厅', '市经济', '科技处', '高新科', '老师', '施工', '时间', '联系人', '电话', '成立'])('%s is not a name', (raw) => {
    expect(personName(raw)).toBeNull();
  });
});

it('traditional characters: surnames and titles are read in simplified form, names kept as printed', () => {
  expect(personName('楊開松')).toBe('楊開松');
  expect(personName('黃倩恩')).toBe('黃倩恩');
  expect(personName('何英老師')).toBe('何英');
  expect(personName('規財處')).toBeNull();
});

it('after a 联系人 label, a name ending like an office (王明|科) is a person, an office is not', () => {
  expect(personName('王明科', true)).toBe('王明科');
  expect(personName('王明科')).toBeNull();
  for (const office of ['高新科', '国资处', '党政办', '卫生科', '文化科']) expect(personName(office, true)).toBeNull();
});

it('a surname alone is a name only right after a label (联系人:梅    8221785)', () => {
  expect(personName('梅', true)).toBe('梅');
  expect(personName('梅')).toBeNull();
});

it('a place word standing alone after a 联系人 label is a person (于洋), elsewhere not', () => {
  expect(personName('于洋', true)).toBe('于洋');
  expect(personName('于洋')).toBeNull();
  expect(personName('单位', true)).toBeNull();
});

describe('splitNameRun', () => {
  it('cuts a run into names, preferring cuts where the page printed blanks', () => {
    expect(splitNameRun('张莉韩风', new Set([1, 2, 3]))?.map((p) => p.name)).toEqual(['张莉', '韩风']);
    expect(splitNameRun('周莹熊雯娟', new Set([1, 2]))?.map((p) => p.name)).toEqual(['周莹', '熊雯娟']);
    expect(splitNameRun('王晟', new Set([1]))?.map((p) => p.name)).toEqual(['王晟']);
  });

  it('is null when the run is not names', () => {
    expect(splitNameRun('省应急厅')).toBeNull();
  });
});
