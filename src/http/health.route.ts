import type { FastifyInstance } from 'fastify';
import type { Database } from '../database/database';
import { ServiceUnavailable } from '../errors/app-error';

export function registerHealthRoutes(app: FastifyInstance, db: Pick<Database, 'isReady'>): void {
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async () => {
    if (!(await db.isReady())) throw new ServiceUnavailable('The database does not answer.');
    return { status: 'ok' };
  });
}
