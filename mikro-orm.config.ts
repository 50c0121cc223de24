/**
 * For the MikroORM CLI (`npx mikro-orm migration:pending`, `debug`, …), after `npm run build`.
 * The same options as the app (src/database/orm-options.ts), on DATABASE_URL or,
 * when it is unset, on the embedded PostgreSQL that `npm start` runs.
 */
import 'reflect-metadata';
import { loadConfig } from './src/config';
import { embeddedDatabaseUrl } from './src/database/embedded-postgres';
import { ormOptions } from './src/database/orm-options';
import { ENTITIES } from './src/entities';

const config = loadConfig();

export default (async () =>
  ormOptions(config.databaseUrl ?? (await embeddedDatabaseUrl(config.dataDir, config.embeddedPostgresPort)), {
    poolSize: 2,
    statementTimeoutMs: 60_000,
    acquireTimeoutMs: 10_000,
    pooler: config.databasePooler,
    entities: ENTITIES,
  }))();
