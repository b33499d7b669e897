/** The MIME type the feed and /notices/:id/original give each format's original file. */
import { describe, expect, it } from 'vitest';
import { originalMime } from '../../src/sinks/feed.js';

describe('originalMime', () => {
  it.each([
    [{ format: 'pdf', encoding: null, fileName: 'a.pdf' }, 'application/pdf'],
    [{ format: 'doc', encoding: null, fileName: '通知.wps' }, 'application/msword'],
    [{ format: 'xls', encoding: null, fileName: '附件2 汇总表.et' }, 'application/vnd.ms-excel'],
    [{ format: 'xlsx', encoding: null, fileName: 'b.xlsx' }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [{ format: 'html', encoding: 'gbk', fileName: 'c.htm' }, 'text/html; charset=gbk'],
    [{ format: 'ofd', encoding: null, fileName: 'd.ofd' }, 'application/ofd'],
    [{ format: 'image', encoding: null, fileName: '第1页.PNG' }, 'image/png'],
    [{ format: 'image', encoding: null, fileName: 'scan.tif' }, 'image/tiff'],
    [{ format: 'text', encoding: 'utf-16le', fileName: 'e.txt' }, 'text/plain; charset=utf-16le'],
  ] as const)('%o → %s', (source, mime) => {
    expect(originalMime(source)).toBe(mime);
  });
});
