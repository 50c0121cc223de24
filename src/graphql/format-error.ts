import type { GraphQLFormattedError } from 'graphql';
import { classifyError } from '../errors/classify';
import { toGraphQLError } from '../errors/graphql-shape';
import { currentRequest } from '../http/request-context';
import { observationOf, observeError } from '../observability/request-observation';

/**
 * Apollo's formatError: every error a GraphQL client sees, refusals Apollo makes
 * before any plugin runs included, rendered by the one GraphQL renderer. The tracer
 * and the request's observation come from the request being answered.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const classified = classifyError(error);
  const request = currentRequest();
  if (request) observeError(observationOf(request), classified.errorCode);
  return toGraphQLError(classified, request?.id, {
    apolloCode: formatted.extensions?.code,
    locations: formatted.locations,
    path: formatted.path,
  }) as GraphQLFormattedError;
}
