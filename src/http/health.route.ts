import type { FastifyInstance } from 'fastify';
import type { Database } from '../database/database';
import { ServiceUnavailable } from '../errors/app-error';

/**
 * /health/live: the process answers. /health/ready: the database answers too, checked
 * at most about once a second and within its own deadline (readiness-check.ts), so a
 * flood of checks or a frozen database cannot hold it.
 */
export function registerHealthRoutes(app: FastifyInstance, db: Pick<Database, 'isReady' | 'onAvailabilityChange'>): void {
  // One line when the database stops answering and one when it is back, not one per request.
  db.onAvailabilityChange((change) => {
    if (change.up) app.log.info({ downForMs: change.downForMs }, 'database answers again');
    else app.log.warn({ err: change.cause }, 'database stopped answering: requests that need it answer 503 until it is back');
  });
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async () => {
    const readiness = await db.isReady();
    if (!readiness.ready) throw new ServiceUnavailable('The database does not answer.', readiness.cause);
    return { status: 'ok' };
  });
}
