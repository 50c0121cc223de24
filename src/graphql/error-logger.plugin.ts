import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyBaseLogger } from 'fastify';
import { classifyError } from '../errors/classify';
import type { GraphQLContext } from './context';

/**
 * Logs in full, with the request's tracer, every error that formatGraphQLError masked;
 * and a 503 with its database cause, as REST does.
 */
export function unexpectedErrorLogger(log: FastifyBaseLogger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const classified = classifyError(error);
            if (classified.logLevel === 'error') {
              log.error({ err: classified.cause, tracer: contextValue.tracer }, 'unexpected error in GraphQL execution');
            } else if (classified.logLevel === 'warn') {
              log.warn({ err: classified.cause, tracer: contextValue.tracer }, 'database unavailable');
            }
          }
        },
      };
    },
  };
}
