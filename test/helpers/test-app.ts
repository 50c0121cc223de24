import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { DatabaseTuning } from '../../src/database/database';
import type { SqlRunner } from '../../src/database/sql-runner';
import { TenancyAdmin } from '../../src/tenancy/tenancy-admin';
import { serveInProcess } from './clients';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface Tenants {
  marketplace1: string;
  marketplace2: string;
  /** A and B belong to marketplace 1, C to marketplace 2, D stands alone. */
  merchantA: string;
  merchantB: string;
  merchantC: string;
  merchantD: string;
  secrets: {
    merchantA: string;
    merchantB: string;
    merchantC: string;
    merchantD: string;
    marketplace1: string;
    marketplace2: string;
    revokedMerchantA: string;
    liveMerchantA: string;
  };
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  readonly database: TestDatabase;
  readonly tenants: Tenants;
  readonly config: Config;
  /** How many times the app sent each named statement (the real runner runs them). */
  readonly statements: Map<string, number>;
  /** Every log line the app wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  readonly rawLogs: string[];
  close(): Promise<void>;
}

export async function seedTenants(admin: TenancyAdmin): Promise<Tenants> {
  const marketplace1 = (await admin.createMarketplace('Marketplace One')).id;
  const marketplace2 = (await admin.createMarketplace('Marketplace Two')).id;
  const merchantA = (await admin.createMerchant('Merchant A', marketplace1)).id;
  const merchantB = (await admin.createMerchant('Merchant B', marketplace1)).id;
  const merchantC = (await admin.createMerchant('Merchant C', marketplace2)).id;
  const merchantD = (await admin.createMerchant('Merchant D')).id;
  const issue = async (owner: { merchantId: string } | { marketplaceId: string }) => (await admin.issueSecret(owner)).secret;
  const revoked = await admin.issueSecret({ merchantId: merchantA });
  await admin.revokeCredential(revoked.credentialId);
  return {
    marketplace1,
    marketplace2,
    merchantA,
    merchantB,
    merchantC,
    merchantD,
    secrets: {
      merchantA: await issue({ merchantId: merchantA }),
      merchantB: await issue({ merchantId: merchantB }),
      merchantC: await issue({ merchantId: merchantC }),
      merchantD: await issue({ merchantId: merchantD }),
      marketplace1: await issue({ marketplaceId: marketplace1 }),
      marketplace2: await issue({ marketplaceId: marketplace2 }),
      revokedMerchantA: revoked.secret,
      liveMerchantA: (await admin.issueSecret({ merchantId: merchantA }, 'live')).secret,
    },
  };
}

/** A log stream for buildApp that keeps every line, raw and parsed. */
export function captureLogs(): { logStream: { write(line: string): void }; logs: Record<string, unknown>[]; rawLogs: string[] } {
  const rawLogs: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const logStream = {
    write(line: string) {
      rawLogs.push(line);
      logs.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  return { logStream, logs, rawLogs };
}

/** `runner`, counting each statement it is given by name into `counts`: a tap, not a mock. */
export function countingRunner(runner: SqlRunner, counts: Map<string, number>): SqlRunner {
  return {
    query: (statement, values) => {
      counts.set(statement.name, (counts.get(statement.name) ?? 0) + 1);
      return runner.query(statement, values);
    },
  };
}

/** The real app on a real port and a database of its own, with tenants seeded; `tuning` adjusts that database's pools (TEST_TUNING otherwise). */
export async function startTestApp(env: Record<string, string> = {}, tuning: Partial<DatabaseTuning> = {}): Promise<TestApp> {
  const database = await createTestDatabase(tuning);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: database.url, RATE_LIMIT_MAX: '0', ...env });
  const { logStream, logs, rawLogs } = captureLogs();
  const statements = new Map<string, number>();
  const db = {
    sql: countingRunner(database.db.sql, statements),
    isReady: () => database.db.isReady(),
    onAvailabilityChange: database.db.onAvailabilityChange,
    poolStats: () => database.db.poolStats(),
  };
  const app = await buildApp({ config, db, logStream });
  let address: string;
  let tenants: Tenants;
  try {
    address = await app.listen({ host: '127.0.0.1', port: 0 });
    tenants = await seedTenants(new TenancyAdmin((await database.db.orm()).em));
  } catch (error) {
    await app.close();
    await database.drop();
    throw error;
  }
  const stopServing = serveInProcess(address, app);
  return {
    app,
    baseUrl: address,
    database,
    tenants,
    config,
    statements,
    logs,
    rawLogs,
    close: async () => {
      stopServing();
      await app.close();
      await database.drop();
    },
  };
}
