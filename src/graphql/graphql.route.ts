import { Readable } from 'node:stream';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

/**
 * The request as Apollo reads it. @as-integrations/fastify's own builds a WHATWG URL from
 * the path and host for every request, to take its query string: 1-2% of a GraphQL
 * upsert's CPU under load. The query string is what follows the first `?`.
 */
function toHttpGraphQLRequest(request: FastifyRequest): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const key in request.headers) {
    const value = request.headers[key];
    if (value) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const query = request.url.indexOf('?');
  return { body: request.body, method: request.method.toUpperCase(), headers, search: query < 0 ? '' : request.url.slice(query) };
}

/** /graphql: Apollo over Fastify, with the request's part added to its errors. */
export function registerGraphQLRoute(
  app: FastifyInstance,
  apollo: ApolloServer<GraphQLContext>,
  contextFor: (request: FastifyRequest) => GraphQLContext,
): void {
  apollo.assertStarted('registerGraphQLRoute()');
  app.route({
    // Apollo's default also takes OPTIONS, which then met its CSRF check as a 400.
    method: ['GET', 'POST'],
    url: '/graphql',
    handler: async (request, reply) => {
      const { headers, body, status } = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: toHttpGraphQLRequest(request),
        context: async () => contextFor(request),
      });
      for (const [key, value] of headers) void reply.header(key, value);
      void reply.code(status ?? 200);
      // Incremental delivery (@defer, @stream) streams its parts; everything else is one text.
      if (body.kind === 'chunked') return reply.send(Readable.from(body.asyncIterator));
      return withRequestPart(body.string, request);
    },
  });
}
