/**
 * Makes samples/formats/ from the seed samples (see samples/formats/README.md):
 *   npx tsx test/tools/make-format-samples.ts [doc|xls|html|ofd|bad ...]   (default: all)
 * Needs LibreOffice (`soffice`) for the .doc files. The output is committed; the tests read it
 * and never regenerate it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import type { Block, Doc } from '../../src/document.js';
import { recordFromDoc } from '../../src/pipeline.js';
import { readDocument } from '../../src/readers/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLES = join(ROOT, 'samples');
const OUT = join(SAMPLES, 'formats');
const STEMS = readdirSync(SAMPLES)
  .filter((f) => /^\d{3}_[0-9a-f]+\.docx$/.test(f))
  .map((f) => f.replace(/\.docx$/, ''))
  .sort();

mkdirSync(OUT, { recursive: true });
const wanted = new Set(process.argv.slice(2));
const want = (k: string): boolean => wanted.size === 0 || wanted.has(k);

function soffice(input: string, to: string, outDir: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'make-samples-profile-'));
  try {
    const r = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=${pathToFileURL(profile).href}`, '--convert-to', to, '--outdir', outDir, input], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.status !== 0) throw new Error(`soffice failed on ${input}: ${r.stderr}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Each seed's .docx saved by LibreOffice as Word 97 (.doc); the .wps is the same bytes. */
