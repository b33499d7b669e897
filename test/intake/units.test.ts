/**
 * The intake's parts on their own: clutter names, size+mtime stability, atomic writes, and the
 * outcome files (record before done/, error file before failed/, name clashes).
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layoutFor, resolveConfig } from '../../src/config.js';
import { SAMPLES } from '../helpers.js';
import { isClutter } from '../../src/intake/clutter.js';
import { contentId, settleDuplicate } from '../../src/intake/dedup.js';
import { createHash } from 'node:crypto';
import { errorFileFor, findFailure, listFailures, moveInto, scanFailures, settleDone, settleFailed, writeJsonAtomic } from '../../src/intake/outcome.js';
import { folderCounts, retryFailed } from '../../src/intake/report.js';
import { startService } from '../../src/intake/service.js';
import { InvalidJobData, parseJobData } from '../../src/intake/job-data.js';
import { StabilityGate } from '../../src/intake/stable.js';
import { removeTempDirs, sleep, tempDir, waitFor } from './helpers.js';

const tmp = (): string => tempDir('tongzhi-units-');
afterAll(() => removeTempDirs());

describe('clutter', () => {
  it.each(['.DS_Store', 'Thumbs.db', 'sub/Thumbs.db', '~$通知.docx', '.~lock.通知.docx#', 'upload.tmp', '.hidden.pdf', '.git/config', 'a/.cache/x.pdf', 'report.pdf.crdownload', 'desktop.ini'])(
    '%s is ignored',
    (p) => expect(isClutter(p)).toBe(true),
  );
  it.each(['通知.pdf', 'sub/dir/关于开展活动的通知.docx', 'a.txt', 'tmp/notice.pdf', 'x~y.docx', '2024.12.01通知.txt'])('%s is taken', (p) => expect(isClutter(p)).toBe(false));
});

describe('stability gate', () => {
  it('hands a file on only after its size and mtime stop changing', async () => {
    const dir = tmp();
    const p = join(dir, 'growing.txt');
    writeFileSync(p, '第一段\n');
    const seen: Array<{ at: number; size: number }> = [];
    // 100 ms between writes against 1.5 s of required calm: a late timer on a busy machine cannot
    // make the growing file look stable.
    const stabilityMs = 1500;
    const gate = new StabilityGate(stabilityMs, (_path, st) => seen.push({ at: Date.now(), size: st.size }));
    try {
      gate.touch(p);
      for (let i = 0; i < 8; i++) {
        await sleep(100);
        appendFileSync(p, `第${i}段\n`);
      }
      const finalSize = readFileSync(p).length;
      const lastWrite = Date.now();
      expect(seen).toEqual([]);
      await waitFor('the gate to hand the file on', () => seen.length > 0);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.size).toBe(finalSize);
      expect(seen[0]?.at).toBeGreaterThanOrEqual(lastWrite + stabilityMs - 50);
      expect(gate.waiting).toBe(0);
    } finally {
      gate.close();
    }
  });

  it('drops a file that disappears while waiting', async () => {
    const dir = tmp();
    const p = join(dir, 'gone.txt');
    writeFileSync(p, 'x');
    const seen: string[] = [];
    const gate = new StabilityGate(200, (path) => seen.push(path));
    try {
      gate.touch(p);
      rmSync(p);
      await waitFor('the gate to drop the file', () => gate.waiting === 0);
      expect(seen).toEqual([]);
    } finally {
      gate.close();
    }
  });
});

describe('atomic writes and outcome files', () => {
  it('writeJsonAtomic replaces the file whole and leaves no temp file', async () => {
    const dir = tmp();
    const p = join(dir, 'records', 'a.json');
    await writeJsonAtomic(p, { v: 1 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeJsonAtomic(p, { v: i, pad: 'x'.repeat(10_000 * i) })));
    const parsed = JSON.parse(readFileSync(p, 'utf8')) as { v: number; pad: string };
    expect(parsed.pad).toHaveLength(10_000 * parsed.v);
    expect(readdirSync(join(dir, 'records'))).toEqual(['a.json']);
  });

  it('a write that cannot complete leaves the old file and no temp file', async () => {
    const dir = tmp();
    const p = join(dir, 'a.json');
    await writeJsonAtomic(p, { v: 1 });
    mkdirSync(join(dir, 'b.json'));
    await expect(writeJsonAtomic(join(dir, 'b.json'), { v: 2 })).rejects.toThrow();
    expect(JSON.parse(readFileSync(p, 'utf8'))).toEqual({ v: 1 });
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.json']);
  });

  it('failure: error file {code, stage, message, file, attempts, at} then the original beside it; a second failure of that name gets the id', async () => {
    const dir = tmp();
    const layout = layoutFor(dir);
    mkdirSync(layout.inbox, { recursive: true });
    const orig = join(layout.inbox, 'bad.pdf');
    writeFileSync(orig, 'not a pdf');
    const errorFile = await settleFailed(layout, orig, { code: 'unsupported_format', stage: 'read', message: 'bad.pdf: neither PDF', file: 'bad.pdf', attempts: 1, id: 'aaaaaaaabbbbbbbb' });
    expect(errorFile).toBe(errorFileFor(join(layout.failed, 'bad.pdf')));
    const report = JSON.parse(readFileSync(errorFile, 'utf8')) as Record<string, unknown>;
    expect(report).toMatchObject({ code: 'unsupported_format', stage: 'read', message: 'bad.pdf: neither PDF', file: 'bad.pdf', attempts: 1, id: 'aaaaaaaabbbbbbbb', from: orig });
    expect(Number.isNaN(Date.parse(String(report['at'])))).toBe(false);
    expect(existsSync(orig)).toBe(false);
    expect(readFileSync(join(layout.failed, 'bad.pdf'), 'utf8')).toBe('not a pdf');

    writeFileSync(orig, 'other bytes');
    const second = await settleFailed(layout, orig, { code: 'corrupt_file', stage: 'read', message: 'x', file: 'bad.pdf', attempts: 3, id: 'ccccccccdddddddd' });
    expect(second).toBe(join(layout.failed, 'bad.cccccccc.pdf.error.json'));
    expect(readFileSync(join(layout.failed, 'bad.cccccccc.pdf'), 'utf8')).toBe('other bytes');
    expect((await findFailure(layout, 'ccccccccdddddddd', 'bad.pdf'))?.code).toBe('corrupt_file');
    expect((await listFailures(layout)).map((f) => f.code).sort()).toEqual(['corrupt_file', 'unsupported_format']);
  });

  it('done: a different file of the same name is kept as <stem>.<id8><ext>, not overwritten', async () => {
    const dir = tmp();
    const layout = layoutFor(dir);
    mkdirSync(layout.inbox, { recursive: true });
    const a = join(layout.inbox, 'n.txt');
    writeFileSync(a, 'A');
    expect(await settleDone(layout, a, '1111111122222222')).toBe(join(layout.done, 'n.txt'));
    writeFileSync(a, 'B');
    expect(await settleDone(layout, a, '3333333344444444')).toBe(join(layout.done, 'n.33333333.txt'));
    expect(readFileSync(join(layout.done, 'n.txt'), 'utf8')).toBe('A');
    expect(await settleDone(layout, a, '3333333344444444')).toBeNull();
  });

  it('content id is the first 16 hex of the SHA-256; a duplicate is moved to done/duplicates and reported in duplicates.jsonl', async () => {
    const dir = tmp();
    const layout = layoutFor(dir);
    mkdirSync(layout.inbox, { recursive: true });
    const p = join(layout.inbox, 'copy.txt');
    writeFileSync(p, 'abc');
    const cid = await contentId(p);
    expect(cid).toEqual({ id: 'ba7816bf8f01cfea', sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', size: 3 });
    const report = await settleDuplicate(layout, p, cid.id, '/x/inbox/first.txt', 'stored');
    expect(report).toMatchObject({ id: cid.id, file: 'copy.txt', duplicateOf: 'first.txt', twin: 'stored', keptAs: join(layout.done, 'duplicates', 'copy.txt') });
    expect(existsSync(p)).toBe(false);
    const lines = readFileSync(join(layout.out, 'duplicates.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([report]);
  });
});

describe('same-named files settled at once', () => {
  const N = 12;
  const idOf = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);
  /** N different files all named `name`, in inbox/0/, inbox/1/, … (one subfolder each, as dropped). */
  const dropSameName = (inbox: string, name: string): Array<{ path: string; text: string; id: string }> =>
    Array.from({ length: N }, (_, i) => {
      mkdirSync(join(inbox, String(i)), { recursive: true });
      const path = join(inbox, String(i), name);
      const text = `内容 ${i}`;
      writeFileSync(path, text);
      return { path, text, id: idOf(text) };
    });
  const contents = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.endsWith('.error.json'))
      .map((e) => readFileSync(join(dir, e.name), 'utf8'))
      .sort();

  it('done/: every original survives under its own name (no rename over another)', async () => {
    const layout = layoutFor(tmp());
    const dropped = dropSameName(layout.inbox, '通知.pdf');
    const kept = await Promise.all(dropped.map((d) => settleDone(layout, d.path, d.id)));
    expect(new Set(kept).size).toBe(N);
    expect(contents(layout.done)).toEqual(dropped.map((d) => d.text).sort());
    expect(kept).toContain(join(layout.done, '通知.pdf'));
  });

  it('done/: even when they share the id prefix (the suffixed name is taken too), nothing is overwritten', async () => {
    const layout = layoutFor(tmp());
    const dropped = dropSameName(layout.inbox, '通知.pdf');
    const kept = await Promise.all(dropped.map((d) => moveInto(d.path, layout.done, 'aaaaaaaabbbbbbbb')));
    expect(new Set(kept).size).toBe(N);
    expect(contents(layout.done)).toEqual(dropped.map((d) => d.text).sort());
  });

  it('failed/: every original and every error file survives, each original beside its own report', async () => {
    const layout = layoutFor(tmp());
    const withId = dropSameName(join(layout.inbox, 'x'), '扫描件.pdf');
    // and failures of files that could not be read at all (no id: all would share one suffix)
    const noId = dropSameName(join(layout.inbox, 'y'), '扫描件.pdf');
    const errorFiles = await Promise.all([
      ...withId.map((d) => settleFailed(layout, d.path, { code: 'no_text_layer', stage: 'read', message: d.text, file: '扫描件.pdf', attempts: 1, id: d.id })),
      ...noId.map((d) => settleFailed(layout, d.path, { code: 'io_error', stage: 'read', message: d.text, file: '扫描件.pdf', attempts: 1, id: null })),
    ]);
    expect(new Set(errorFiles).size).toBe(2 * N);
    expect(contents(layout.failed)).toEqual([...withId, ...noId].map((d) => d.text).sort());
    for (const e of errorFiles) {
      const report = JSON.parse(readFileSync(e, 'utf8')) as { message: string };
      // the original beside the error file is the one the report is about
      expect(readFileSync(e.replace(/\.error\.json$/, ''), 'utf8')).toBe(report.message);
    }
    expect(await listFailures(layout)).toHaveLength(2 * N);
    for (const d of withId) expect((await findFailure(layout, d.id, '扫描件.pdf'))?.message).toBe(d.text);
    expect(readdirSync(layout.failed).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('an original already in failed/ without an error file is not overwritten either', async () => {
    const layout = layoutFor(tmp());
    mkdirSync(layout.failed, { recursive: true });
    writeFileSync(join(layout.failed, 'a.pdf'), 'left by hand');
    mkdirSync(layout.inbox, { recursive: true });
    writeFileSync(join(layout.inbox, 'a.pdf'), 'new');
    const e = await settleFailed(layout, join(layout.inbox, 'a.pdf'), { code: 'corrupt_file', stage: 'read', message: 'x', file: 'a.pdf', attempts: 1, id: '0123456789abcdef' });
    expect(e).toBe(join(layout.failed, 'a.01234567.pdf.error.json'));
    expect(readFileSync(join(layout.failed, 'a.pdf'), 'utf8')).toBe('left by hand');
    expect(readFileSync(join(layout.failed, 'a.01234567.pdf'), 'utf8')).toBe('new');
    expect(existsSync(join(layout.failed, 'a.pdf.error.json'))).toBe(false);
  });

  it.runIf(existsSync('/dev/shm'))('across file systems (no hard link possible) the name is still claimed exclusively', async () => {
    const layout = layoutFor(tmp());
    const src = mkdtempSync(join('/dev/shm', 'tongzhi-xdev-'));
    try {
      const dropped = dropSameName(src, '通知.pdf');
      const kept = await Promise.all(dropped.map((d) => settleDone(layout, d.path, d.id)));
      expect(new Set(kept).size).toBe(N);
      expect(contents(layout.done)).toEqual(dropped.map((d) => d.text).sort());
      for (const d of dropped) expect(existsSync(d.path)).toBe(false);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });
});

describe('a *.error.json in failed/ that is not our report', () => {
  /** failed/ with one real failure (bad.pdf) and a user's own files: 通知.error.json (report-like JSON, beside an original 通知), 笔记.error.json (a JSON array) and 草稿.error.json (not JSON). */
  async function folder(): Promise<{ layout: ReturnType<typeof layoutFor>; own: Record<string, string> }> {
    const layout = layoutFor(tmp());
    mkdirSync(layout.inbox, { recursive: true });
    writeFileSync(join(layout.inbox, 'bad.pdf'), 'not a pdf');
    await settleFailed(layout, join(layout.inbox, 'bad.pdf'), { code: 'unsupported_format', stage: 'read', message: 'bad.pdf: neither PDF', file: 'bad.pdf', attempts: 1, id: 'aaaaaaaabbbbbbbb' });
    const own: Record<string, string> = {
      '通知.error.json': JSON.stringify({ at: '2024-05-01', file: '通知', 备注: '我自己的笔记，不是报告' }),
      通知: '用户自己的文件',
      '笔记.error.json': '["x"]',
      '草稿.error.json': '{ not json',
    };
    for (const [n, text] of Object.entries(own)) writeFileSync(join(layout.failed, n), text);
    return { layout, own };
  }
  const untouched = (layout: ReturnType<typeof layoutFor>, own: Record<string, string>): void => {
    for (const [n, text] of Object.entries(own)) expect(readFileSync(join(layout.failed, n), 'utf8')).toBe(text);
  };

  it('status: listed as unreadable, the real failures still listed and counted', async () => {
    const { layout, own } = await folder();
    expect((await listFailures(layout)).map((f) => f.file)).toEqual(['bad.pdf']);
    const scan = await scanFailures(layout);
    expect(scan.unreadable.map((u) => u.errorFile).sort()).toEqual(['通知.error.json', '笔记.error.json', '草稿.error.json'].map((n) => join(layout.failed, n)).sort());
    expect(scan.unreadable.find((u) => u.errorFile.endsWith('通知.error.json'))?.reason).toMatch(/not a tongzhi failure report/);
    expect(await folderCounts(layout)).toMatchObject({ failed: 1, unreadable: 3 });
    expect(await findFailure(layout, 'aaaaaaaabbbbbbbb', 'bad.pdf')).toMatchObject({ code: 'unsupported_format' });
    untouched(layout, own);
  });

  it('retry: puts back only real failures; the user’s files are neither moved nor removed', async () => {
    const { layout, own } = await folder();
    const out = await retryFailed(layout, [], null);
    expect(out).toEqual([{ file: 'bad.pdf', movedTo: join(layout.inbox, 'bad.pdf'), requeued: false }]);
    expect(await retryFailed(layout, ['通知'], null)).toEqual([]);
    untouched(layout, own);
    expect(readdirSync(layout.failed).sort()).toEqual(Object.keys(own).sort());
  });

  it('retry never overwrites a file now at the original place', async () => {
    const { layout } = await folder();
    writeFileSync(join(layout.inbox, 'bad.pdf'), 'a new file of that name');
    const [r] = await retryFailed(layout, ['bad.pdf'], null);
    expect(r?.movedTo).toBe(join(layout.inbox, 'bad.aaaaaaaa.pdf'));
    expect(readFileSync(join(layout.inbox, 'bad.pdf'), 'utf8')).toBe('a new file of that name');
    expect(readFileSync(join(layout.inbox, 'bad.aaaaaaaa.pdf'), 'utf8')).toBe('not a pdf');
  });

  it('watch: the service starts and processes files', async () => {
    const { layout, own } = await folder();
    const config = resolveConfig({ data: layout.data, queueMode: 'inprocess', stabilityMs: '100', keywords: 'false' }, {});
    const s = await startService(config);
    try {
      const settled: string[] = [];
      s.onSettled((x) => settled.push(x.kind));
      await s.ready;
      writeFileSync(join(layout.inbox, 'n.txt'), readFileSync(join(SAMPLES, '000_fc46f2fa053bb05e.txt')));
      await waitFor('the file to be stored', () => settled.length > 0);
      expect(settled).toEqual(['stored']);
    } finally {
      await s.close();
    }
    expect(readdirSync(layout.records)).toHaveLength(1);
    untouched(layout, own);
  });
});

describe('job data from Redis', () => {
  const inbox = '/data/inbox';
  const ok = { id: '0123456789abcdef', path: '/data/inbox/sub/通知.pdf', name: '通知.pdf', size: 3, queuedAt: 1 };
  it('a job of ours passes (also a file whose name starts with ..)', () => {
    expect(parseJobData(ok, inbox, ok.id)).toEqual(ok);
    expect(parseJobData({ ...ok, path: '/data/inbox/..通知.pdf', name: '..通知.pdf' }, inbox).name).toBe('..通知.pdf');
  });
  it.each([
    ['an id that is not 16 lower-case hex', { ...ok, id: '0123456789ABCDEF' }, /id: must be a content id/],
    ['a path outside the inbox', { ...ok, path: '/etc/通知.pdf' }, /path: must be an absolute path inside the inbox/],
    ['a path with ..', { ...ok, path: '/data/inbox/../通知.pdf' }, /path: /],
    ['a relative path', { ...ok, path: 'inbox/通知.pdf' }, /path: /],
    ['the inbox itself', { ...ok, path: '/data/inbox', name: 'inbox' }, /path: /],
    ['a name that is not the file name', { ...ok, name: '../x.pdf' }, /name: must be the file name of path/],
    ['not an object', 'x', /invalid job data/],
  ])('%s is refused', (_what, data, reason) => {
    expect(() => parseJobData(data, inbox)).toThrow(InvalidJobData);
    expect(() => parseJobData(data, inbox)).toThrow(reason);
  });
  it('a job id other than the data id is refused', () => expect(() => parseJobData(ok, inbox, 'fedcba9876543210')).toThrow(/job id "fedcba9876543210" is not the data's id/));
});
