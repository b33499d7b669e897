/**
 * Generates the hostile inputs of issue 10 §2 on disk: big files are built here, in a few
 * seconds and with little memory (bombs are compressed in chunks), instead of being committed.
 * Each generator writes one file into `dir` and returns its path.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import JSZip from 'jszip';

export interface HostileCase {
  name: string;
  /** What the run must end in: a record, or one of these error codes. */
  expect: { record?: true; codes?: string[] };
  make(dir: string): Promise<string>;
}

// ---------- PDF ----------

/** A PDF from object bodies (1-based ids; object 1 must be the catalog), with a correct xref. */
function pdfFile(objects: Array<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

const stream = (dict: string, data: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const pageText = (label: string): string => `BT /F1 12 Tf 72 500 Td (${label} notice text on this page for reading) Tj ET`;

/** `pages` pages sharing one font, each with its own short content stream. */
export function manyPagesPdf(pages: number): Buffer {
  // 1 catalog, 2 pages tree, 3 font, then page i at 4 + 2i and its content at 5 + 2i.
  const kids = Array.from({ length: pages }, (_, i) => `${4 + 2 * i} 0 R`).join(' ');
  const objects: Array<string | Buffer> = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Count ${pages} /Kids [${kids}] >>`, FONT];
  for (let i = 0; i < pages; i++) {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * i} 0 R >>`);
    // Different text on every page: a line repeated on every page is a running header and dropped.
    objects.push(stream('', Buffer.from(pageText(`Page ${i + 1} item ${(i * 7919) % 10007}`), 'latin1')));
  }
  return pdfFile(objects);
}

/** One page with `lines` touching hairlines: half a lattice of horizontals, half verticals. */
export function rulingLinesPdf(lines: number): Buffer {
  const half = Math.floor(lines / 2);
  const ops: string[] = [pageText('Rules'), '0.1 w'];
  // Lines 0.01 pt apart would snap together; spread them over a big user space instead.
  for (let i = 0; i < half; i++) ops.push(`0 ${(i * 0.05).toFixed(2)} m 600 ${(i * 0.05).toFixed(2)} l S`);
  for (let i = 0; i < half; i++) ops.push(`${(i * 0.05).toFixed(2)} 0 m ${(i * 0.05).toFixed(2)} 600 l S`);
  const content = deflateSync(Buffer.from(ops.join('\n'), 'latin1'));
  return pdfFile([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [4 0 R] >>',
    FONT,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>',
    stream('/Filter /FlateDecode', content),
  ]);
}

const MB = 1024 * 1024;

/**
 * `total` blanks as raw deflate, fast: one 1 MB block compressed once with a full flush (which
 * makes it independent of what precedes it) and repeated — ~1 KB of output per MB.
 */
function deflatedBlanks(total: number, crcBefore = 0): { blocks: Buffer; crc: number } {
  const chunk = Buffer.alloc(MB, 0x20);
  const block = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const n = Math.ceil(total / MB);
  let crc = crcBefore;
  for (let i = 0; i < n; i++) crc = crc32(chunk, crc);
  return { blocks: Buffer.concat(Array.from({ length: n }, () => block)), crc };
}

/** zlib-wrapped blanks; the Adler-32 at the end is left zero (readers meet the size first). */
function zlibBlanks(total: number): Buffer {
  return Buffer.concat([Buffer.from([0x78, 0xda]), deflatedBlanks(total).blocks, deflateRawSync(Buffer.alloc(0)), Buffer.alloc(4)]);
}

/** A page whose content stream is ~1 MB of FlateDecode inflating to `inflated` bytes of blanks. */
export function flateBombPdf(inflated: number): Buffer {
  const bomb = zlibBlanks(inflated);
  return pdfFile([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [4 0 R] >>',
    FONT,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents [5 0 R 6 0 R] >>',
    stream('', Buffer.from(pageText('Bomb'), 'latin1')),
    stream('/Filter /FlateDecode', bomb),
  ]);
}

