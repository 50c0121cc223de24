import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const storage = new AsyncLocalStorage<FastifyRequest>();

/**
 * The request being answered, wherever its code runs: Apollo's formatError gets no
 * context (and runs for refusals made before any plugin), yet its errors carry the
 * request's tracer. Entered on preValidation, once the body has been read (reading it
 * runs on the socket's events, outside any context entered before), and only for
 * /graphql, the one route whose handler reads it.
 */
export function registerRequestContext(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => (request.routeOptions.url === '/graphql' ? storage.run(request, done) : done()));
}

export function currentRequest(): FastifyRequest | undefined {
  return storage.getStore();
}