function makeDoc(): void {
  const tmp = mkdtempSync(join(tmpdir(), 'make-samples-'));
  try {
    for (const stem of STEMS) {
      soffice(join(SAMPLES, `${stem}.docx`), 'doc:MS Word 97', tmp);
      renameSync(join(tmp, `${stem}.doc`), join(OUT, `${stem}.doc`));
      copyFileSync(join(OUT, `${stem}.doc`), join(OUT, `${stem}.wps`));
      process.stdout.write(`${stem}.doc, ${stem}.wps\n`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Each attachment of a seed (found by the record's attachment titles in the seed's .docx) as one
 * sheet: its 附件N line, title and notes as rows merged across the table's width, its table with
 * the DOCX's row/column spans as merges. The 版记 after the last attachment is left out.
 */
async function workbookOf(stem: string): Promise<XLSX.WorkBook | null> {
  const file = join(SAMPLES, `${stem}.docx`);
  const doc: Doc = await readDocument(file);
  const record = recordFromDoc(doc, { keywords: false });
  const titles = record.attachments.map((a) => a.title).filter((t): t is string => !!t);
  if (titles.length === 0) return null;
  const starts = titles.map((t) => {
    const i = doc.blocks.findIndex((b) => b.kind === 'paragraph' && b.text.replace(/\s/g, '') === t.replace(/\s/g, ''));
    if (i < 0) throw new Error(`${stem}: attachment title not found: ${t}`);
    const prev = doc.blocks[i - 1];
    return prev?.kind === 'paragraph' && /^附件\s*\d*[:：]?$/.test(prev.text) ? i - 1 : i;
  });
  const wb = XLSX.utils.book_new();
  starts.forEach((start, k) => {
    let end = starts[k + 1] ?? doc.blocks.length;
    const isImprint = (b: Block | undefined): boolean => b?.kind === 'table' && /印发/.test(b.rows.flat().map((c) => c.text).join(''));
    while (end > start && isImprint(doc.blocks[end - 1])) end--;
    XLSX.utils.book_append_sheet(wb, sheetOf(doc.blocks.slice(start, end)), `附件${k + 1}`);
  });
  return wb;
}

function sheetOf(blocks: Block[]): XLSX.WorkSheet {
  const width = Math.max(1, ...blocks.map((b) => (b.kind === 'table' ? b.columns : 1)));
  const aoa: string[][] = [];
  const merges: XLSX.Range[] = [];
  for (const b of blocks) {
    const top = aoa.length;
    if (b.kind === 'paragraph') {
      aoa.push([b.text, ...Array<string>(width - 1).fill('')]);
      if (width > 1) merges.push({ s: { r: top, c: 0 }, e: { r: top, c: width - 1 } });
      continue;
    }
    const rows = Math.max(...b.rows.flat().map((c) => c.row + c.rowSpan));
    for (let r = 0; r < rows; r++) aoa.push(Array<string>(width).fill(''));
    for (const c of b.rows.flat()) {
      const row = aoa[top + c.row];
      if (row) row[c.col] = c.text;
      if (c.rowSpan > 1 || c.colSpan > 1) merges.push({ s: { r: top + c.row, c: c.col }, e: { r: top + c.row + c.rowSpan - 1, c: c.col + c.colSpan - 1 } });
    }
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  ws['!merges'] = merges;
  return ws;
}

/** .xlsx written by SheetJS; .xls saved from it by LibreOffice (BIFF8); .et = the .xls bytes. */
async function makeXls(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'make-samples-'));
  try {
    for (const stem of STEMS) {
      const wb = await workbookOf(stem);
      if (!wb) continue;
      writeFileSync(join(OUT, `${stem}.xlsx`), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
      soffice(join(OUT, `${stem}.xlsx`), 'xls:MS Excel 97', tmp);
      renameSync(join(tmp, `${stem}.xls`), join(OUT, `${stem}.xls`));
      copyFileSync(join(OUT, `${stem}.xls`), join(OUT, `${stem}.et`));
      process.stdout.write(`${stem}.xlsx, ${stem}.xls, ${stem}.et\n`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The notice's blocks as a government site's article: paragraphs with their alignment, tables with spans. */
function articleHtml(doc: Doc): string {
  return doc.blocks
    .map((b) => {
      if (b.kind === 'paragraph') {
        const align = b.layout?.align && b.layout.align !== 'justify' && b.layout.align !== 'left' ? ` style="text-align:${b.layout.align}"` : '';
        const indent = !align && (b.layout?.indentChars ?? 0) >= 1.5 ? ' style="text-indent:2em"' : '';
        return `<p${align}${indent}>${esc(b.text)}</p>`;
      }
      const rows = b.rows.map((r) => `<tr>${r.map((c) => `<td${c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}${c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}>${c.text.split('\n').map(esc).join('<br>')}</td>`).join('')}</tr>`);
      return `<table border="1" cellspacing="0" cellpadding="4">\n${rows.join('\n')}\n</table>`;
    })
    .join('\n');
}

/**
 * A saved page of a ministry site around the article: scripts and styles, a header with the
 * site's name and search, a navigation menu, a breadcrumb, the info line (发布时间 / 来源),
 * a share bar and a footer with the site's own address and telephone, which must not become
 * the notice's. Declared and encoded as GBK (gb2312 in the meta, as such sites print it).
 */
function pageHtml(doc: Doc, title: string, published: string | null, origin: string | null): string {
  const info = [published ? `发布时间：${published}` : '', origin ? `来源：${esc(origin)}` : ''].filter(Boolean).join('&nbsp;&nbsp;');
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>${esc(title)}_通知公告_示例政府门户网站</title>
<style type="text/css">body{font-family:SimSun} .nav li{float:left} #footer{color:#666}</style>
<script type="text/javascript">var _hmt = _hmt || []; document.write("<p>请使用IE8以上浏览器</p>");</script>
</head>
<body>
<div class="top-header"><div class="logo">示例政府门户网站</div><div class="search">站内搜索：<input type="text" name="q" /><button>搜索</button></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xw/">新闻动态</a></li><li><a href="/tztg/">通知公告</a></li><li><a href="/zcfg/">政策法规</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/tztg/">通知公告</a> &gt; 正文</div>
<div class="article">
<h1 class="article-title" style="display:none">${esc(title)}</h1>
<div class="info">${info}&nbsp;&nbsp;字号：<a>大</a> <a>中</a> <a>小</a></div>
<div class="TRS_Editor">
${articleHtml(doc)}
</div>
<div class="share-bar">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a> <a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div id="footer"><p>主办单位：示例政府门户网站管理中心　地址：北京市西城区示例大街1号　邮编：100000</p><p>联系电话：010-12345678　京ICP备00000000号　版权所有</p></div>
<script type="text/javascript">(function(){var s=document.createElement("script");})();</script>
</body>
</html>
`;
}

/** Each seed as a GBK page (.html from the .docx); 003 also as an MHTML archive (.mht). */
async function makeHtml(): Promise<void> {
  for (const stem of STEMS) {
    const file = join(SAMPLES, `${stem}.docx`);
    const doc = await readDocument(file);
    const record = recordFromDoc(doc, { keywords: false });
    const html = pageHtml(doc, record.title ?? stem, record.signedDate ?? record.printedDate, record.issuers[0] ?? null);
    const gbk = iconv.encode(html, 'gbk');
    writeFileSync(join(OUT, `${stem}.html`), gbk);
    process.stdout.write(`${stem}.html\n`);
    if (stem.startsWith('003')) {
      const b64 = gbk.toString('base64').replace(/.{76}/g, '$&\r\n');
      const mht = [
        'From: <Saved by Blink>',
        `Subject: ${record.title ?? stem}`.replace(/[^\x20-\x7e]/g, '?'),
        'MIME-Version: 1.0',
        'Content-Type: multipart/related;',
        '\ttype="text/html";',
        '\tboundary="----MultipartBoundary--tongzhi--sample----"',
        '',
        '',
        '------MultipartBoundary--tongzhi--sample----',
        'Content-Type: text/html; charset="gbk"',
        'Content-Transfer-Encoding: base64',
        'Content-Location: https://www.example.gov.cn/tztg/index.html',
        '',
        b64,
        '',
        '------MultipartBoundary--tongzhi--sample----',
        'Content-Type: text/css',
        'Content-Transfer-Encoding: quoted-printable',
        'Content-Location: https://www.example.gov.cn/css/style.css',
        '',
        'body { font-family: SimSun; }',
        '',
        '------MultipartBoundary--tongzhi--sample------',
        '',
      ].join('\r\n');
      writeFileSync(join(OUT, `${stem}.mht`), mht, 'latin1');
      process.stdout.write(`${stem}.mht\n`);
    }
  }
}

/** Broken files for the typed errors. */
function makeBad(): void {
  const dir = join(OUT, 'bad');
  mkdirSync(dir, { recursive: true });
  const doc = readFileSync(join(OUT, `${STEMS[3]}.doc`));
  // Cut at 60%: the header still says OLE2, its FAT and directory point past the end.
  writeFileSync(join(dir, 'truncated.doc'), doc.subarray(0, Math.floor(doc.byteLength * 0.6)));
  process.stdout.write('bad/truncated.doc\n');
  writeFileSync(join(dir, 'password.xls'), withFilePass(readFileSync(join(OUT, `${STEMS[3]}.xls`))));
  process.stdout.write('bad/password.xls\n');
  const chromeOnly = iconv.encode(
    '<html><head><meta charset="gbk"><title>页面</title><script>var a = "通知";</script></head><body><div class="nav"><a>首页</a><a>通知公告</a></div><div id="footer">版权所有</div></body></html>',
    'gbk',
  );
  writeFileSync(join(dir, 'no-text.html'), chromeOnly);
  process.stdout.write('bad/no-text.html\n');
}

/** SheetJS's bundled CFB library (typed `any` by SheetJS): the calls used here. */
interface CfbLib {
  read(data: Buffer, opts: { type: 'buffer' }): unknown;
  find(cfb: unknown, path: string): { content: Uint8Array } | null;
  write(cfb: unknown, opts: { type: 'buffer' }): Buffer;
}

/**
 * The workbook with a FILEPASS record (RC4, BIFF8) right after its first BOF, where Excel puts it
 * when a password is set: readers must stop there. The salt and verifier are random and the
 * records after it are left as they were, so only the protection header is real.
 */
function withFilePass(xls: Buffer): Buffer {
  const CFB = (XLSX as unknown as { CFB: CfbLib }).CFB;
  const cfb = CFB.read(xls, { type: 'buffer' });
  const entry = CFB.find(cfb, 'Workbook');
  if (!entry) throw new Error('no Workbook stream');
  const stream = Buffer.from(entry.content);
  const bofLength = stream.readUInt16LE(2);
  const filePass = Buffer.alloc(4 + 54);
  filePass.writeUInt16LE(0x002f, 0);
  filePass.writeUInt16LE(54, 2);
  filePass.writeUInt16LE(1, 4); // wEncryptionType: RC4
  filePass.writeUInt16LE(1, 6); // vMajor
  filePass.writeUInt16LE(1, 8); // vMinor
  for (let i = 10; i < 58; i++) filePass[i] = Math.floor(Math.random() * 256);
  entry.content = Buffer.concat([stream.subarray(0, 4 + bofLength), filePass, stream.subarray(4 + bofLength)]);
  return CFB.write(cfb, { type: 'buffer' });
}

if (want('doc')) makeDoc();
if (want('xls')) await makeXls();
if (want('html')) await makeHtml();
if (want('bad')) makeBad();
