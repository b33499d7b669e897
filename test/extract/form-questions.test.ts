/**
 * A value cell that asks several questions of its own (src/extract/forms/printed.ts questionsIn),
 * with the real cell of the forms corpus that taught each kind (forms/real f018).
 */
import { describe, expect, it } from 'vitest';
import { questionsIn } from '../../src/extract/forms/printed.js';

describe('questionsIn', () => {
  it('f018: choices before brackets to tick, and a date to write', () => {
    const q = questionsIn('完成工作量情况：\n50%以上（  ）  50%左右（  ）  50%-30%（  ）  30%以上（  ）  请打“√”\n预计完成时间：     年   月   日 之前');
    expect(q?.map((x) => [x.label, x.options])).toEqual([
      ['完成工作量情况', '50%以上 50%左右 50%-30% 30%以上'],
      ['预计完成时间', ''],
    ]);
  });
  it('one question alone is a label and its options, not a group', () => {
    expect(questionsIn('综合评价： 优（  ） 良（  ） 中（  ）')).toBeNull();
  });
});

describe('choices down the rows under a label that asks for a tick', () => {
  it('f018: `中期检查最终结果（请打√）` beside a signed opinion, over `优秀`, `合格`, `不合格`', async () => {
    const { readBytes } = await import('../../src/readers/index.js');
    const { bareForm } = await import('../../src/extract/forms/index.js');
    const { formLayout } = await import('../../src/extract/forms/layout.js');
    const doc = await readBytes(new TextEncoder().encode(['中期检查报告', '学院对项目进展审核意见： 学院负责人签名： （学院盖章） 年   月   日 | 中期检查最终结果 （请打√） | ', ' | 优秀 | ', ' | 合格 | ', ' | 不合格 | '].join('\n')), 'x.txt');
    const part = bareForm(doc.blocks);
    const fields = formLayout(part ?? { label: null, number: null, title: null, blocks: doc.blocks }, '').items.flatMap((it) => (it.kind === 'field' ? [it.field] : []));
    expect(fields.map((f) => f.title)).toEqual(['学院对项目进展审核意见', '中期检查最终结果']);
    expect(fields[1]?.options).toEqual(['优秀', '合格', '不合格']);
  });
});
