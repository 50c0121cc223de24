// First: tracing, when on, must hook http, fastify, graphql and pg before they load.
import { stopTelemetry } from './telemetry';
import 'reflect-metadata';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { startMetricsServer, type MetricsServer } from './observability/metrics-server';
import { openDatabaseWhenReachable, type Database } from './database/database';
import { isDatabaseUnavailable, isPoolerRefusal } from './database/database-errors';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import { createRedis, redisReady } from './http/redis-guard';
import { describeListenFailure, ListenError } from './startup/listen-failure';
import { printWelcome, say } from './startup/welcome-banner';
import { seedDemoTenant } from './tenancy/demo-tenant';

const SHUTDOWN_LIMIT_MS = 15_000;

// Module-level so that a failed start can still stop the PostgreSQL it started.
let embedded: EmbeddedDatabase | undefined;

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const log = { info: (message: string) => say(message), debug: () => undefined };

  let db: Database | undefined;
  let app: FastifyInstance | undefined;
  let redis: Redis | undefined;
  let metricsServer: MetricsServer | undefined;
  let stopping = false;

  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const deadline = setTimeout(() => {
      say(`Shutdown took longer than ${SHUTDOWN_LIMIT_MS} ms; exiting.`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    deadline.unref();
    app?.log.info({ signal }, 'shutting down: draining requests in flight');
    // Order matters: stop taking requests and finish those in flight, then the pool, then the server.
    await app?.close();
    await metricsServer?.close();
    await db?.close();
    redis?.disconnect();
    await embedded?.stop();
    await stopTelemetry();
    say('customer-gateway stopped.');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  const url = config.databaseUrl ?? (embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPostgresPort, log)).url;
  const tuning = {
    poolSize: config.databasePoolSize,
    statementTimeoutMs: config.statementTimeoutMs,
    acquireTimeoutMs: config.databaseAcquireTimeoutMs,
    pooler: config.databasePooler,
  };
  db = await openDatabaseWhenReachable(url, tuning, config.databaseStartupWaitMs, (attempt) =>
    say(`Waiting for the database (attempt ${attempt}; DATABASE_STARTUP_WAIT_MS=${config.databaseStartupWaitMs})`),
  );
  redis = config.redisUrl ? createRedis(config.redisUrl, config.redisCommandTimeoutMs) : undefined;
  if (redis) await redisReady(redis, 1000);
  app = await buildApp({ config, db, redis });
  const address = await app.listen({ host: config.host, port: config.port }).catch((error: unknown) => {
    throw describeListenFailure(error, config.host, config.port);
  });
  if (config.metricsPort !== 0) {
    metricsServer = await startMetricsServer(app.metrics, config.host, config.metricsPort).catch((error: unknown) => {
      throw describeListenFailure(error, config.host, config.metricsPort, 'METRICS_PORT');
    });
  }
  // Only once the port is ours: secrets made by a start that then fails to listen would be lost.
  const demo = config.seedDemoTenant ? await seedDemoTenant(db.orm.em) : undefined;
  printWelcome(config, address, demo, started);
}

function startFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof EmbeddedPostgresError || error instanceof ListenError) return error.message;
  if (isPoolerRefusal(error)) {
    return (
      `a connection pooler in front of the database refused what the service sent (${(error as Error).message}); ` +
      'behind pgbouncer or another pooler in transaction mode, set DATABASE_POOLER=transaction'
    );
  }
  if (isDatabaseUnavailable(error)) return `the database could not be reached (${(error as Error).message}); check DATABASE_URL`;
  return String((error as Error)?.stack ?? error);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`customer-gateway could not start: ${startFailure(error)}\n`);
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
});
