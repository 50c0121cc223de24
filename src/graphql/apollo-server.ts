import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { ERROR_CATALOGUE } from '../errors/catalogue';
import { classifyGraphQLError } from './classify-error';
import type { GraphQLContext } from './context';

/** The one mapper from errors to what a GraphQL client sees. */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const classified =
    error instanceof GraphQLError
      ? classifyGraphQLError(error)
      : { errorCode: 'internal_error' as const, message: ERROR_CATALOGUE.internal_error.message, fields: [], unexpected: true };
  const fromCatalogue = classified.unexpected || classified.errorCode !== 'invalid_request' || !formatted.extensions?.code;
  return {
    message: classified.message,
    ...(formatted.locations && { locations: formatted.locations }),
    ...(formatted.path && { path: formatted.path }),
    extensions: {
      // Apollo's own code stays on requests it rejected (GRAPHQL_PARSE_FAILED, …).
      code: fromCatalogue ? ERROR_CATALOGUE[classified.errorCode].graphqlCode : formatted.extensions!.code,
      errorCode: classified.errorCode,
      ...(classified.fields.length > 0 && { fields: classified.fields }),
    },
  };
}

/** Puts the request's tracer on every error, and logs what was masked, with that tracer. */
function tracerPlugin(log: FastifyBaseLogger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (classifyGraphQLError(error).unexpected) {
              log.error({ err: error.originalError ?? error, tracer: contextValue.tracer }, 'unexpected error in GraphQL execution');
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            (error.extensions as Record<string, unknown>).tracer = contextValue.tracer;
          }
        },
      };
    },
  };
}

export interface ApolloOptions {
  readonly schema: GraphQLSchema;
  readonly introspection: boolean;
  readonly log: FastifyBaseLogger;
  readonly fastify: FastifyInstance;
}

export function createApolloServer(options: ApolloOptions): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    schema: options.schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    formatError: formatGraphQLError,
    plugins: [
      fastifyApolloDrainPlugin(options.fastify),
      tracerPlugin(options.log),
      // Sandbox for developers; nothing at all in production unless introspection is turned on.
      options.introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