// ---------- DOCX ----------

const DOCX_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const DOCX_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const para = (t: string): string => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`;

/** A DOCX with a `rows` × `cols` table after a short notice head. */
export async function bigTableDocx(rows: number, cols: number): Promise<Buffer> {
  const row = `<w:tr>${Array.from({ length: cols }, (_, c) => `<w:tc>${para(`c${c}`)}</w:tc>`).join('')}</w:tr>`;
  const body = `${para('关于报送材料的通知')}<w:tbl>${row.repeat(rows)}</w:tbl>${para('特此通知。')}`;
  const zip = new JSZip();
  zip.file('[Content_Types].xml', DOCX_TYPES);
  zip.file('_rels/.rels', DOCX_RELS);
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

interface ZipEntry {
  name: string;
  /** Raw-deflated data (method 8). */
  data: Buffer;
  crc: number;
  size: number;
  /** What the headers claim; the real size unless lying. */
  declaredSize?: number;
}

/** A ZIP from raw-deflated entries; lets the headers lie about sizes, as bombs do. */
function zipFile(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const size = Math.min(e.declaredSize ?? e.size, 0xffffffff);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function entry(name: string, text: string): ZipEntry {
  const raw = Buffer.from(text, 'utf8');
  return { name, data: deflateRawSync(raw), crc: crc32(raw), size: raw.length };
}

/**
 * A DOCX whose document.xml inflates to `inflated` bytes of text inside one <w:t> (a string no
 * XML parser can hold once past 512 MB); with `lie`, its headers claim 1 KB.
 */
export function zipBombDocx(inflated: number, lie: boolean): Buffer {
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body><w:p><w:r><w:t>`);
  const tail = Buffer.from('</w:t></w:r></w:p></w:body></w:document>');
  const { blocks, crc } = deflatedBlanks(inflated, crc32(head));
  const data = Buffer.concat([deflateRawSync(head, { finishFlush: constants.Z_FULL_FLUSH }), blocks, deflateRawSync(tail)]);
  const size = head.length + Math.ceil(inflated / MB) * MB + tail.length;
  const doc: ZipEntry = { name: 'word/document.xml', data, crc: crc32(tail, crc), size, ...(lie ? { declaredSize: 1024 } : {}) };
  return zipFile([entry('[Content_Types].xml', DOCX_TYPES), entry('_rels/.rels', DOCX_RELS), doc]);
}

/** A DOCX of `count` entries besides its three real parts. */
export function manyEntriesDocx(count: number): Buffer {
  const body = `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${para('关于报送材料的通知')}</w:body></w:document>`;
  const filler = entry('x', '');
  const entries = [entry('[Content_Types].xml', DOCX_TYPES), entry('_rels/.rels', DOCX_RELS), entry('word/document.xml', body)];
  for (let i = 0; i < count; i++) entries.push({ ...filler, name: `word/media/f${i}.bin` });
  return zipFile(entries);
}

// ---------- text ----------

/** One line of `bytes` UTF-8 bytes: clauses with deadlines joined by commas, never a sentence end. */
export function oneLineText(bytes: number): Buffer {
  const clause = '请各单位于2024年6月30日前将申报材料报送至科技部政策法规司，';
  const unit = Buffer.from(clause, 'utf8');
  const n = Math.max(1, Math.floor(bytes / unit.length));
  return Buffer.concat([Buffer.from('关于报送材料的通知\n', 'utf8'), Buffer.alloc(unit.length * n).fill(unit)]);
}

const NOTICE = [
  '关于开展2024年科普活动的通知',
  '各区科委：',
  '为做好2024年科普工作，现将有关事项通知如下。',
  '一、请于2024年6月30日前将总结报告报送科技部。',
  '联系人：张三，电话：010-58881428。',
  '北京市科学技术委员会',
  '2024年5月6日',
].join('\n');

export const utf16NoBom = (be: boolean): Buffer => {
  const b = Buffer.from(NOTICE, 'utf16le');
  if (be) b.swap16();
  return b;
};

