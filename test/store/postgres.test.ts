/**
 * The PostgreSQL driver against the conformance suite, on the real server at 127.0.0.1:5432
 * (trust auth): a fresh database per run, dropped after. PGHOST/PGUSER/PGPORT change where.
 */
import pg from 'pg';
import { PostgresDriver } from '../../src/store/index.js';
import { conformance } from './conformance.js';

const host = process.env['PGHOST'] ?? '127.0.0.1';
const port = process.env['PGPORT'] ?? '5432';
const user = process.env['PGUSER'] ?? 'postgres';
const admin = `postgres://${user}@${host}:${port}/postgres`;

conformance('postgres', async () => {
  const name = `tongzhi_test_${process.pid}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = `postgres://${user}@${host}:${port}/${name}`;
  return {
    open: () => PostgresDriver.open(url),
    where: url,
    cleanup: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
});
