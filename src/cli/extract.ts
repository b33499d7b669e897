/**
 * @module cli/extract
 * `tongzhi extract FILE` prints one notice record; `tongzhi forms FILE` prints only its forms.
 * stdout carries only results; errors go to stderr as JSON `{code, file, stage, message}` with
 * the error's exit code.
 */
import { OCR_MODES, type OcrMode } from '../readers/ocr-mode.js';
import { parseArgs } from 'node:util';
import { ERROR_CODES, toIngestError } from '../errors.js';
import { processInput } from '../bundle/index.js';
import { DEFAULT_OPTIONS } from '../pipeline.js';
import type { NoticeRecord } from '../record/schema.js';
import type { Command } from './command.js';

type Shape = (r: NoticeRecord) => unknown;

/** What `tongzhi forms` prints: each form with what a form generator needs, nothing else. */
const formsOnly: Shape = (r) => ({
  id: r.id,
  notice: r.title,
  forms: r.attachments
    .filter((a) => a.form)
    .map((a) => ({
      label: a.label,
      title: a.title,
      deadline: a.deadline ? { date: a.deadline.date, time: a.deadline.time } : null,
      submitTo: a.submitTo,
      sealRequired: a.sealRequired,
      schema: a.form,
      uiSchema: a.uiSchema,
      fieldSources: a.fieldSources,
      // a bundle's form: the file it was read from (fieldSources point into that file's text)
      file: a.file,
    })),
});

function fileCommand(name: string, summary: string, shape: Shape): Command {
  const usage = `tongzhi ${name} FILE [--max-bytes N] [--ocr off|auto|force] [--no-keywords] [--compact]`;
  return {
    name,
    summary,
    usage,
    async run(argv) {
      const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { 'max-bytes': { type: 'string' }, ocr: { type: 'string' }, 'no-keywords': { type: 'boolean' }, compact: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      });
      if (values.help) {
        process.stdout.write(`${usage}\n  ${summary}\n`);
        return 0;
      }
      const file = positionals[0];
      if (!file || positionals.length > 1) {
        process.stderr.write(`usage: ${usage}\n`);
        return 2;
      }
      const maxBytes = Number(values['max-bytes'] ?? process.env['TONGZHI_MAX_BYTES'] ?? DEFAULT_OPTIONS.maxBytes);
      if (!Number.isFinite(maxBytes) || maxBytes <= 0) {
        process.stderr.write('--max-bytes must be a positive number\n');
        return 2;
      }
      const ocr = (values.ocr ?? process.env['TONGZHI_OCR'] ?? 'auto').trim().toLowerCase();
      if (!(OCR_MODES as readonly string[]).includes(ocr)) {
        process.stderr.write(`--ocr must be one of ${OCR_MODES.join(', ')}\n`);
        return 2;
      }
      try {
        // Forms need no keywords: skip loading the jieba dictionary.
        const keywords = name === 'extract' && !values['no-keywords'];
        const record = await processInput(file, { maxBytes, keywords, ocr: ocr as OcrMode });
        process.stdout.write(`${JSON.stringify(shape(record), null, values.compact ? 0 : 2)}\n`);
        return 0;
      } catch (e) {
        const err = toIngestError(e, file, 'read');
        process.stderr.write(`${JSON.stringify({ error: err.toJSON() })}\n`);
        return ERROR_CODES[err.code].exit;
      }
    },
  };
}

export const extractCommand = fileCommand(
  'extract',
  'Read FILE (PDF, DOCX, DOC/WPS, XLS/XLSX/ET, HTML/MHT, OFD, scanned PDF or page image by OCR, text in UTF-8/UTF-16/GBK) or a bundle (a ZIP of files, a folder: the notice with its attachment files) and print its record as JSON.',
  (r) => r,
);
export const formsCommand = fileCommand('forms', "Print only FILE's forms: JSON Schema 2020-12, rjsf uiSchema, deadline, submitTo, seal, field cells.", formsOnly);
