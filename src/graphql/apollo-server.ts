import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { landingPageWithExplorerLinks } from '../explorers/landing-page';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { GraphQLContext } from './context';
import { unexpectedErrorLogger } from './error-logger.plugin';
import { formatGraphQLError } from './format-error';
import { knownOperationTypesRule } from './known-operation-types.rule';
import { DEFAULT_QUERY_LIMITS, queryLimitsRule } from './query-limits.rule';
import { operationObserver } from './operation-observer.plugin';
import { retryableStatusPlugin } from './retryable-status.plugin';
import { singleMutationFieldRule } from './single-mutation.rule';

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
      // Apollo adds inline tracing for federated subgraphs only, which this schema is not; its
      // plugin would still load the usage-reporting protobuf code at every start to find that out.
      ApolloServerPluginInlineTraceDisabled(),
      unexpectedErrorLogger(options.log),
      retryableStatusPlugin(),
      operationObserver(),
      // Sandbox for developers; nothing at all in production unless introspection is turned on.
      options.introspection ? landingPageWithExplorerLinks() : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
