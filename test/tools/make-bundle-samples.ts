/**
 * Makes samples/bundles/ from seed 003 (see samples/bundles/README.md):
 *   npx tsx test/tools/make-bundle-samples.ts
 * The seed's .docx is cut at its `附件 N` lines into three Word packages (the notice with its
 * 版记, 附件1, 附件2); LibreOffice prints the notice to PDF and re-saves 附件1 as .docx; 附件2
 * is the 附件2 sheet of samples/formats/003_*.xlsx. The three files go into a folder and into
 * two ZIPs: one with UTF-8 names (flag set), one with GBK names and no flag, as Chinese Windows
 * writes them. Needs `soffice` and ../shared/samples/tools/fonts.conf (the seed PDFs' font map). The output is committed; tests never regenerate it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zip } from './zip-writer.js';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import JSZip from 'jszip';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED = join(ROOT, 'samples', '003_db71631729e5d48d.docx');
const SEED_XLSX = join(ROOT, 'samples', 'formats', '003_db71631729e5d48d.xlsx');
const OUT = join(ROOT, 'samples', 'bundles');
/** The font map the seed PDFs were made with (方正小标宋/仿宋/黑体/楷体 → Noto CJK, LXGW WenKai). */
const FONTS = resolve(ROOT, '../shared/samples/tools/fonts.conf');
const NOTICE = '科技部 中央宣传部 中国科协关于举办2024年全国科技活动周的通知.pdf';
const ATT1 = '附件1 2024年全国科技活动周特色群众性科技活动推荐表.docx';
const ATT2 = '附件2 2024年全国科技活动周开展情况统计表.xlsx';

function soffice(input: string, to: string, outDir: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'make-bundle-profile-'));
  try {
    const r = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=${pathToFileURL(profile).href}`, '--convert-to', to, '--outdir', outDir, input], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, FONTCONFIG_FILE: FONTS },
    });
    if (r.status !== 0) throw new Error(`soffice failed on ${input}: ${r.stderr}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The top-level children of <w:body> as XML strings (paragraphs, tables; sectPr last). */
function bodyChildren(xml: string): { head: string; children: string[]; tail: string } {
  const open = xml.indexOf('<w:body>') + '<w:body>'.length;
  const close = xml.lastIndexOf('</w:body>');
  const body = xml.slice(open, close);
  const children: string[] = [];
  let depth = 0;
  let from = 0;
  for (const m of body.matchAll(/<(\/?)w:(p|tbl|sectPr)(?=[\s>\/])[^>]*?(\/?)>/g)) {
    const closing = m[1] === '/';
    const self = m[3] === '/';
    if (!closing && depth === 0) from = m.index;
    if (self) {
      if (depth === 0) children.push(body.slice(from, m.index + m[0].length));
      continue;
    }
    depth += closing ? -1 : 1;
    if (closing && depth === 0) children.push(body.slice(from, m.index + m[0].length));
  }
  return { head: xml.slice(0, open), children, tail: xml.slice(close) };
}

const textOf = (xml: string): string => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

async function withBody(zip: JSZip, head: string, children: string[], tail: string, sectPr: string): Promise<Buffer> {
  const copy = await JSZip.loadAsync(await zip.generateAsync({ type: 'uint8array' }));
  copy.file('word/document.xml', head + children.join('') + sectPr + tail);
  return copy.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A ZIP as an archiver writes it: deflated entries, names as given bytes, bit 11 only when `utf8`. */
const zipOf = (files: Array<{ name: string; data: Buffer }>, utf8: boolean): Buffer =>
  zip(files.map((f) => ({ name: utf8 ? Buffer.from(f.name, 'utf8') : iconv.encode(f.name, 'gbk'), data: f.data, flags: utf8 ? 0x0800 : 0 })));

async function main(): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(SEED));
  const xml = await zip.file('word/document.xml')!.async('string');
  const { head, children, tail } = bodyChildren(xml);
  const sectPr = children.at(-1)?.startsWith('<w:sectPr') ? (children.pop() as string) : '';
  const labels = children.map((c, i) => (/^附件\s*\d$/.test(textOf(c).trim()) && c.startsWith('<w:p') ? i : -1)).filter((i) => i >= 0);
  if (labels.length !== 2) throw new Error(`expected two 附件 lines, found ${labels.length}`);
  const [a1, a2] = labels as [number, number];
  // The 版记 (a table with 印发) closes the notice: it goes back after the body.
  let end = children.length;
  while (end > a2 && /印发/.test(textOf(children[end - 1] ?? '')) && (children[end - 1] ?? '').startsWith('<w:tbl')) end--;
  const imprint = children.slice(end);
  const tmp = mkdtempSync(join(tmpdir(), 'make-bundle-'));
  try {
    writeFileSync(join(tmp, 'notice.docx'), await withBody(zip, head, [...children.slice(0, a1), ...imprint], tail, sectPr));
    writeFileSync(join(tmp, 'att1.docx'), await withBody(zip, head, children.slice(a1, a2), tail, sectPr));
    soffice(join(tmp, 'notice.docx'), 'pdf', tmp);
    mkdirSync(join(tmp, 'resaved'));
    soffice(join(tmp, 'att1.docx'), 'docx:MS Word 2007 XML', join(tmp, 'resaved'));
    const wb = XLSX.read(readFileSync(SEED_XLSX));
    const sheet = wb.Sheets['附件2'];
    if (!sheet) throw new Error('no sheet 附件2 in the seed workbook');
    const one = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(one, sheet, '附件2');
    const folder = join(OUT, '003_folder');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    renameSync(join(tmp, 'notice.pdf'), join(folder, NOTICE));
    renameSync(join(tmp, 'resaved', 'att1.docx'), join(folder, ATT1));
    writeFileSync(join(folder, ATT2), XLSX.write(one, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
    const files = [NOTICE, ATT1, ATT2].map((name) => ({ name, data: readFileSync(join(folder, name)) }));
    writeFileSync(join(OUT, '003_utf8.zip'), zipOf(files, true));
    writeFileSync(join(OUT, '003_gbk.zip'), zipOf(files, false));
    process.stdout.write(`${folder}, 003_utf8.zip, 003_gbk.zip\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
