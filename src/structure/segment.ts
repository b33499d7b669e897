/**
 * @module structure/segment
 * Doc → Structure: finds the GB/T 9704 parts of a notice, in the order they are printed.
 */
import type { Doc } from '../document.js';
import { findHead } from './head.js';
import { findOutline } from './outline.js';
import { findBanji } from './banji.js';
import { findAttachments, firstAttachmentLabel } from './attachments.js';
import { findClosing } from './tail.js';
import type { Structure } from './types.js';

export function segment(doc: Doc): Structure {
  const { blocks } = doc;
  const head = findHead(blocks);
  const banji = findBanji(blocks, head.bodyStart);
  const labelAt = firstAttachmentLabel(blocks, head.bodyStart, banji.start);
  const closing = findClosing(blocks, head.bodyStart, labelAt);
  const attachments = findAttachments(blocks, closing.unlabeledStart, labelAt, banji.start);
  const unlabeledEnd = closing.unlabeledStart ?? labelAt;
  const body = blocks.slice(head.bodyStart, Math.min(closing.bodyEnd, unlabeledEnd));
  const { bodyStart: _bodyStart, ...headParts } = head;
  return {
    ...headParts,
    body,
    outline: findOutline(body),
    attachmentNotes: closing.attachmentNotes,
    signature: closing.signature,
    signedDate: closing.signedDate,
    notes: closing.notes,
    attachments,
    cc: banji.cc,
    printer: banji.printer,
    printedDate: banji.printedDate,
  };
}
