import type { Knex } from '@mikro-orm/postgresql';
import { ServiceUnavailable } from '../errors/app-error';

/** A statement written once at start. `name` makes PostgreSQL parse and plan it once per connection. */
export interface SqlStatement {
  readonly name: string;
  readonly text: string;
}

export interface SqlRunner {
  query<Row>(statement: SqlStatement, values: readonly unknown[]): Promise<Row[]>;
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  /** node-pg's own state: false once the connection has failed or is ending. */
  readonly _queryable?: boolean;
  readonly _ending?: boolean;
}

/** Whatever the error said, a connection that can no longer run queries means the database went away. */
function connectionLost(connection: PgClient): boolean {
  return connection._queryable === false || connection._ending === true;
}

// Classes of PostgreSQL error that mean "the database is not there right now", not "your request is wrong".
const UNAVAILABLE_SQLSTATES = /^(08|53|57P0[1-3])|^57014$/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
  return (
    error.name === 'KnexTimeoutError' ||
    /Connection terminated|Client has encountered a connection error|connection timeout|not queryable|not currently accepting connections|the database system is (starting up|shutting down)/i.test(
      error.message,
    )
  );
}

/**
 * Runs hand-written statements on a connection of MikroORM's own pool: one round trip,
 * no query building, no identity map. A database that cannot be reached becomes a 503.
 */
export class KnexSqlRunner implements SqlRunner {
  constructor(private readonly knex: Knex) {}

  async query<Row>(statement: SqlStatement, values: readonly unknown[]): Promise<Row[]> {
    let connection: PgClient;
    try {
      connection = (await this.knex.client.acquireConnection()) as PgClient;
    } catch (error) {
      throw new ServiceUnavailable(undefined, error);
    }
    try {
      const result = await connection.query({ name: statement.name, text: statement.text, values: [...values] });
      return result.rows as Row[];
    } catch (error) {
      if (isDatabaseUnavailable(error) || connectionLost(connection)) throw new ServiceUnavailable(undefined, error);
      throw error;
    } finally {
      await this.knex.client.releaseConnection(connection);
    }
  }
}
