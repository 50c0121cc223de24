import type { MikroORM } from '@mikro-orm/postgresql';
import { isDatabaseUnavailable } from '../errors/database-unavailable';
import type { DatabaseTuning, EntityList, OrmTuning } from './orm-options';
import { openRequestDatabase, type RequestDatabase } from './request-database';
import { createRequestPool } from './request-pool';
import { schemaIsCurrent } from './schema-state';

export type { DatabaseTuning, OrmTuning };

/** The tuning, and the tables' entities or how to load them: a start on a current schema never needs them. */
export interface DatabaseOptions extends DatabaseTuning {
  entities: EntityList | (() => Promise<EntityList>);
}

export interface Database extends RequestDatabase {
  /**
   * MikroORM, for migrations, the demo seed, the admin CLI and tests; requests use `sql`.
   * Opened on the first call (or at start, when a migration was pending): loading it takes
   * longer than the rest of a start, which serving requests does not need.
   */
  orm(): Promise<MikroORM>;
}

// Any constant: it only has to be the same for every instance of the service.
const MIGRATION_LOCK = 7_316_402_219;

async function initOrm(url: string, options: DatabaseOptions): Promise<MikroORM> {
  const entities = typeof options.entities === 'function' ? await options.entities() : options.entities;
  // Required here, not imported at the top: a start that migrates nothing never loads them.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { MikroORM } = require('@mikro-orm/postgresql') as typeof import('@mikro-orm/postgresql');
  const { ormOptions } = require('./orm-options') as typeof import('./orm-options');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return MikroORM.init(ormOptions(url, { ...options, entities }));
}

/**
 * Instances starting together on one database take an advisory lock, so exactly one of
 * them runs each migration. The lock is a transaction's (xact): it works through a
 * transaction pooler too.
 */
async function migrate(orm: MikroORM): Promise<void> {
  const knex = orm.em.getConnection().getKnex();
  await knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    await orm.getMigrator().up({ transaction: trx as never });
  });
}

/**
 * Connects, and brings the schema up to date. One statement tells whether every
 * committed migration has run; only when one has not is MikroORM loaded to migrate.
 */
export async function openDatabase(url: string, options: DatabaseOptions): Promise<Database> {
  const pool = createRequestPool(url, options);
  let orm: Promise<MikroORM> | undefined;
  const openOrm = (): Promise<MikroORM> =>
    (orm ??= initOrm(url, options).catch((error: unknown) => {
      orm = undefined;
      throw error;
    }));
  try {
    if (!(await schemaIsCurrent(pool))) await migrate(await openOrm());
  } catch (error) {
    await Promise.allSettled([pool.end(), orm?.then((opened) => opened.close(true))]);
    throw error;
  }
  const requests = openRequestDatabase(url, options, pool);
  return {
    orm: openOrm,
    sql: requests.sql,
    isReady: requests.isReady,
    onAvailabilityChange: requests.onAvailabilityChange,
    poolStats: requests.poolStats,
    close: async () => {
      await requests.close();
      await orm?.then((opened) => opened.close(true), () => undefined);
    },
  };
}

/**
 * openDatabase, retried while the server cannot be reached (a container often starts
 * before its database), for at most `waitMs`. Any other failure ends the wait at once.
 */
export async function openDatabaseWhenReachable(
  url: string,
  options: DatabaseOptions,
  waitMs: number,
  onWait: (attempt: number, error: Error) => void,
): Promise<Database> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openDatabase(url, options);
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + 1000 > deadline) throw error;
      onWait(attempt, error as Error);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * attempt, 5000)));
    }
  }
}
