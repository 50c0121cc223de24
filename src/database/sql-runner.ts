import type { Pool, PoolClient, QueryConfig } from 'pg';
import { ServiceUnavailable } from '../errors/app-error';
import type { DatabaseAvailability } from './availability';
import { isDatabaseUnavailable, isOutage } from '../errors/database-unavailable';
import { connectionStillUsable } from './database-errors';


/** A statement written once at start. `name` makes PostgreSQL parse and plan it once per connection. */
export interface SqlStatement {
  readonly name: string;
  readonly text: string;
}

export interface SqlRunner {
  query<Row>(statement: SqlStatement, values: readonly unknown[]): Promise<Row[]>;
}

export interface PgSqlRunnerOptions {
  /**
   * False behind a transaction pooler: a named statement lives on one server connection,
   * and the pooler hands the next statement to another (pgbouncer: 42P05, 26000).
   */
  readonly namedStatements: boolean;
  /** The client-side bound on one statement, for the log line when it fires. */
  readonly queryTimeoutMs: number;
}

/** What the log says about a statement the server never answered (node-pg only says "Query read timeout"). */
function describeFailure(error: unknown, queryTimeoutMs: number | undefined): Error {
  if (error instanceof Error && error.message === 'Query read timeout') {
    return Object.assign(new Error(`no answer from the database within ${queryTimeoutMs} ms (client-side query timeout)`), {
      code: 'QUERY_TIMEOUT',
    });
  }
  return error as Error;
}

/**
 * Runs hand-written statements on the request path's own pg pool: one round trip, no
 * query building, no identity map. A database that cannot be reached, or does not
 * answer in time, becomes a 503; once it has failed, statements fail at once until a
 * probe gets an answer again (DatabaseAvailability).
 */
export class PgSqlRunner implements SqlRunner {
  constructor(
    private readonly pool: Pool,
    private readonly availability: DatabaseAvailability,
    private readonly options: PgSqlRunnerOptions,
  ) {}

  async query<Row>(statement: SqlStatement, values: readonly unknown[]): Promise<Row[]> {
    const config: QueryConfig = this.options.namedStatements
      ? { name: statement.name, text: statement.text, values: [...values] }
      : { text: statement.text, values: [...values] };
    return (await this.run(config)).rows as Row[];
  }

  /** One trivial statement with its own timeout: the readiness check and the probe. */
  async ping(timeoutMs: number): Promise<void> {
    await this.run({ text: 'SELECT 1', query_timeout: timeoutMs } as QueryConfig, true);
  }

  private async run(config: QueryConfig, probing = false): Promise<{ rows: unknown[] }> {
    this.failFastWhileDown(probing);
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      // Whatever the reason (refused, timed out, a password the server no longer takes), no connection: a 503.
      throw this.unavailable(error, config, true);
    }
    let failure: unknown;
    try {
      // Down while this one waited for a connection: no statement is sent to a server known not to answer.
      this.failFastWhileDown(probing);
      const result = await client.query(config);
      this.availability.reportSuccess();
      return result;
    } catch (error) {
      failure = error;
      if (error instanceof ServiceUnavailable) throw error;
      if (isDatabaseUnavailable(error)) throw this.unavailable(error, config, isOutage(error));
      throw error;
    } finally {
      // Passing the error makes the pool close that connection instead of handing it out again.
      client.release(failure === undefined || failure instanceof ServiceUnavailable || connectionStillUsable(failure) ? undefined : (failure as Error));
    }
  }

  private failFastWhileDown(probing: boolean): void {
    const cause = this.availability.downBecause;
    if (cause !== undefined && !probing) throw new ServiceUnavailable(undefined, cause);
  }

  private unavailable(error: unknown, config: QueryConfig, outage: boolean): ServiceUnavailable {
    const cause = describeFailure(error, (config as { query_timeout?: number }).query_timeout ?? this.options.queryTimeoutMs);
    if (outage) this.availability.reportFailure(cause);
    return new ServiceUnavailable(undefined, cause);
  }
}
