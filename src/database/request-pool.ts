import { Pool, type PoolConfig } from 'pg';
import type { DatabaseTuning } from './orm-options';

/**
 * How long a connection may be silent before TCP asks the server whether it is still
 * there. Linux's default is two hours: far too long to notice a host that vanished.
 */
export const KEEPALIVE_INITIAL_DELAY_MS = 10_000;

/**
 * The client-side query timeout waits this much longer than the server's own
 * statement_timeout, so that the server's cancellation, which keeps the connection
 * usable, normally comes first. The client-side one is for a server that cannot answer.
 */
export const QUERY_TIMEOUT_GRACE_MS = 500;

export function queryTimeoutMs(tuning: DatabaseTuning): number {
  return tuning.statementTimeoutMs + QUERY_TIMEOUT_GRACE_MS;
}

/**
 * The planner's price of a random page read on this pool's sessions. PostgreSQL's default,
 * 4, models spinning disks; its documentation suggests about 1.1 for solid-state storage
 * or a working set held in memory, which is where a customer table lives. At 4, a name
 * prefix with about 1,000 matches in a million rows was answered by walking the created_at
 * index and filtering 20,000 rows (17 ms); at 1.1 the name indexes are read (5 ms), and
 * the other listing shapes measured the same (test/integration/explain-reads.test.ts
 * checks the plans with this setting).
 */
export const PLANNER_OPTIONS = '-c random_page_cost=1.1';

/**
 * The request path's connections. Every wait is bounded on this side of the wire, so a
 * frozen or partitioned server turns into a 503 rather than a hung request:
 * - `connectionTimeoutMillis` bounds both the wait for a free connection and the connect itself;
 * - `query_timeout` bounds each statement (the server's statement_timeout cannot fire when
 *   the server is frozen);
 * - keepalive notices a dead peer on an idle connection.
 * node-pg has no setting for tcp_user_timeout, and Node's sockets cannot set it without
 * native code: query_timeout covers the case it would (a statement sent and never answered).
 */
export function requestPoolConfig(url: string, tuning: DatabaseTuning): PoolConfig {
  const sessionState = tuning.pooler !== 'transaction';
  return {
    connectionString: url,
    max: tuning.poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: tuning.acquireTimeoutMs,
    query_timeout: queryTimeoutMs(tuning),
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
    // Startup parameters are session state: a transaction pooler refuses them (pgbouncer:
    // "unsupported startup parameter"). There the server-side timeout and the page cost are
    // the role's own settings (ALTER ROLE … SET statement_timeout, random_page_cost; see README).
    ...(sessionState && { statement_timeout: tuning.statementTimeoutMs, application_name: 'customer-gateway', options: PLANNER_OPTIONS }),
  };
}

export function createRequestPool(url: string, tuning: DatabaseTuning): Pool {
  const pool = new Pool(requestPoolConfig(url, tuning));
  // An idle connection the server drops (a restart, a pooler closing it) reports here;
  // unhandled, that event would end the process. The next statement reconnects.
  pool.on('error', () => undefined);
  // The same for a connection between being handed out and running its statement.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
