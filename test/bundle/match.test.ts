/**
 * The rules that pick a bundle's notice and match its other files to the 附件说明: each with the
 * real names and lines it handles.
 */
import { describe, expect, it } from 'vitest';
import { attachmentNumber, numberOf, SAME_TITLE, titleKey, titleLikeness } from '../../src/bundle/match.js';
import { entryFor } from '../../src/sinks/links.js';
import type { Attachment, NoticeRecord } from '../../src/record/schema.js';

describe('attachmentNumber', () => {
  it.each([
    ['附件1 2024年全国科技活动周特色群众性科技活动推荐表.docx', 1],
    ['附件 2：2023年北京科技周活动开展情况统计表.xls', 2],
    ['附件二 “我为学院代言”个人报名表.doc', 2],
    ['附件１１ 推荐汇总表.xlsx', 11],
    ['2.科普统计调查表.doc', 2],
    ['（3）专家推荐表.docx', 3],
    ['附表3 审批表.et', 3],
    ['sub/附件4-回执.doc', 4],
  ])('%s → %i', (name, n) => expect(attachmentNumber(name, [])).toBe(n));

  it('a year or a bare title is no number', () => {
    expect(attachmentNumber('2024年全国科技活动周开展情况统计表.xlsx', [])).toBeNull();
    expect(attachmentNumber('报名表.docx', [])).toBeNull();
  });

  it('else the 附件 line printed over the form', () => {
    expect(attachmentNumber('推荐表.docx', ['附件 1', '2024 年全国科技活动周特色群众性科技活动推荐表'])).toBe(1);
    expect(attachmentNumber('推荐表.docx', ['2024 年全国科技活动周特色群众性科技活动推荐表', '推荐单位：（公章）'])).toBeNull();
  });

  it.each([
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['３', 3],
  ])('numberOf(%s) = %i', (s, n) => expect(numberOf(s)).toBe(n));
});

describe('titleLikeness', () => {
  it('a file name and the 附件说明 entry of one form are alike, blanks and labels aside', () => {
    expect(titleKey('附件2 2024 年全国科技活动周开展情况统计表')).toBe('2024年全国科技活动周开展情况统计表');
    expect(titleLikeness('附件2 2024年全国科技活动周开展情况统计表', '2024 年全国科技活动周开展情况统计表')).toBe(1);
    expect(titleLikeness('科技活动周开展情况统计表', '2024年全国科技活动周开展情况统计表')).toBeGreaterThanOrEqual(SAME_TITLE);
  });

  it('two forms of one notice are not', () => {
    expect(titleLikeness('2024年全国科技活动周特色群众性科技活动推荐表', '2024年全国科技活动周开展情况统计表')).toBeLessThan(SAME_TITLE);
  });
});

describe('entryFor (linking a form record to a notice entry)', () => {
  const entry = (label: string, title: string): Attachment =>
    ({ label, title, form: null, uiSchema: null, deadline: null, submitTo: null, sealRequired: false, fieldSources: [], evidence: { start: 0, end: 0, page: null, quote: '' }, file: null, record: null }) as Attachment;
  const notice = { attachments: [entry('附件1', '2024年全国科技活动周特色群众性科技活动推荐表'), entry('附件2', '2024年全国科技活动周开展情况统计表')] } as NoticeRecord;
  const form = (fileName: string, title: string, label: string | null = null): NoticeRecord =>
    ({ kind: 'form', title, text: title, source: { fileName }, attachments: [{ ...entry(label ?? '', title), label, form: {} }] }) as unknown as NoticeRecord;

  it('by title, the numbers agreeing', () => {
    expect(entryFor(notice, form('附件2 2024年全国科技活动周开展情况统计表.xlsx', '2024年全国科技活动周开展情况统计表'))).toBe(1);
    expect(entryFor(notice, form('统计表.xlsx', '2024 年全国科技活动周开展情况统计表', '附件2'))).toBe(1);
  });

  it('never by number alone, nor against a number', () => {
    expect(entryFor(notice, form('附件1 个人报名表.docx', '个人报名表'))).toBe(-1);
    expect(entryFor(notice, form('附件1 2024年全国科技活动周开展情况统计表.xlsx', '2024年全国科技活动周开展情况统计表'))).toBe(-1);
  });

  it('an entry already filled (a form printed or attached, or linked) is not taken again', () => {
    const linked = { attachments: [{ ...notice.attachments[1], record: 'aaaaaaaaaaaaaaaa' }] } as NoticeRecord;
    expect(entryFor(linked, form('统计表.xlsx', '2024年全国科技活动周开展情况统计表'))).toBe(-1);
  });
});
