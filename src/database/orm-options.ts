import { defineConfig, type Options } from '@mikro-orm/postgresql';
import type { DatabasePooler } from '../config';
import { Migrator } from '@mikro-orm/migrations';
import { migrationsList } from './migrations';
import { MIGRATIONS_TABLE } from './migrations/migration-names';
import { KEEPALIVE_INITIAL_DELAY_MS } from './request-pool';

export interface DatabaseTuning {
  poolSize: number;
  statementTimeoutMs: number;
  acquireTimeoutMs: number;
  /** Unset: `none`, a direct connection (or a session-mode pooler). */
  pooler?: DatabasePooler;
}

/** The tables' entities, listed by the app that composes the modules (src/entities.ts): database/ imports no module. */
export type EntityList = NonNullable<Options['entities']>;

/** The tuning, and the tables' entities, for MikroORM. */
export interface OrmTuning extends DatabaseTuning {
  entities: EntityList;
}

/** One definition for the app, the tests and the MikroORM CLI; tests spread overrides over it. */
export function ormOptions(clientUrl: string, tuning: OrmTuning, overrides: Options = {}): Options {
  return defineConfig({
    clientUrl,
    entities: tuning.entities,
    extensions: [Migrator],
    migrations: {
      // Listed in code so compiled and TypeScript runs load the same migrations.
      migrationsList,
      // Named here because a start reads it without MikroORM (database.ts).
      tableName: MIGRATIONS_TABLE,
      path: 'dist/src/database/migrations',
      pathTs: 'src/database/migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
    // Requests never come here: they run on the request pool (request-database.ts). This
    // pool serves migrations at start, the demo seed and the admin CLI.
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: tuning.poolSize, idleTimeoutMillis: 30_000 },
    driverOptions: {
      acquireConnectionTimeout: tuning.acquireTimeoutMs,
      connection: {
        connectionTimeoutMillis: tuning.acquireTimeoutMs,
        keepAlive: true,
        keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
        // No startup parameters behind a transaction pooler, which refuses them (see request-pool.ts).
        ...(tuning.pooler !== 'transaction' && { statement_timeout: tuning.statementTimeoutMs, application_name: 'customer-gateway-admin' }),
      },
    },
    debug: false,
    ...overrides,
  });
}
