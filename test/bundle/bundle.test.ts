/**
 * Bundles: seed 003 as three files (the notice as PDF, 附件1 as .docx, 附件2 as .xlsx; see
 * samples/bundles/README.md) in a folder, a ZIP with UTF-8 names and a ZIP with GBK names gives
 * the forms the all-in-one .docx gives, each attachment naming its file, its evidence in that
 * file's text.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { processInput } from '../../src/bundle/index.js';
import { processFile } from '../../src/pipeline.js';
import type { Attachment, NoticeRecord } from '../../src/record/schema.js';
import { allEvidence, SAMPLES } from '../helpers.js';

const BUNDLES = join(SAMPLES, 'bundles');
const FILES = [
  '附件1 2024年全国科技活动周特色群众性科技活动推荐表.docx',
  '附件2 2024年全国科技活动周开展情况统计表.xlsx',
];
const options = { maxBytes: 64 << 20, keywords: false };

/** What a form generator takes from an attachment: the same whatever file it came from. */
const formOf = (a: Attachment): unknown => ({
  label: a.label,
  title: a.title,
  form: a.form,
  uiSchema: a.uiSchema,
  sealRequired: a.sealRequired,
  fields: a.fieldSources.map((s) => [s.pointer, s.title, s.row, s.col]),
});

describe('a bundle of seed 003', () => {
  let allInOne: NoticeRecord;
  beforeAll(async () => {
    allInOne = await processFile(join(SAMPLES, '003_db71631729e5d48d.docx'), options);
  });

  it.each(['003_folder', '003_utf8.zip', '003_gbk.zip'])('%s gives the same forms as the all-in-one .docx', async (name) => {
    const r = await processInput(join(BUNDLES, name), options);
    expect(r.kind).toBe('notice');
    expect(r.title).toBe(allInOne.title);
    expect(r.docNumber).toBe(allInOne.docNumber);
    expect(r.source.format).toBe('pdf');
    expect(r.bundle?.format).toBe(name.endsWith('.zip') ? 'zip' : 'folder');
    expect(r.attachments.map((a) => a.file)).toEqual(FILES);
    expect(r.attachments.map(formOf)).toEqual(allInOne.attachments.map(formOf));
    // the notice's own words about each form (when it is due) stay with the form
    expect(r.attachments.map((a) => a.deadline?.date ?? null)).toEqual(allInOne.attachments.map((a) => a.deadline?.date ?? null));
    expect(r.bundle?.files.map((f) => [f.fileName, f.format, f.role])).toEqual([
      [FILES[0], 'docx', 'attachment'],
      [FILES[1], 'xlsx', 'attachment'],
    ]);
  });

  it('every evidence points into the text it names: the record text, or the attachment file', async () => {
    const r = await processInput(join(BUNDLES, '003_gbk.zip'), options);
    const textOf = (file: string | null): string => (file === null ? r.text : (r.bundle?.files.find((f) => f.fileName === file)?.text ?? ''));
    r.attachments.forEach((a, i) => {
      const { deadline, ...own } = a;
      for (const e of allEvidence(own)) expect(textOf(a.file).slice(e.start, e.end), `attachments[${i}]${e.path}`).toBe(e.quote);
      if (deadline) expect(textOf(deadline.file).slice(deadline.evidence.start, deadline.evidence.end)).toBe(deadline.evidence.quote);
    });
    const { attachments: _a, bundle: _b, ...rest } = r;
    for (const e of allEvidence(rest)) expect(r.text.slice(e.start, e.end), e.path).toBe(e.quote);
  });

  it('the id is the content id of the ZIP; a folder of the same files has its own, the same wherever it is', async () => {
    const [utf8, gbk, folder] = await Promise.all(['003_utf8.zip', '003_gbk.zip', '003_folder'].map((n) => processInput(join(BUNDLES, n), options)));
    expect(new Set([utf8?.id, gbk?.id, folder?.id]).size).toBe(3);
    expect(gbk?.id).toBe(gbk?.bundle?.sha256.slice(0, 16));
  });
});
