import type { GraphQLFormattedError } from 'graphql';
import { classifyError } from '../errors/classify';
import { toGraphQLError } from '../errors/graphql-shape';

/**
 * Apollo's formatError: every error a GraphQL client sees, refusals Apollo makes
 * before any plugin runs included, rendered by the one GraphQL renderer. It sees no
 * request: graphql.route.ts adds the tracer and records the error on the request.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const classified = classifyError(error);
  return toGraphQLError(classified, undefined, {
    apolloCode: formatted.extensions?.code,
    locations: formatted.locations,
    path: formatted.path,
  }) as GraphQLFormattedError;
}
