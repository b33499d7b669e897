/**
 * Bundles and lone forms through the intake: `tongzhi ingest DIR` (a sub-folder and a ZIP are one
 * notice each; a folder of one file is that file), the watched inbox (a bundle copied file by
 * file is taken once, whole; BullMQ on the real Redis and in-process), and a form that arrives
 * alone linked to its notice whichever comes first.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../src/intake/service.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { CLI, SAMPLES } from '../helpers.js';
import { collect, obliterate, REDIS_URL, removeTempDirs, sleep, testEnv, type TestEnv } from '../intake/helpers.js';

const SLOW = 180_000;
const BUNDLE = join(SAMPLES, 'bundles', '003_folder');
const NOTICE = '科技部 中央宣传部 中国科协关于举办2024年全国科技活动周的通知.pdf';
const ATT1 = '附件1 2024年全国科技活动周特色群众性科技活动推荐表.docx';
const ATT2 = '附件2 2024年全国科技活动周开展情况统计表.xlsx';

const readRecord = (env: TestEnv, id: string): NoticeRecord => JSON.parse(readFileSync(join(env.config.layout.records, `${id}.json`), 'utf8')) as NoticeRecord;
const records = (env: TestEnv): NoticeRecord[] =>
  existsSync(env.config.layout.records) ? readdirSync(env.config.layout.records).filter((f) => f.endsWith('.json')).map((f) => readRecord(env, f.replace(/\.json$/, ''))) : [];

function ingest(env: TestEnv, dir: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'ingest', dir, '--data', env.dir, '--queue-mode', 'inprocess', '--no-progress'], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, TONGZHI_KEYWORDS: 'false', TONGZHI_STABILITY_MS: '100' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => removeTempDirs());

describe('tongzhi ingest DIR', () => {
  it(
    'a sub-folder of files and a ZIP are one notice each, with the forms of their files; a folder of one file is that file',
    () => {
      const env = testEnv(null);
      const batch = join(env.dir, 'batch');
      cpSync(BUNDLE, join(batch, '科技活动周'), { recursive: true });
      mkdirSync(join(batch, 'one'), { recursive: true });
      copyFileSync(join(SAMPLES, '000_fc46f2fa053bb05e.txt'), join(batch, 'one', '000.txt'));
      copyFileSync(join(SAMPLES, 'bundles', '003_gbk.zip'), join(batch, '通知及附件.zip'));
      const r = ingest(env, batch);
      expect(r.stdout, r.stderr).toMatch(/: 3 stored, 0 duplicates, 0 failed/);
      expect(r.code).toBe(0);
      const all = records(env);
      const folder = all.find((x) => x.bundle?.format === 'folder');
      const zip = all.find((x) => x.bundle?.format === 'zip');
      expect(folder?.bundle?.name).toBe('科技活动周');
      expect(zip?.bundle?.name).toBe('通知及附件.zip');
      for (const b of [folder, zip]) {
        expect(b?.source.fileName).toBe(NOTICE);
        expect(b?.attachments.map((a) => [a.label, a.file, a.form !== null])).toEqual([
          ['附件1', ATT1, true],
          ['附件2', ATT2, true],
        ]);
      }
      expect(all.filter((x) => x.bundle === null).map((x) => x.source.fileName)).toEqual(['000.txt']);
      const done = readdirSync(env.config.layout.done).sort();
      expect(done).toEqual(['000.txt', '科技活动周', '通知及附件.zip'].sort());
      expect(readdirSync(join(env.config.layout.done, '科技活动周')).sort()).toEqual([ATT1, ATT2, NOTICE].sort());
      // the same folder again is a duplicate of the stored one
      cpSync(BUNDLE, join(batch, '又一份'), { recursive: true });
      expect(ingest(env, batch).stdout).toMatch(/: 0 stored, 1 duplicate, 0 failed/);
    },
    SLOW,
  );

  it(
    'a folder of files none of which can be read fails whole: the folder and its error file in failed/, naming the entry',
    () => {
      const env = testEnv(null);
      const batch = join(env.dir, 'batch');
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
      mkdirSync(join(batch, '扫描件'), { recursive: true });
      writeFileSync(join(batch, '扫描件', '第1页.png'), png);
      writeFileSync(join(batch, '扫描件', '第2页.png'), Buffer.concat([png, Buffer.from([1])]));
      const r = ingest(env, batch);
      expect(r.stdout, r.stderr).toMatch(/: 0 stored, 0 duplicates, 1 failed/);
      // damaged page images: OCR cannot decode them (corrupt_file), the first entry's reason is named
      expect(r.stdout).toMatch(/扫描件: corrupt_file at read — 扫描件: no file of the folder could be read \(entry 第1页\.png: /);
      expect(readdirSync(env.config.layout.failed).sort()).toEqual(['扫描件', '扫描件.error.json']);
      expect(readdirSync(join(env.config.layout.failed, '扫描件')).sort()).toEqual(['第1页.png', '第2页.png']);
    },
    SLOW,
  );

  it(
    'a form that arrives alone is a record of kind form, linked to its notice when the notice arrives later',
    () => {
      const env = testEnv(null);
      const first = join(env.dir, 'first');
      mkdirSync(first, { recursive: true });
      copyFileSync(join(BUNDLE, ATT2), join(first, ATT2));
      expect(ingest(env, first).code).toBe(0);
      const [form] = records(env);
      expect(form?.kind).toBe('form');
      expect(form?.title).toBe('2024年全国科技活动周开展情况统计表');
      expect(form?.notice).toBeNull();
      const later = join(env.dir, 'later');
      mkdirSync(later, { recursive: true });
      copyFileSync(join(BUNDLE, NOTICE), join(later, NOTICE));
      expect(ingest(env, later).code).toBe(0);
      const notice = records(env).find((x) => x.kind === 'notice');
      const entry = notice?.attachments.find((a) => a.label === '附件2');
      expect(entry?.record).toBe(form?.id);
      expect(notice?.attachments.find((a) => a.label === '附件1')?.record).toBeNull();
      expect(readRecord(env, form?.id ?? '').notice).toEqual({ id: notice?.id, label: '附件2' });
    },
    SLOW,
  );
});

describe.each([
  ['bullmq', REDIS_URL],
  ['in-process', null],
] as const)('the watched inbox (%s)', (_mode, redis) => {
  let env: TestEnv;
  let service: Service | null = null;
  afterEach(async () => {
    try {
      await service?.close();
    } finally {
      service = null;
      if (redis) await obliterate(env.config);
    }
  });

  it(
    'a sub-folder copied file by file is taken once, whole: one notice with its forms',
    async () => {
      env = testEnv(redis, { stabilityMs: '1500' });
      service = await startService(env.config, { backoffMs: 50 });
      const c = collect(service);
      await service.ready;
      const sub = join(env.inbox, '科技活动周');
      mkdirSync(sub);
      for (const name of [NOTICE, ATT1, ATT2]) {
        copyFileSync(join(BUNDLE, name), join(sub, name));
        await sleep(400);
      }
      const [settled] = await c.until(1);
      await sleep(500);
      expect(c.all.map((s) => s.kind)).toEqual(['stored']);
      const rec = readRecord(env, settled?.id ?? '');
      expect(rec.bundle?.format).toBe('folder');
      expect(rec.attachments.map((a) => a.file)).toEqual([ATT1, ATT2]);
      expect(existsSync(join(env.config.layout.done, '科技活动周', NOTICE))).toBe(true);
    },
    SLOW,
  );

  it(
    'a notice first, then its 附件1 alone: the form record and the notice are linked',
    async () => {
      env = testEnv(redis);
      service = await startService(env.config, { backoffMs: 50 });
      const c = collect(service);
      await service.ready;
      copyFileSync(join(BUNDLE, NOTICE), join(env.inbox, NOTICE));
      const [n] = await c.until(1);
      copyFileSync(join(BUNDLE, ATT1), join(env.inbox, ATT1));
      const [, f] = await c.until(2);
      const notice = readRecord(env, n?.id ?? '');
      const form = readRecord(env, f?.id ?? '');
      expect(form.kind).toBe('form');
      expect(form.notice).toEqual({ id: notice.id, label: '附件1' });
      expect(notice.attachments.find((a) => a.label === '附件1')?.record).toBe(form.id);
    },
    SLOW,
  );
});
