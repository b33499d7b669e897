/**
 * `npx tsx test/tools/form-blocks.ts [--pos] FILE…`: the blocks a reader makes of a form file (paragraphs,
 * and tables as ` | `-joined rows with each cell's row/col span), read through the forms suite's
 * cache (test/forms/doc-cache.ts). For seeing what the form rules are given before changing one.
 */
import { cachedDoc } from '../forms/doc-cache.js';

const pos = process.argv.includes('--pos');
for (const file of process.argv.slice(2).filter((a) => a !== '--pos')) {
  const doc = await cachedDoc(file);
  console.log(`== ${file} (${doc.source.format})`);
  for (const b of doc.blocks) {
    if (b.kind === 'paragraph') console.log(`P ${JSON.stringify(b.text)}`);
    else {
      console.log(`T ${b.rows.length}×${b.columns}`);
      for (const r of b.rows) console.log(`  ${r.map((c) => `${c.text.replace(/\n/g, '⏎')}${c.rowSpan > 1 || c.colSpan > 1 ? `[${c.rowSpan}×${c.colSpan}]` : ''}${pos ? `@${c.row},${c.col}` : ''}`).join(' | ')}`);
    }
  }
}
