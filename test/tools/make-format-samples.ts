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
if (want('bad')) makeBad();
