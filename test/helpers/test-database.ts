import { ENTITIES } from '../../src/entities';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase, type Database, type DatabaseTuning } from '../../src/database/database';

export const TEST_TUNING = { poolSize: 20, statementTimeoutMs: 10_000, acquireTimeoutMs: 5_000, entities: ENTITIES };

function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is set by the global setup');
  return url;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly db: Database;
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A database of its own for one test file, migrated as the service migrates it. */
export async function createTestDatabase(tuning: Partial<DatabaseTuning> = {}): Promise<TestDatabase> {
  const name = `cg_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(serverUrl(), name);
  const db = await openDatabase(url, { ...TEST_TUNING, ...tuning });
  return {
    db,
    url,
    name,
    drop: async () => {
      await db.close();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A plain pg client on a test database, for asserting on what is really stored. */
export async function queryDatabase<Row>(url: string, sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** Polls until `sql` returns a row: waiting on a real state instead of guessing a delay. */
export async function waitForRow(url: string, sql: string, values: unknown[] = [], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await queryDatabase(url, sql, values)).length === 0) {
    if (Date.now() > deadline) throw new Error(`no row for: ${sql}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `sql` on the server, outside the databases under test (ALTER DATABASE, pg_terminate_backend, …). */
export function onServer(sql: string): Promise<void> {
  return admin(async (client) => void (await client.query(sql)));
}

/**
 * Locks the row of the consumer with `emailAddress` (FOR UPDATE) so that an upsert of
 * it waits inside PostgreSQL; resolves with the function that lets it go.
 */
export async function holdCustomerRow(url: string, emailAddress: string): Promise<() => Promise<void>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT 1 FROM customers WHERE business_key = lower($1) FOR UPDATE', [emailAddress]);
  return async () => {
    await client.query('COMMIT');
    await client.end();
  };
}
