import type { FastifyInstance } from 'fastify';
import { observationOf, routePatternOf } from '../observability/request-observation';

/**
 * One info line per request, written once its response has gone, in place of
 * Fastify's two ('incoming request', 'request completed'). The tracer (and the
 * caller's traceId) come from the request's logger. The route is the pattern, never
 * the path: a path can hold an email or an id, a query string a whole GraphQL document.
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const observed = observationOf(request);
    const route = routePatternOf(request);
    request.log.info(
      {
        method: request.method,
        route,
        statusCode: reply.statusCode,
        ...(observed.errorCode && { errorCode: observed.errorCode }),
        ...(route === '/graphql' && observed.operationName && { operationName: observed.operationName }),
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
}