/** GBK (GB18030) text with `bad` single bytes that cannot start or end a character. */
export function gbkWithBadBytes(bad: number): Buffer {
  const out = iconv.encode(NOTICE.repeat(3), 'gb18030');
  // 0xFF is never valid in GB18030; put it between characters (after an ASCII newline).
  let placed = 0;
  for (let i = 0; i < out.length && placed < bad; i++) {
    if (out[i] === 0x0a) {
      out[i] = 0xff;
      placed++;
    }
  }
  return out;
}

export const textMentioningPdf = (): Buffer =>
  Buffer.from(`关于规范电子公文格式的通知\n各单位：\n电子公文应保存为版式文件，文件头为“%PDF-1.7”的PDF文件不得加密。\n${NOTICE}\n`, 'utf8');

// ---------- the corpus ----------

const write = async (dir: string, name: string, data: Buffer | Promise<Buffer>): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, await data);
  return path;
};

export const HOSTILE: HostileCase[] = [
  { name: 'pdf-100k-ruling-lines.pdf', expect: { record: true }, make: (d) => write(d, 'pdf-100k-ruling-lines.pdf', rulingLinesPdf(100_000)) },
  { name: 'pdf-20000-pages.pdf', expect: { record: true }, make: (d) => write(d, 'pdf-20000-pages.pdf', manyPagesPdf(20_000)) },
  { name: 'pdf-5000-pages.pdf', expect: { record: true }, make: (d) => write(d, 'pdf-5000-pages.pdf', manyPagesPdf(5_000)) },
  { name: 'pdf-flate-bomb.pdf', expect: { codes: ['too_complex'] }, make: (d) => write(d, 'pdf-flate-bomb.pdf', flateBombPdf(1024 * MB)) },
  { name: 'docx-zip-bomb.docx', expect: { codes: ['too_complex'] }, make: (d) => write(d, 'docx-zip-bomb.docx', zipBombDocx(2048 * MB, false)) },
  { name: 'docx-zip-bomb-lying.docx', expect: { codes: ['too_complex'] }, make: (d) => write(d, 'docx-zip-bomb-lying.docx', zipBombDocx(1024 * MB, true)) },
  { name: 'docx-many-entries.docx', expect: { codes: ['too_complex'] }, make: (d) => write(d, 'docx-many-entries.docx', manyEntriesDocx(60_000)) },
  { name: 'docx-table-20000x20.docx', expect: { record: true }, make: (d) => write(d, 'docx-table-20000x20.docx', bigTableDocx(20_000, 20)) },
  { name: 'text-one-line-57k.txt', expect: { record: true }, make: (d) => write(d, 'text-one-line-57k.txt', oneLineText(57 * 1024)) },
  { name: 'text-one-line-512k.txt', expect: { record: true }, make: (d) => write(d, 'text-one-line-512k.txt', oneLineText(512 * 1024)) },
  { name: 'text-one-line-20mb.txt', expect: { record: true }, make: (d) => write(d, 'text-one-line-20mb.txt', oneLineText(20 * MB)) },
  { name: 'text-one-line-60mb.txt', expect: { record: true }, make: (d) => write(d, 'text-one-line-60mb.txt', oneLineText(60 * MB)) },
  { name: 'text-utf16le-no-bom.txt', expect: { record: true }, make: (d) => write(d, 'text-utf16le-no-bom.txt', utf16NoBom(false)) },
  { name: 'text-utf16be-no-bom.txt', expect: { record: true }, make: (d) => write(d, 'text-utf16be-no-bom.txt', utf16NoBom(true)) },
  { name: 'text-gbk-bad-bytes.txt', expect: { record: true }, make: (d) => write(d, 'text-gbk-bad-bytes.txt', gbkWithBadBytes(3)) },
  { name: 'text-mentions-pdf.txt', expect: { record: true }, make: (d) => write(d, 'text-mentions-pdf.txt', textMentioningPdf()) },
];

