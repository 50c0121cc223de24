import type { Pool } from 'pg';
import { DatabaseAvailability, type AvailabilityChange } from './availability';
import type { DatabaseTuning } from './orm-options';
import { ReadinessCheck, type Readiness } from './readiness-check';
import { createRequestPool, queryTimeoutMs } from './request-pool';
import { PgSqlRunner, type SqlRunner } from './sql-runner';

export type { AvailabilityChange, Readiness };

/** What serving requests needs of the database; MikroORM's pool is for migrations and the admin CLI only. */
/** What the metrics read of the request path's pg.Pool (its public counters). */
export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

export interface RequestDatabase {
  readonly sql: SqlRunner;
  /** Whether a trivial statement answers, within its own deadline: what /health/ready reports. */
  isReady(): Promise<Readiness>;
  /** Called once when the database stops answering and once when it answers again. */
  onAvailabilityChange(listener: (change: AvailabilityChange) => void): void;
  /** The request pool's public counters, for the metrics. */
  poolStats(): PoolStats;
  close(): Promise<void>;
}

/** Connects lazily: nothing is sent until the first statement. `pool` defaults to a new request pool for `url`. */
export function openRequestDatabase(url: string, tuning: DatabaseTuning, pool: Pool = createRequestPool(url, tuning)): RequestDatabase {
  // The probe asks at most once a second-long wait: it only has to tell "answers" from "does not".
  const availability: DatabaseAvailability = new DatabaseAvailability((): Promise<void> => runner.ping(Math.min(queryTimeoutMs(tuning), 1000)));
  const runner: PgSqlRunner = new PgSqlRunner(pool, availability, {
    namedStatements: tuning.pooler !== 'transaction',
    queryTimeoutMs: queryTimeoutMs(tuning),
  });
  const readiness = new ReadinessCheck((ms) => runner.ping(ms), availability);
  return {
    sql: runner,
    isReady: () => readiness.check(),
    onAvailabilityChange: (listener) => availability.onChange(listener),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      availability.close();
      await pool.end();
    },
  };
}
