import { createServer } from 'node:http';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { DestinationStream } from 'pino';
import type { Config } from './config';
import { upsertBatchStats } from './customers/upsert-customer';
import type { Database } from './database/database';
import { registerExplorers } from './explorers/register-explorers';
import { createApolloServer } from './graphql/apollo-server';
import { registerGraphQLRoute } from './graphql/graphql.route';
import type { GraphQLContext } from './graphql/context';
import { buildGraphQLSchema } from './graphql/schema';
import { registerErrorHandling } from './http/error-handling';
import { actingMerchantOf, readScopeOf } from './http/acting-merchant';
import { registerCors } from './http/cors';
import { registerHealthRoutes } from './http/health.route';
import { registerJsonBodyParser } from './http/json-body';
import { loggerOptions } from './http/logging';
import { registerRateLimit } from './http/rate-limit';
import { registerRequestGate } from './http/request-gate';
import { registerRequestLog } from './http/request-log';
import { lazySchemaCompilers } from './http/schema-compilers';
import { clientErrorHandler, expectationFailedHandler } from './http/client-error';
import { newTracer } from './http/tracer';
import { idempotencyLockMs, registerIdempotency } from './idempotency/idempotency.plugin';
import { AppMetrics } from './observability/metrics';
import { asyncStdout } from './observability/log-destination';
import { observationOf } from './observability/request-observation';
import { registerCustomerRoutes } from './rest/customer-upsert.route';
import { MerchantAccess } from './tenancy/merchant-access';

export interface AppDeps {
  readonly config: Config;
  readonly db: Pick<Database, 'sql' | 'isReady' | 'onAvailabilityChange'> & Partial<Pick<Database, 'poolStats'>>;
  /** Where log lines go; stdout, buffered and asynchronous, when absent. Tests capture them here. */
  readonly logStream?: DestinationStream;
  /** Shares rate-limit counts between instances. */
  readonly redis?: Redis;
}

function createFastify(config: Config, logStream: DestinationStream | undefined): FastifyInstance {
  const app: FastifyInstance = Fastify({
    logger: { ...(loggerOptions(config.logLevel) as object), stream: logStream ?? asyncStdout() },
    bodyLimit: config.bodyLimitBytes,
    // Slow clients: Node checks these deadlines only every 30 s by default, so the
    // server is made here with a tighter check and a header deadline of its own.
    serverFactory: (handler) =>
      createServer(
        {
          requestTimeout: config.requestTimeoutMs,
          headersTimeout: Math.min(config.requestTimeoutMs, 10_000),
          connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs),
        },
        handler,
      ).on('checkExpectation', (request, response) => expectationFailedHandler(app.log)(request, response)),
    connectionTimeout: config.requestTimeoutMs,
    clientErrorHandler: (error, socket) => clientErrorHandler(app.log)(error, socket),
    // Every route is declared with its methods: HEAD is not implied by GET (a HEAD on /graphql
    // would otherwise meet Apollo's CSRF check), and it gets a 405 with Allow like any other.
    exposeHeadRoutes: false,
    genReqId: newTracer,
    // One line per request, written by registerRequestLog, instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'tracer', disableRequestLogging: true }),
    // The request gate answers with our own 503, envelope and Retry-After included.
    return503OnClosing: false,
    schemaController: { compilersFactory: lazySchemaCompilers() },
  });
  return app;
}

/** buildApp(deps): the HTTP server with /graphql, /customers and /health, not yet listening. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = createFastify(config, deps.logStream);
  registerRequestGate(app);
  registerRequestLog(app);
  // Per app, never prom-client's global registry: tests build several apps in one process.
  const metrics = new AppMetrics({ poolStats: deps.db.poolStats, batchStats: () => upsertBatchStats(deps.db.sql) });
  metrics.register(app);
  app.decorate('metrics', metrics);
  // Only JSON bodies are read anywhere: any other content type is refused before a handler runs.
  registerJsonBodyParser(app);
  registerErrorHandling(app);
  // Before the rate limit: a preflight carries no credential and is answered at once.
  await registerCors(app, config.corsOrigins);
  await registerRateLimit(app, {
    max: config.rateLimitMax,
    windowMs: config.rateLimitWindowMs,
    authFailureMax: config.authFailureLimitMax,
    redis: deps.redis,
    redisCommandTimeoutMs: config.redisCommandTimeoutMs,
  });

  const schema = buildGraphQLSchema();
  const merchants = new MerchantAccess(deps.db.sql, config.credentialCacheTtlMs);
  const actingMerchant = (request: FastifyRequest) => actingMerchantOf(merchants, request);
  // One way to build a request's GraphQL context, for /graphql and the REST shim alike.
  const contextFor = (request: FastifyRequest): GraphQLContext => ({
    db: deps.db.sql,
    tracer: request.id,
    actingMerchant: () => actingMerchant(request),
    readScope: () => readScopeOf(merchants, request),
    observation: observationOf(request),
  });
  // Before the routes: its hooks must cover both doors.
  registerIdempotency(app, { db: deps.db.sql, actingMerchant, lockMs: idempotencyLockMs(config) });

  const apollo = createApolloServer({ schema, introspection: config.graphqlIntrospection, log: app.log, fastify: app });
  await apollo.start();
  registerGraphQLRoute(app, apollo, contextFor);
  registerHealthRoutes(app, deps.db);
  registerCustomerRoutes(app, { schema, contextFor });
  registerExplorers(app, { graphiql: config.graphqlIntrospection });
  return app;
}
