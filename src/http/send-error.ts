import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CATALOGUE } from '../errors/catalogue';
import type { ClassifiedError } from '../errors/classify';
import { toEnvelope } from '../errors/envelope';
import { toGraphQLError } from '../errors/graphql-shape';
import { observationOf, observeError } from '../observability/request-observation';

function isGraphQLRequest(request: FastifyRequest): boolean {
  return request.url === '/graphql' || request.url.startsWith('/graphql?');
}

/** Answers a classified error: GraphQL's shape on /graphql, April's envelope elsewhere; status and Retry-After from the catalogue. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: ClassifiedError): FastifyReply {
  observeError(observationOf(request), error.errorCode, true);
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  reply.status(ERROR_CATALOGUE[error.errorCode].status).type('application/json; charset=utf-8');
  if (!isGraphQLRequest(request)) return reply.send(toEnvelope(error, request.id));
  return reply.send({ errors: [toGraphQLError(error, request.id)] });
}
