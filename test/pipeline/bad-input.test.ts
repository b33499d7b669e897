/**
 * Bad input through the real CLI: each case gives a JSON error on stderr naming the file,
 * the stage and the reason, a non-zero exit code, and nothing on stdout.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors.js';
import { runCli, SAMPLES } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tongzhi-bad-'));

/** A minimal valid ZIP with one stored entry, so the test needs no zip tool. */
function zipWith(name: string, content: string | Buffer): Buffer {
  const data = Buffer.from(content);
  const deflated = deflateRawSync(data);
  const crc = crc32(data);
  const nameBuf = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  const localPart = Buffer.concat([local, nameBuf, deflated]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBuf.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, central, nameBuf, end]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function file(name: string, bytes: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const pdf = readFileSync(join(SAMPLES, '001_683f5b3ce4c84b58.pdf'));
const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const cases: Array<{ name: string; path: () => string; code: keyof typeof ERROR_CODES; reason: RegExp; args?: string[] }> = [
  { name: 'empty file', path: () => file('empty.txt', ''), code: 'empty_file', reason: /empty/ },
  { name: 'blank text file', path: () => file('blank.txt', '  \n\n\t\n'), code: 'empty_file', reason: /no text/ },
  { name: 'truncated PDF', path: () => file('truncated.pdf', pdf.subarray(0, Math.floor(pdf.length * 0.3))), code: 'corrupt_file', reason: /./ },
  { name: 'encrypted PDF', path: () => join(SAMPLES, 'hard/encrypted.pdf'), code: 'encrypted_file', reason: /password|encrypt/i },
  { name: 'scanned PDF without text layer, OCR off', path: () => join(SAMPLES, '003_db71631729e5d48d_scanned.pdf'), code: 'no_text_layer', reason: /OCR is off/, args: ['--ocr', 'off'] },
  { name: 'PNG image with OCR off', path: () => file('page.png', readFileSync(join(SAMPLES, 'formats/003_db71631729e5d48d-1.png'))), code: 'no_text_layer', reason: /image .*OCR is off/, args: ['--ocr', 'off'] },
    // A ZIP of files is a bundle (test/bundle): here its one file is a damaged image OCR cannot decode.
  { name: 'ZIP that is not a DOCX', path: () => file('archive.docx', zipWith('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))), code: 'corrupt_file', reason: /no file of the archive could be read \(entry image\.png: / },
  { name: 'random bytes', path: () => file('random.pdf', randomBytes(64 * 1024)), code: 'unsupported_format', reason: /neither PDF, DOCX nor text/ },
  { name: 'damaged PNG image named .docx', path: () => file('photo.docx', Buffer.concat([PNG_HEADER, randomBytes(2048)])), code: 'corrupt_file', reason: /OCR of page 1 failed/ },
  { name: 'missing file', path: () => join(dir, 'does-not-exist.pdf'), code: 'io_error', reason: /cannot read/ },
  {
    name: 'file above the size limit (200 MB, rejected before reading)',
    path: () => {
      const p = join(dir, 'huge.pdf');
      const fd = openSync(p, 'w');
      ftruncateSync(fd, 200 * 1024 * 1024);
      closeSync(fd);
      return p;
    },
    code: 'too_large',
    reason: /above the limit/,
  },
  { name: 'file above a configured limit', path: () => join(SAMPLES, '000_fc46f2fa053bb05e.pdf'), code: 'too_large', reason: /1000 bytes/, args: ['--max-bytes', '1000'] },
];

describe('tongzhi extract on bad input', () => {
  it.each(cases)('$name → $code', ({ path, code, reason, args }) => {
    const p = path();
    const r = runCli(['extract', p, ...(args ?? [])]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(ERROR_CODES[code].exit);
    const err = JSON.parse(r.stderr).error as { code: string; file: string; stage: string; message: string };
    expect(err.code).toBe(code);
    expect(err.stage).toBe('read');
    expect(err.file).toBe(p.split('/').pop());
    expect(err.message).toContain(err.file);
    expect(err.message).toMatch(reason);
  });

  it('a text that is not a notice still gives a record, marked partial with the reasons', () => {
    const p = file('shopping.txt', '周末买菜清单\n西红柿两斤，鸡蛋一盒。\n记得带购物袋。\n');
    const r = runCli(['extract', p, '--no-keywords']);
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.stdout) as { status: string; issues: Array<{ code: string }>; title: string | null };
    expect(rec.status).toBe('partial');
    expect(rec.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['not_a_notice', 'title_not_found', 'doc_number_not_found']));
  });
});
