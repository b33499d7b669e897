/**
 * @module store
 * The notice store behind the publisher and the API: `openDriver` picks the driver from the
 * configuration (`--store` / TONGZHI_STORE): SQLite in the data folder by default, PostgreSQL for
 * a `postgres://` URL.
 */
import { join } from 'node:path';
import type { ServiceConfig } from '../config.js';
import { PostgresDriver } from './postgres.js';
import { SQLITE_FILE, SqliteDriver } from './sqlite.js';
import type { StoreDriver } from './types.js';

export type * from './types.js';
export { SqliteDriver, SQLITE_FILE } from './sqlite.js';
export { PostgresDriver, redactUrl } from './postgres.js';
export { summarize, datePublished, isNoticeId, BOOSTS } from './summary.js';
export { checkRecord, readRecords, eachRecord, recordIds, type InvalidRecord, type RecordCheck } from './records.js';
export { snippet } from './query.js';

export const isPostgresUrl = (s: string): boolean => /^postgres(?:ql)?:\/\//i.test(s);

/** Where the SQLite store of this data folder lives. */
export const sqliteFile = (config: ServiceConfig): string => join(config.layout.index, SQLITE_FILE);

export async function openDriver(config: ServiceConfig): Promise<StoreDriver> {
  return isPostgresUrl(config.store) ? PostgresDriver.open(config.store) : SqliteDriver.open(sqliteFile(config));
}
