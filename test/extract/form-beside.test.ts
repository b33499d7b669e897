/**
 * What a cell a cell or more after a label adds to that label's field (src/extract/forms/beside.ts),
 * with the real cells of the forms corpus (test/fixtures/forms-real f141, f149; forms/real f019).
 */
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../src/document.js';
import { besideLabel, spacedOptions } from '../../src/extract/forms/beside.js';
import { textOrigin, type Field } from '../../src/extract/forms/field.js';

const cell = (text: string, row = 3): Cell => ({ text, row, col: 4, rowSpan: 1, colSpan: 1, start: 0, end: text.length });
const label = (title: string, row = 3): Field => ({ title, description: null, options: [], required: false, unit: null, origin: { ...textOrigin(0, 0), row, col: 0 } });

describe('spacedOptions', () => {
  it('f149: words set apart by blanks are choices', () => {
    expect(spacedOptions('生产任务        经营业务         购买业务         运输业务')).toEqual(['生产任务', '经营业务', '购买业务', '运输业务']);
  });
  it('f019: lettered choices', () => {
    expect(spacedOptions('A.重点课题  B.探索性课题  C.青年基金课题')).toEqual(['重点课题', '探索性课题', '青年基金课题']);
    expect(spacedOptions('A.基础  B. 应用基础')).toEqual(['基础', '应用基础']);
  });
  it('not a letter-spaced label, a label with its hint, or a sentence', () => {
    expect(spacedOptions('贴 照 片 处')).toBeNull();
    expect(spacedOptions('类别 标记 （√）')).toBeNull();
    expect(spacedOptions('普通发票 增值税发票 需开增值税发票请连同开票资料一起传真至我公司，否则视为普通发票')).toBeNull();
  });
});

describe('besideLabel', () => {
  it('f141: `建   筑   面   积 |  |  |  | M2` — the unit of the blank', () => {
    const f = label('建筑面积');
    expect(besideLabel(cell('M2'), f)).toBe(true);
    expect(f.unit).toBe('M2');
  });
  it('f019: `预计研究年限 |  | 年  月 —     年  月` — a span of dates', () => {
    const f = label('预计研究年限');
    expect(besideLabel(cell('年  月 —     年  月'), f)).toBe(true);
    expect(f.description).toBe('起止日期');
  });
  it('f104: `签名：` signs for the 意见 before it; nothing joins a label of another row or a label', () => {
    const f = label('实验室主任意见');
    expect(besideLabel(cell('签名：'), f)).toBe(true);
    expect(f.description).toBe('另须签名');
    expect(besideLabel(cell('M2', 4), label('建筑面积'))).toBe(false);
    expect(besideLabel(cell('性别'), label('姓名'))).toBe(false);
  });
});

describe('brackets to tick', () => {
  it('f102 `（  ）一般性国际会议  （  ）自然科学技术领域的国际会议`, f145 `( )信息技术( )电子商务`', () => {
    expect(spacedOptions('（  ）一般性国际会议  （  ）自然科学技术领域的国际会议')).toEqual(['一般性国际会议', '自然科学技术领域的国际会议']);
    expect(spacedOptions('(  )信息技术      (  )电子商务      (  )健康医疗')).toEqual(['信息技术', '电子商务', '健康医疗']);
    expect(spacedOptions('（  ） A、学术科研类项目 （  ） B、社会调查类项目')).toEqual(['学术科研类项目', '社会调查类项目']);
  });
});

describe('boxes with the tick already made', () => {
  it('f146: `√所有学生 □研究生 □本科生` after `面向学生` are its options', () => {
    const f = label('面向学生');
    expect(besideLabel(cell('√所有学生 □研究生 □本科生'), f)).toBe(true);
    expect(f.options.length).toBe(3);
  });
});
