import { describe, expect, it } from 'vitest';
import type { RawParagraph } from '../../src/document.js';
import type { Line } from '../../src/readers/pdf-lines.js';
import { buildBlocks } from '../../src/readers/pdf-paragraphs.js';

/** n120.pdf: a text copy that set its signature and date to the right with blanks, laid out flush left at 10 pt (frame 56.8–537 pt). */
describe('buildBlocks: a right-set signature and date wrapped at the edge', () => {
  const line = (text: string, x: number, end: number, y: number): Line => ({ text, x, end, y, size: 10, bold: false, chars: text.replace(/\s/g, '').length });
  const body = (y: number): Line => line('请各单位于7月10日下午5点前,将报名回执反馈至省科技厅办公室,电话:027-87135893,传真:027-87135895,逾期不再受理', 56.8, 536.8, y);
  const blocks = (tail: Line[]): string[] =>
    (buildBlocks([{ page: 1, bottom: 0, top: 842, tables: [], lines: [body(700), body(685), body(670), ...tail] }]) as RawParagraph[]).map((b) => b.text);

  it('joins `省科技厅办` / `公室` and `2017 年 7` / `月 5 日`', () => {
    expect(blocks([line('省科技厅办', 486.8, 536.8, 640), line('公室', 56.8, 76.8, 625), line('2017 年 7', 488.8, 526.8, 610), line('月 5 日', 56.8, 86.8, 595)]).slice(1)).toEqual([
      '省科技厅办公室',
      '2017 年 7月 5 日',
    ]);
  });

  it('keeps a right-set signature apart from a label or a sentence flush left under it', () => {
    expect(blocks([line('省科技厅办公室', 466.8, 536.8, 640), line('附件:', 56.8, 81.8, 625)]).slice(1)).toEqual(['省科技厅办公室', '附件:']);
    expect(blocks([line('省科技厅办公室', 466.8, 536.8, 640), line('特此通知。', 56.8, 106.8, 625)]).slice(1)).toEqual(['省科技厅办公室', '特此通知。']);
    // A signature that stops short of the edge did not wrap.
    expect(blocks([line('省科技厅', 456.8, 496.8, 640), line('公室', 56.8, 76.8, 625)]).slice(1)).toEqual(['省科技厅', '公室']);
  });
});
