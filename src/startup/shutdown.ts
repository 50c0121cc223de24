import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Database } from '../database/database';
import type { EmbeddedDatabase } from '../database/embedded-postgres';
import type { MetricsServer } from '../observability/metrics-server';
import { stopTelemetry } from '../telemetry';
import { say } from './welcome-banner';

const SHUTDOWN_LIMIT_MS = 15_000;

/** What a running service holds; filled in as the start sequence gets each part. */
export interface Running {
  app?: FastifyInstance;
  metricsServer?: MetricsServer;
  db?: Database;
  redis?: Redis;
  embedded?: EmbeddedDatabase;
}

/** Drains on SIGTERM and SIGINT, once, within SHUTDOWN_LIMIT_MS, then exits. */
export function stopOnSignals(running: Running): void {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const deadline = setTimeout(() => {
      say(`Shutdown took longer than ${SHUTDOWN_LIMIT_MS} ms; exiting.`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    deadline.unref();
    running.app?.log.info({ signal }, 'shutting down: draining requests in flight');
    // Order matters: stop taking requests and finish those in flight, then the pool, then the server.
    await running.app?.close();
    await running.metricsServer?.close();
    await running.db?.close();
    running.redis?.disconnect();
    await running.embedded?.stop();
    await stopTelemetry();
    say('customer-gateway stopped.');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
