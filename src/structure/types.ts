/**
 * @module structure/types
 * The parts of an official document (GB/T 9704-2012) as spans of the document text.
 * Every part is optional: notices published on the web often lack the red head or the 版记.
 */
import type { Block, Paragraph, Table } from '../document.js';
import { ATTACHMENT_LABEL, squeezeCjkSpaces } from './patterns.js';

/** A piece of the document text with the page it is on. */
export interface Located {
  text: string;
  start: number;
  end: number;
  page: number | null;
}

/** One attachment named in the 附件说明, without its number: `2.科普统计调查表.doc` → 科普统计调查表. */
export interface AttachmentNote extends Located {
  /** The printed number (1 in `1.…`, 2 in `附件2：…`), else its place in the list. */
  number: number | null;
}

export interface AttachmentPart {
  /** The printed label (附件 / 附件1); null when the attachment starts with its title. */
  label: Located | null;
  /** The number of the attachment, from its label or from the note under its table. */
  number: number | null;
  title: Located | null;
  /** The attachment's blocks after its title: header lines, tables, notes. */
  blocks: Block[];
}

export interface OutlineHeading {
  /** The printed number: 一 / （一） / 1 / （1）. */
  number: string;
  heading: string;
  level: number;
  /** Span of the heading text (without the number). */
  at: Located;
  /** The paragraph the heading starts. */
  block: Paragraph;
}

export interface Structure {
  /** 份号 */
  copyNumber: Located | null;
  /** 密级和保密期限 */
  secrecy: Located | null;
  /** 紧急程度 */
  urgency: Located | null;
  /** 发文机关标志: the organ names of the red head, without 文件. */
  issuerMark: Located[];
  /** 发文字号 */
  docNumber: Located | null;
  /** 签发人 */
  signer: Located | null;
  /** 标题, lines joined; `text` is cleaned (no markup, no blanks inside Chinese). */
  title: Located | null;
  /** 主送机关 */
  recipients: Located | null;
  /**
   * What a page's disclosure metadata (政府信息公开) says above the notice: 成文日期 (as 2025年2月25日)
   * and 发布机构. Read only when the notice itself prints no date or issuer.
   */
  pageMeta: { signedDate: Located | null; issuer: Located | null };
  /** 正文 */
  body: Block[];
  outline: OutlineHeading[];
  /** 附件说明: one entry per listed attachment. */
  attachmentNotes: AttachmentNote[];
  /** 发文机关署名 */
  signature: Located[];
  /** 成文日期 */
  signedDate: Located | null;
  /** 附注 such as (此件主动公开). */
  notes: Located[];
  attachments: AttachmentPart[];
  /** 抄送机关 */
  cc: Located | null;
  /** 印发机关 */
  printer: Located | null;
  /** 印发日期 */
  printedDate: Located | null;
}

/** The whole paragraph as a located value. */
export const whole = (b: Paragraph): Located => ({ text: b.text, start: b.start, end: b.end, page: b.page });

/** Part of a paragraph, by offsets into the paragraph's own text. */
export const part = (b: Paragraph | Table, from: number, to: number, text: string): Located => ({
  text,
  start: b.start + from,
  end: b.start + to,
  page: b.page,
});

export const isPara = (b: Block | undefined): b is Paragraph => b?.kind === 'paragraph';

/** A line that is only an attachment label (附件 / 附件1 / 附 件 2：), letter-spaced or not. */
export const isAttachmentLabel = (text: string): boolean => ATTACHMENT_LABEL.test(squeezeCjkSpaces(text).trim());
