import { MikroORM } from '@mikro-orm/postgresql';
import { isDatabaseUnavailable } from '../errors/database-unavailable';
import { ormOptions, type DatabaseTuning, type OrmTuning } from './orm-options';
import { openRequestDatabase, type RequestDatabase } from './request-database';

export type { DatabaseTuning, OrmTuning };

export interface Database extends RequestDatabase {
  /** MikroORM, for migrations, the demo seed and the admin CLI. Requests use `sql`. */
  readonly orm: MikroORM;
}

// Any constant: it only has to be the same for every instance of the service.
const MIGRATION_LOCK = 7_316_402_219;

/**
 * Connects, and brings the schema up to date. Instances starting together on one
 * database take an advisory lock, so exactly one of them runs each migration. The lock
 * is a transaction's (xact): it works through a transaction pooler too.
 */
export async function openDatabase(url: string, tuning: OrmTuning): Promise<Database> {
  const orm = await MikroORM.init(ormOptions(url, tuning));
  const knex = orm.em.getConnection().getKnex();
  try {
    await knex.transaction(async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
      await orm.getMigrator().up({ transaction: trx as never });
    });
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  const requests = openRequestDatabase(url, tuning);
  return {
    orm,
    sql: requests.sql,
    isReady: requests.isReady,
    onAvailabilityChange: requests.onAvailabilityChange,
    poolStats: requests.poolStats,
    close: async () => {
      await requests.close();
      await orm.close(true);
    },
  };
}

/**
 * openDatabase, retried while the server cannot be reached (a container often starts
 * before its database), for at most `waitMs`. Any other failure ends the wait at once.
 */
export async function openDatabaseWhenReachable(
  url: string,
  tuning: OrmTuning,
  waitMs: number,
  onWait: (attempt: number, error: Error) => void,
): Promise<Database> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openDatabase(url, tuning);
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + 1000 > deadline) throw error;
      onWait(attempt, error as Error);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * attempt, 5000)));
    }
  }
}
