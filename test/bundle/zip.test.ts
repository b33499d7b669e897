/**
 * The bundle ZIP reader: names as Chinese Windows writes them (GBK, no UTF-8 flag), the limits a
 * DOCX has, and a typed error naming the archive and the entry for every broken archive.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { filesOfZip, isBundleZip } from '../../src/bundle/files.js';
import { processInput } from '../../src/bundle/index.js';
import { decodeEntryName } from '../../src/readers/zip.js';
import { runCli, SAMPLES } from '../helpers.js';
import { zip } from '../tools/zip-writer.js';


const TEXT = Buffer.from(readFileSync(join(SAMPLES, '001_683f5b3ce4c84b58.txt')));
const dir = mkdtempSync(join(tmpdir(), 'tongzhi-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const options = { maxBytes: 64 << 20, keywords: false };

describe('entry names', () => {
  it('GBK without the UTF-8 flag (Chinese Windows), UTF-8 with it, UTF-8 without it (macOS, Linux zip)', () => {
    const name = '附件2 科技活动周开展情况统计表.xlsx';
    expect(decodeEntryName(iconv.encode(name, 'gbk'), 0)).toBe(name);
    expect(decodeEntryName(Buffer.from(name, 'utf8'), 0x0800)).toBe(name);
    expect(decodeEntryName(Buffer.from(name, 'utf8'), 0)).toBe(name);
    expect(decodeEntryName(Buffer.from('notice.pdf'), 0)).toBe('notice.pdf');
  });

  it('the Info-ZIP Unicode Path field wins over a GBK raw name', () => {
    const utf8 = Buffer.from('附件1 报名表.docx', 'utf8');
    const extra = Buffer.alloc(9 + utf8.length);
    extra.writeUInt16LE(0x7075, 0);
    extra.writeUInt16LE(5 + utf8.length, 2);
    extra[4] = 1;
    utf8.copy(extra, 9);
    expect(decodeEntryName(iconv.encode('附件1 报名表.docx', 'gbk'), 0, extra)).toBe('附件1 报名表.docx');
  });

  it('a GBK-named ZIP gives its files under their Chinese names', () => {
    const files = filesOfZip(readFileSync(join(SAMPLES, 'bundles', '003_gbk.zip')), '003_gbk.zip');
    expect(files.files.map((f) => f.path)).toEqual([
      '科技部 中央宣传部 中国科协关于举办2024年全国科技活动周的通知.pdf',
      '附件1 2024年全国科技活动周特色群众性科技活动推荐表.docx',
      '附件2 2024年全国科技活动周开展情况统计表.xlsx',
    ]);
  });
});

describe('which ZIPs are bundles', () => {
  it('a DOCX or XLSX is a document, any other ZIP a bundle', () => {
    expect(isBundleZip(readFileSync(join(SAMPLES, '003_db71631729e5d48d.docx')))).toBe(false);
    expect(isBundleZip(readFileSync(join(SAMPLES, 'formats', '003_db71631729e5d48d.xlsx')))).toBe(false);
    expect(isBundleZip(zip([{ name: 'a.txt', data: TEXT }]))).toBe(true);
  });
});

describe('broken archives: typed errors naming the archive and the entry', () => {
  const cases: Array<{ name: string; bytes: () => Buffer; code: string; reason: RegExp }> = [
    { name: 'cut short', bytes: () => zip([{ name: 'a.txt', data: TEXT }]).subarray(0, 200), code: 'corrupt_file', reason: /central directory is missing/ },
    { name: 'path traversal', bytes: () => zip([{ name: '../../etc/cron.d/x.txt', data: TEXT }]), code: 'corrupt_file', reason: /entry \.\.\/\.\.\/etc\/cron\.d\/x\.txt names a path outside the archive/ },
    { name: 'absolute path', bytes: () => zip([{ name: '/tmp/x.txt', data: TEXT }]), code: 'corrupt_file', reason: /entry \/tmp\/x\.txt names a path outside/ },
    { name: 'Windows drive path', bytes: () => zip([{ name: 'C:\\x.txt', data: TEXT }]), code: 'corrupt_file', reason: /names a path outside/ },
    { name: 'encrypted entry', bytes: () => zip([{ name: '通知.txt', data: TEXT, flags: 1 }]), code: 'encrypted_file', reason: /entry 通知\.txt is encrypted/ },
    {
      name: 'damaged data',
      bytes: () => {
        const z = zip([{ name: 'a.txt', data: TEXT }]);
        z.fill(0xff, 40, 80);
        return z;
      },
      code: 'corrupt_file',
      reason: /entry a\.txt cannot be read: its data does not inflate/,
    },
    { name: 'unknown compression', bytes: () => zip([{ name: 'a.txt', data: TEXT, method: 14 }]), code: 'corrupt_file', reason: /entry a\.txt cannot be read: .*compression method 14/ },
    { name: 'bomb (declared size)', bytes: () => zip([{ name: 'a.txt', data: TEXT, declared: 0xffffffff }]), code: 'too_complex', reason: /entry a\.txt declares 4294967295 bytes/ },
    { name: 'too many entries', bytes: () => zip(Array.from({ length: 10_001 }, (_, i) => ({ name: `${i}.txt`, data: Buffer.from('x'), method: 0 }))), code: 'too_complex', reason: /10001 ZIP entries, above the limit of 10000/ },
    { name: 'only folders and clutter', bytes: () => zip([{ name: '__MACOSX/._a.txt', data: TEXT }, { name: 'Thumbs.db', data: TEXT }]), code: 'empty_file', reason: /holds no file to read/ },
  ];
  it.each(cases)('$name → $code', async ({ bytes, code, reason }) => {
    const path = join(dir, '通知附件.zip');
    writeFileSync(path, bytes());
    const err = await processInput(path, options).then(
      () => null,
      (e: unknown) => e as { code: string; file: string; message: string },
    );
    expect(err?.code).toBe(code);
    expect(err?.file).toBe('通知附件.zip');
    expect(err?.message).toMatch(reason);
  });

  it('an inflated entry past the limit is refused though it declares little (a lying bomb)', () => {
    const bomb = zip([{ name: 'a.txt', data: Buffer.alloc(2 << 20, 0x20), declared: 10 }]);
    expect(() => filesOfZip(bomb, 'b.zip', { maxEntries: 10, maxEntryBytes: 1 << 20, maxTotalBytes: 1 << 20 })).toThrow(/entry a\.txt inflates to more than 1048576 bytes/);
  });

  it('a ZIP inside the bundle is not opened: the record says it was skipped and is partial', async () => {
    const inner = zip([{ name: 'b.txt', data: TEXT }]);
    const path = join(dir, 'nested.zip');
    writeFileSync(path, zip([{ name: '通知.txt', data: TEXT }, { name: '附件.zip', data: inner }]));
    const r = await processInput(path, options);
    expect(r.status).toBe('partial');
    expect(r.issues.find((i) => i.code === 'nested_archive_skipped')?.message).toMatch(/附件\.zip is an archive inside the bundle/);
  });

  it('an unreadable attachment file is an issue of a partial record, the notice still read', async () => {
    const path = join(dir, 'one-bad.zip');
    writeFileSync(path, zip([{ name: '通知.txt', data: TEXT }, { name: '附件1.pdf', data: Buffer.from('%PDF-1.7\n1 0 obj\n<<') }]));
    const r = await processInput(path, options);
    expect(r.status).toBe('partial');
    expect(r.source.fileName).toBe('通知.txt');
    expect(r.issues.find((i) => i.code === 'bundle_file_unreadable')?.message).toMatch(/one-bad\.zip: entry 附件1\.pdf: corrupt_file/);
  });
});

describe('tongzhi extract', () => {
  it('prints one record for a ZIP of the notice and its attachment files', () => {
    const r = runCli(['extract', join(SAMPLES, 'bundles', '003_gbk.zip'), '--no-keywords']);
    expect(r.code, r.stderr).toBe(0);
    const rec = JSON.parse(r.stdout) as { kind: string; bundle: { name: string }; attachments: Array<{ label: string; file: string; form: unknown }> };
    expect(rec.kind).toBe('notice');
    expect(rec.bundle.name).toBe('003_gbk.zip');
    expect(rec.attachments.map((a) => [a.label, a.file.slice(0, 3), a.form !== null])).toEqual([
      ['附件1', '附件1', true],
      ['附件2', '附件2', true],
    ]);
  });

  it('tongzhi forms names the file each form of a bundle came from', () => {
    const r = runCli(['forms', join(SAMPLES, 'bundles', '003_folder')]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { forms: Array<{ label: string; file: string }> };
    expect(out.forms.map((f) => [f.label, f.file])).toEqual([
      ['附件1', '附件1 2024年全国科技活动周特色群众性科技活动推荐表.docx'],
      ['附件2', '附件2 2024年全国科技活动周开展情况统计表.xlsx'],
    ]);
  });

  it('prints a typed error naming the archive and the entry for a broken one', () => {
    const path = join(dir, 'evil.zip');
    writeFileSync(path, zip([{ name: 'a/../../x.txt', data: TEXT }]));
    const r = runCli(['extract', path]);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'corrupt_file', file: 'evil.zip', stage: 'read' } });
    expect(r.stderr).toMatch(/entry a\/\.\.\/\.\.\/x\.txt names a path outside the archive/);
  });
});
