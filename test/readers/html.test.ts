/**
 * Saved web pages (.html, .mht): encoding from BOM / meta / detection, page chrome dropped,
 * 发布时间 and 来源 kept as source metadata, tables with spans, no-text pages a typed error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/document.js';
import { decodeHtml } from '../../src/readers/html.js';
import { detectFormat, readBytes } from '../../src/readers/index.js';
import { ROOT } from '../helpers.js';

const FORMATS = join(ROOT, 'samples/formats');
const SEED = '003_db71631729e5d48d';
const bytesOf = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const page = (body: string, head = '<meta charset="utf-8">'): Uint8Array => new TextEncoder().encode(`<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`);

describe('decodeHtml', () => {
  const SENTENCE = '请于6月30日前将总结报告报送科技部。';
  it('takes the charset the page declares (GBK read as GB18030)', () => {
    const bytes = iconv.encode(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>${SENTENCE}</p></body></html>`, 'gbk');
    const d = decodeHtml(new Uint8Array(bytes), null);
    expect(d.encoding).toBe('gb18030');
    expect(d.text).toContain(SENTENCE);
  });
  it('a BOM wins over a wrong declaration', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<meta charset="gbk"><p>${SENTENCE}</p>`)]);
    expect(decodeHtml(new Uint8Array(bytes), null)).toMatchObject({ encoding: 'utf-8' });
  });
  it('detects GBK when nothing is declared', () => {
    const bytes = iconv.encode(`<html><body><p>${SENTENCE.repeat(5)}</p></body></html>`, 'gbk');
    expect(decodeHtml(new Uint8Array(bytes), null).text).toContain(SENTENCE);
  });
});

describe('the seed as a saved GBK page with site chrome', () => {
  it('is html from its bytes; .mht too', () => {
    expect(detectFormat(bytesOf(join(FORMATS, `${SEED}.html`)))).toBe('html');
    expect(detectFormat(bytesOf(join(FORMATS, `${SEED}.mht`)))).toBe('html');
  });

  it.each(['html', 'mht'])('.%s: the article without menu, breadcrumb, share bar or footer', async (ext) => {
    const doc = await readBytes(bytesOf(join(FORMATS, `${SEED}.${ext}`)), `${SEED}.${ext}`);
    expect(doc.source).toMatchObject({ format: 'html', encoding: 'gb18030', origin: '科技部' });
    expect(doc.text).toMatch(/^科 ?学 ?技 ?术 ?部/);
    for (const chrome of ['首页', '当前位置', '分享到', '010-12345678', '版权所有', '_通知公告_', '站内搜索', '发布时间', '字号']) expect(doc.text).not.toContain(chrome);
    const stats = doc.blocks.find((b): b is Table => b.kind === 'table' && b.rows.some((r) => r.some((c) => c.text.startsWith('活动经费投入'))));
    expect(stats?.rows.flat().find((c) => c.text.startsWith('活动经费投入'))?.rowSpan).toBe(7);
  });

  it('keeps 发布时间 and 来源 as source metadata', async () => {
    const doc = await readBytes(bytesOf(join(FORMATS, '000_fc46f2fa053bb05e.html')), 'x.html');
    expect(doc.source).toMatchObject({ published: '2023-04-15', origin: '科技部' });
  });

  it('takes TRS meta tags (PubDate, ContentSource) first', async () => {
    const doc = await readBytes(page('<p>关于举办2024年全国科技活动周的通知</p>', '<meta charset="utf-8"><meta name="PubDate" content="2024-03-29 10:00"><meta name="ContentSource" content="科技部">'), 'x.html');
    expect(doc.source).toMatchObject({ published: '2024-03-29 10:00', origin: '科技部' });
  });

  it('walks through layout tables and keeps a body sentence that mentions 来源', async () => {
    const doc = await readBytes(page('<table><tr><td><table><tr><td>a</td><td>b</td></tr></table><p>经费来源：市级财政专项资金。</p></td></tr></table>'), 'x.html');
    expect(doc.text).toContain('经费来源：市级财政专项资金。');
    expect(doc.blocks.filter((b) => b.kind === 'table')).toHaveLength(1);
  });
});

describe('broken pages', () => {
  it('a page with nothing but chrome is empty_file', async () => {
    await expect(readBytes(bytesOf(join(FORMATS, 'bad/no-text.html')), 'no-text.html')).rejects.toMatchObject({ code: 'empty_file' });
  });
  it('an MHT without an HTML part is corrupt_file', async () => {
    const mht = 'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html\r\n';
    const bytes = new TextEncoder().encode(mht.replace('text/html\r\n', 'text/css\r\n\r\nbody{}\r\n--b--\r\n') + ' text/html');
    await expect(readBytes(bytes, 'x.mht')).rejects.toMatchObject({ code: 'corrupt_file' });
  });
});
