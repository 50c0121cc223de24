import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const storage = new AsyncLocalStorage<FastifyRequest>();

/**
 * The request being answered, wherever its code runs: Apollo's formatError gets no
 * context (and runs for refusals made before any plugin), yet its errors carry the
 * request's tracer. Entered on onRequest, and again on preValidation: reading the
 * body runs on the socket's events, outside the context entered before it.
 */
export function registerRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => storage.run(request, done));
  app.addHook('preValidation', (request, _reply, done) => storage.run(request, done));
}

export function currentRequest(): FastifyRequest | undefined {
  return storage.getStore();
}
