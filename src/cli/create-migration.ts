/**
 * Writes a migration for whatever the entities now declare that the database lacks.
 * Usage: DATABASE_URL=postgres://… npm run migration:create
 * (a scratch database: the committed migrations are applied to it first).
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config';
import { ormOptions } from '../database/orm-options';
import { ENTITIES } from '../entities';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('Set DATABASE_URL to a scratch database.');
  const orm = await MikroORM.init(ormOptions(config.databaseUrl, { poolSize: 2, statementTimeoutMs: 60_000, acquireTimeoutMs: 10_000, entities: ENTITIES }));
  try {
    await orm.getMigrator().up();
    const result = await orm.getMigrator().createMigration();
    if (result.fileName) {
      console.log(`Wrote src/database/migrations/${result.fileName}; add its name to src/database/migrations/migration-names.ts and its class to index.ts.`);
    } else {
      console.log('The entities and the migrations agree: nothing to write.');
    }
  } finally {
    await orm.close(true);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
