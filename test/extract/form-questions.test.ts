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
