import type { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, type ErrorCode } from '../errors/catalogue';
import { observationOf, observeError } from '../observability/request-observation';
import type { GraphQLContext } from './context';

const isErrorCode = (value: unknown): value is ErrorCode => (ERROR_CODES as readonly unknown[]).includes(value);

/**
 * The request's part of every GraphQL error: its tracer, and its place in the request's
 * log line and metrics. Apollo's formatError sees no request (and runs too for refusals
 * made before any plugin), so this is done here, on the answer, for every error in it.
 * Only answers that hold errors are read again; a JSON text can hold `"errors":` only
 * as a key.
 */
function withRequestPart(body: string, request: FastifyRequest): string {
  if (!body.includes('"errors":')) return body;
  const answer = JSON.parse(body) as { errors?: { extensions?: Record<string, unknown> }[] };
  if (!Array.isArray(answer.errors)) return body;
  for (const error of answer.errors) {
    error.extensions = { ...error.extensions, tracer: request.id };
    if (isErrorCode(error.extensions.errorCode)) observeError(observationOf(request), error.extensions.errorCode);
  }
  return JSON.stringify(answer) + (body.endsWith('\n') ? '\n' : '');
}

/** /graphql: Apollo's Fastify handler, with the request's part added to its errors. */
export function registerGraphQLRoute(
  app: FastifyInstance,
  apollo: ApolloServer<GraphQLContext>,
  contextFor: (request: FastifyRequest) => GraphQLContext,
): void {
  // Typed loosely: it answers with the body text, or with the reply it streamed on.
  const handler = fastifyApolloHandler(apollo, { context: async (request) => contextFor(request) }) as unknown as (
    this: FastifyInstance,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>;
  app.route({
    // Apollo's default also takes OPTIONS, which then met its CSRF check as a 400.
    method: ['GET', 'POST'],
    url: '/graphql',
    handler: async function (request, reply) {
      const body = await handler.call(this, request, reply);
      return typeof body === 'string' ? withRequestPart(body, request) : body;
    },
  });
}
