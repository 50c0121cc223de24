import type { FastifyInstance } from 'fastify';
import { classifyError } from '../errors/classify';
import { registerNotFound } from './not-found';
import { sendError } from './send-error';

/** Every error, unknown route and wrong method of the service goes through here. */
export function registerErrorHandling(app: FastifyInstance): void {
  registerNotFound(app);
  app.setErrorHandler((error, request, reply) => {
    const classified = classifyError(error);
    if (classified.logLevel === 'error') request.log.error({ err: classified.cause }, 'unexpected error');
    else if (classified.logLevel === 'warn') request.log.warn({ err: classified.cause }, 'database unavailable');
    return sendError(request, reply, classified);
  });
}
