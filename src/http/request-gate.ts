import type { FastifyInstance } from 'fastify';
import { ServiceUnavailable } from '../errors/app-error';
import { classifyError } from '../errors/classify';
import { sendError } from './send-error';
import { traceIdOf, TRACER_HEADER } from './tracer';

/**
 * First hook of every request: its tracer and safety headers go on the response, and once shutdown has
 * begun, a request that still arrives on an open connection gets a 503 with
 * Retry-After, while those already in flight finish.
 */
export function registerRequestGate(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header(TRACER_HEADER, request.id);
    const traceId = traceIdOf(request.raw);
    // Both: a line written through either logger (the request's own line, an error) names the trace.
    if (traceId) request.log = reply.log = request.log.child({ traceId });
    // Answers hold customers' personal data: no cache may keep them, no browser may sniff them.
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    if (!closing) return;
    reply.header('connection', 'close');
    return sendError(request, reply, classifyError(new ServiceUnavailable('The service is shutting down.')));
  });
}
