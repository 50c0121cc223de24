// First: tracing, when on, must hook http, fastify, graphql and pg before they load.
import './telemetry';
import 'reflect-metadata';
import { buildApp } from './app';
import { loadConfig } from './config';
import { openDatabaseWhenReachable, type Database } from './database/database';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { createRedis, redisReady } from './http/redis-guard';
import { startMetricsServer } from './observability/metrics-server';
import { describeListenFailure } from './startup/listen-failure';
import { stopOnSignals, type Running } from './startup/shutdown';
import { describeStartFailure } from './startup/start-failure';
import { printWelcome, say } from './startup/welcome-banner';
import type { DemoTenant } from './tenancy/demo-tenant';

// Module-level so that a failed start can still stop the PostgreSQL it started.
const running: Running = {};

/** The start sequence: config, database, Redis, the app, its ports, the demo tenant. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const log = { info: (message: string) => say(message), debug: () => undefined };
  stopOnSignals(running);

  const url = config.databaseUrl ?? (running.embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPostgresPort, log)).url;
  const tuning = {
    poolSize: config.databasePoolSize,
    statementTimeoutMs: config.statementTimeoutMs,
    acquireTimeoutMs: config.databaseAcquireTimeoutMs,
    pooler: config.databasePooler,
    // Loaded only with MikroORM (to migrate, or for the demo seed): their decorators load it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    entities: async () => (require('./entities') as typeof import('./entities')).ENTITIES,
  };
  const db = (running.db = await openDatabaseWhenReachable(url, tuning, config.databaseStartupWaitMs, (attempt) =>
    say(`Waiting for the database (attempt ${attempt}; DATABASE_STARTUP_WAIT_MS=${config.databaseStartupWaitMs})`),
  ));
  const redis = (running.redis = config.redisUrl ? createRedis(config.redisUrl, config.redisCommandTimeoutMs) : undefined);
  if (redis) await redisReady(redis, 1000);
  const app = (running.app = await buildApp({ config, db, redis }));
  const address = await app.listen({ host: config.host, port: config.port }).catch((error: unknown) => {
    throw describeListenFailure(error, config.host, config.port);
  });
  if (config.metricsPort !== 0) {
    running.metricsServer = await startMetricsServer(app.metrics, config.host, config.metricsPort).catch((error: unknown) => {
      throw describeListenFailure(error, config.host, config.metricsPort, 'METRICS_PORT');
    });
  }
  // Only once the port is ours: secrets made by a start that then fails to listen would be lost.
  const demo = config.seedDemoTenant ? await seedDemo(db) : undefined;
  printWelcome(config, address, demo, started);
}

/** Required only when seeding: the tenancy entities load MikroORM, which a production start does without. */
async function seedDemo(db: Database): Promise<DemoTenant | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { seedDemoTenant } = require('./tenancy/demo-tenant') as typeof import('./tenancy/demo-tenant');
  return seedDemoTenant((await db.orm()).em);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`customer-gateway could not start: ${describeStartFailure(error)}\n`);
  await running.embedded?.stop().catch(() => undefined);
  process.exit(1);
});
