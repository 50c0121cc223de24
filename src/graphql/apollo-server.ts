import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { landingPageWithExplorerLinks } from '../explorers/landing-page';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../errors/app-error';
import { ERROR_CATALOGUE } from '../errors/catalogue';
import { classifyGraphQLError } from './classify-error';
import type { GraphQLContext } from './context';
import { knownOperationTypesRule } from './known-operation-types.rule';
import { DEFAULT_QUERY_LIMITS, queryLimitsRule } from './query-limits';
import { singleMutationFieldRule } from './single-mutation.rule';

/** The one mapper from errors to what a GraphQL client sees. */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const classified = classifyGraphQLError(error instanceof GraphQLError ? error : new GraphQLError('unexpected', { originalError: error as Error, path: [] }));
  const apolloCode = classified.refusedRequest ? formatted.extensions?.code : undefined;
  return {
    message: classified.message,
    ...(formatted.locations && { locations: formatted.locations }),
    ...(formatted.path && { path: formatted.path }),
    extensions: {
      // Apollo's own code stays on requests it rejected (GRAPHQL_PARSE_FAILED, …).
      code: apolloCode ?? ERROR_CATALOGUE[classified.errorCode].graphqlCode,
      errorCode: classified.errorCode,
      ...(classified.fields.length > 0 && { fields: classified.fields }),
    },
  };
}

/**
 * Logs in full, with the request's tracer, every error that formatGraphQLError masked;
 * and a 503 with its database cause, as REST does.
 */
function unexpectedErrorLogger(log: FastifyBaseLogger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const classified = classifyGraphQLError(error);
            if (classified.unexpected) {
              log.error({ err: error.originalError ?? error, tracer: contextValue.tracer }, 'unexpected error in GraphQL execution');
            } else if (classified.errorCode === 'service_unavailable') {
              log.warn({ err: error.originalError ?? error, tracer: contextValue.tracer }, 'database unavailable');
            }
          }
        },
      };
    },
  };
}

/**
 * A GraphQL answer is 200 even with errors, except when retrying is the answer:
 * an unreachable database is a 503 with Retry-After, as on REST.
 */
function retryableStatusPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const unavailable = response.body.singleResult.errors?.some((e) => e.extensions?.errorCode === 'service_unavailable');
          if (unavailable) {
            response.http.status = ERROR_CATALOGUE.service_unavailable.status;
            response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
          }
        },
      };
    },
  };
}

/** Tells the request's log line and metrics which operation ran: Apollo alone resolves it from the document. */
function operationObserver(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName, contextValue }) {
          // Names are the client's choice: long ones are cut, so no log line or label grows without bound.
          contextValue.observation.operationName = (operationName ?? '(anonymous)').slice(0, 100);
        },
      };
    },
  };
}

/**
 * Puts the tracer on every error of a GraphQL response. Done on the encoded body
 * because Apollo refuses some requests (bad variables, no query) before any plugin
 * runs; a response without errors is passed through untouched.
 */
export function addTracerToErrors(payload: string, tracer: string, onFirstErrorCode?: (errorCode: string) => void): string {
  if (!payload.includes('"errors":[')) return payload;
  const body = JSON.parse(payload) as { errors?: { extensions?: Record<string, unknown> }[] };
  if (!Array.isArray(body.errors)) return payload;
  // Read, not decided, here: formatGraphQLError has already put the catalogue code on each error.
  const first = body.errors[0]?.extensions?.errorCode;
  if (typeof first === 'string') onFirstErrorCode?.(first);
  for (const error of body.errors) error.extensions = { ...error.extensions, tracer };
  return JSON.stringify(body);
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
    // Without introspection, "Did you mean …?" in validation errors would leak the schema.
    hideSchemaDetailsFromClientErrors: !options.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM: Apollo's own handler would re-raise the signal mid-drain.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    // One operation per request: a batch would multiply every limit below by its length.
    allowBatchedHttpRequests: false,
    // One mutation field per operation: see singleMutationFieldRule.
    validationRules: [knownOperationTypesRule, queryLimitsRule(DEFAULT_QUERY_LIMITS), singleMutationFieldRule],
    // Refuses huge documents before the recursive parser can overflow its stack on them.
    parseOptions: { maxTokens: DEFAULT_QUERY_LIMITS.maxTokens },
    formatError: formatGraphQLError,
    plugins: [
      fastifyApolloDrainPlugin(options.fastify),
      // Nothing here is cacheable by HTTP caches, and no data leaves for Apollo's cloud:
      // these would otherwise run per field, or switch on when an APOLLO_KEY appears.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      unexpectedErrorLogger(options.log),
      retryableStatusPlugin(),
      operationObserver(),
      // Sandbox for developers; nothing at all in production unless introspection is turned on.
      options.introspection ? landingPageWithExplorerLinks() : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
