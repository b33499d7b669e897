/**
 * `npx tsx test/tools/text-to-html.ts IN.txt OUT.html`: a real notice's text as HTML for
 * LibreOffice to lay out (test/tools/layout-real.sh), its runs of pipe rows (`县(区) | … |`) as
 * ruled tables, as shared/eval/real's .docx and .pdf print them. Rows are split by the text
 * reader's own rule (pipeRows), so all three formats of a notice hold the same cells.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pipeRows } from '../../src/readers/text.js';

const isPipeRow = (l: string): boolean => (l.match(/\|/g)?.length ?? 0) >= 2;
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: text-to-html IN.txt OUT.html\n');
  process.exit(2);
}
const lines = readFileSync(input, 'utf8').replace(/\r\n?/g, '\n').split('\n');
const html: string[] = [];
for (let i = 0; i < lines.length; ) {
  if (!isPipeRow(lines[i] ?? '')) {
    html.push(`<p>${esc(lines[i] ?? '')}</p>`);
    i++;
    continue;
  }
  let end = i;
  while (end < lines.length && isPipeRow(lines[end] ?? '')) end++;
  const rows = pipeRows(lines.slice(i, end));
  html.push('<table border="1" cellspacing="0">', ...rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c.text)}</td>`).join('')}</tr>`), '</table>');
  i = end;
}
writeFileSync(output, `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n${html.join('\n')}\n</body></html>\n`);
