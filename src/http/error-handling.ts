import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CATALOGUE, type ErrorCode } from '../errors/catalogue';
import { addTracerToErrors } from '../graphql/apollo-server';
import { observationOf } from '../observability/request-observation';
import { toEnvelope } from '../rest/envelope';
import { trackAllowedMethods } from './allowed-methods';
import { classifyHttpError, type ClassifiedHttpError } from './classify-http-error';

function isGraphQLRequest(request: FastifyRequest): boolean {
  return request.url === '/graphql' || request.url.startsWith('/graphql?');
}

/** The one mapper from HTTP-level errors to a response: GraphQL's shape on /graphql, April's envelope elsewhere. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: ClassifiedHttpError): FastifyReply {
  const entry = ERROR_CATALOGUE[error.errorCode];
  observationOf(request).errorCode = error.errorCode;
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  reply.status(entry.status).type('application/json; charset=utf-8');
  if (!isGraphQLRequest(request)) return reply.send(toEnvelope(error, request.id));
  const fields = error.fields.length > 0 ? { fields: error.fields } : {};
  return reply.send({ errors: [{ message: error.message, extensions: { code: entry.graphqlCode, errorCode: error.errorCode, ...fields } }] });
}

function refusal(errorCode: 'not_found' | 'method_not_allowed', message: string): ClassifiedHttpError {
  return { errorCode, message, fields: [], unexpected: false };
}

/** Every error, unknown route and wrong method of the service goes through here. */
export function registerErrorHandling(app: FastifyInstance): void {
  const allowedMethods = trackAllowedMethods(app);
  app.addHook('onSend', async (request, _reply, payload) => {
    if (!isGraphQLRequest(request) || typeof payload !== 'string') return payload;
    const observation = observationOf(request);
    return addTracerToErrors(payload, request.id, (errorCode) => (observation.errorCode ??= errorCode as ErrorCode));
  });

  app.setErrorHandler((error, request, reply) => {
    const classified = classifyHttpError(error);
    if (classified.unexpected) request.log.error({ err: error }, 'unexpected error');
    else if (classified.errorCode === 'service_unavailable') request.log.warn({ err: error }, 'database unavailable');
    return sendError(request, reply, classified);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const methods = allowedMethods(path);
    // No route at all, or an allowed method that still found none (an id past the router's length limit): nothing there.
    if (methods.length === 0 || methods.includes(request.method)) return sendError(request, reply, refusal('not_found', 'No such route.'));
    const allowed = methods.join(', ');
    reply.header('allow', allowed);
    return sendError(request, reply, refusal('method_not_allowed', `${request.method} is not allowed on ${path}; use ${allowed}.`));
  });
}
