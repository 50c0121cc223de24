import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { CustomerRow } from '../customers/customer.entity';
import { IdempotencyKeyRow } from '../idempotency/idempotency-key.entity';
import { Credential } from '../tenancy/credential.entity';
import { Marketplace } from '../tenancy/marketplace.entity';
import { Merchant } from '../tenancy/merchant.entity';
import { migrationsList } from './migrations';

export interface DatabaseTuning {
  poolSize: number;
  statementTimeoutMs: number;
  acquireTimeoutMs: number;
}

/** One definition for the app, the tests and the MikroORM CLI; tests spread overrides over it. */
export function ormOptions(clientUrl: string, tuning: DatabaseTuning, overrides: Options = {}): Options {
  return defineConfig({
    clientUrl,
    // Listed, not discovered from folders: start-up does no file-system scan.
    entities: [Marketplace, Merchant, Credential, CustomerRow, IdempotencyKeyRow],
    extensions: [Migrator],
    migrations: {
      // Listed in code so compiled and TypeScript runs load the same migrations.
      migrationsList,
      path: 'dist/src/database/migrations',
      pathTs: 'src/database/migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
    // The request path writes with single statements, never through the identity map.
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: tuning.poolSize, idleTimeoutMillis: 30_000 },
    driverOptions: {
      acquireConnectionTimeout: tuning.acquireTimeoutMs,
      connection: {
        // A stuck database becomes an error the caller sees as 503, not a hung request.
        statement_timeout: tuning.statementTimeoutMs,
        connectionTimeoutMillis: tuning.acquireTimeoutMs,
        keepAlive: true,
        application_name: 'customer-gateway',
      },
    },
    debug: false,
    ...overrides,
  });
}
