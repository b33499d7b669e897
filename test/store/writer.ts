/**
 * A second (and third) process writing the store at the same time as another, for the
 * conformance suite: `node --import tsx test/store/writer.ts <sqlite file | postgres URL> <record.json> <id prefix> <n>`
 * puts n variants of the record, one transaction each, and prints how many it put.
 */
import { readFileSync } from 'node:fs';
import type { NoticeRecord } from '../../src/record/schema.js';
import { isPostgresUrl, PostgresDriver, SqliteDriver } from '../../src/store/index.js';

const [where, file, prefix, n] = process.argv.slice(2) as [string, string, string, string];
const base = JSON.parse(readFileSync(file, 'utf8')) as NoticeRecord;
const driver = isPostgresUrl(where) ? await PostgresDriver.open(where) : SqliteDriver.open(where);
let put = 0;
for (let i = 0; i < Number(n); i++) {
  await driver.put({ ...base, id: `${prefix}${i.toString(16).padStart(16 - prefix.length, '0')}`, title: `${base.title ?? ''} ${prefix} ${i}` });
  put += 1;
}
await driver.close();
process.stdout.write(`${put}\n`);
