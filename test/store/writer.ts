/**
 * A second (and third) process writing the store at the same time as another, for the
 * conformance suite: `node --import tsx test/store/writer.ts <sqlite file | postgres URL> <record.json> <id prefix> <n> [notices|copies]`
 * puts n variants of the record, one transaction each, and prints how many it put: other notices
 * (each its own title and 文号), or copies of the record (another file of it: same text and 文号).
 */
import { readFileSync } from 'node:fs';
import type { NoticeRecord } from '../../src/record/schema.js';
import { isPostgresUrl, PostgresDriver, SqliteDriver } from '../../src/store/index.js';

const [where, file, prefix, n, what = 'notices'] = process.argv.slice(2) as [string, string, string, string, string?];
const base = JSON.parse(readFileSync(file, 'utf8')) as NoticeRecord;
const driver = isPostgresUrl(where) ? await PostgresDriver.open(where) : SqliteDriver.open(where);
let put = 0;
for (let i = 0; i < Number(n); i++) {
  const id = `${prefix}${i.toString(16).padStart(16 - prefix.length, '0')}`;
  const change = what === 'copies' ? { source: { ...base.source, fileName: `${id}.pdf` } } : { title: `${base.title ?? ''} ${prefix} ${i}`, docNumber: `测试发〔2099〕${prefix}${i}号` };
  await driver.put({ ...base, id, ...change });
  put += 1;
}
await driver.close();
process.stdout.write(`${put}\n`);
