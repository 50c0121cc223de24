import { createServer } from 'node:http';
import fastifyApollo from '@as-integrations/fastify';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { DestinationStream } from 'pino';
import type { Config } from './config';
import { CustomerService } from './customers/customer-service';
import type { Database } from './database/database';
import { ServiceUnavailable } from './errors/app-error';
import { ERROR_CATALOGUE } from './errors/catalogue';
import { addTracerToErrors, createApolloServer } from './graphql/apollo-server';
import { createContext, type ContextServices } from './graphql/context';
import { buildGraphQLSchema } from './graphql/schema';
import { classifyHttpError, type ClassifiedHttpError } from './http/classify-http-error';
import { loggerOptions } from './http/logging';
import { TRACER_HEADER, tracerFor } from './http/tracer';
import { headerValue } from './http/headers';
import { registerHealthRoutes } from './http/health.route';
import { registerJsonBodyParser } from './http/json-body';
import { registerRateLimit } from './http/rate-limit';
import { registerCustomerRoutes } from './rest/customers.route';
import { toEnvelope } from './rest/envelope';
import { MerchantResolver } from './tenancy/resolve-merchant';
import { registerIdempotency } from './idempotency/idempotency.plugin';
import { IdempotencyStore } from './idempotency/idempotency-store';

/** How long an Idempotency-Key stays held by a request that may have died with it. */
const IDEMPOTENCY_LOCK_MS = 60_000;

export interface AppDeps {
  readonly config: Config;
  readonly db: Pick<Database, 'sql' | 'isReady'>;
  /** Where log lines go; stdout when absent. Tests capture them here. */
  readonly logStream?: DestinationStream;
  /** Shares rate-limit counts between instances. */
  readonly redis?: Redis;
}

/** Paths the service answers, with their methods: another method is a 405 with `Allow`. */
const KNOWN_PATHS: Readonly<Record<string, string>> = {
  '/customers': 'POST',
  '/graphql': 'GET, POST',
  '/health/live': 'GET',
  '/health/ready': 'GET',
  '/openapi.json': 'GET',
};

function isGraphQLRequest(request: FastifyRequest): boolean {
  return request.url === '/graphql' || request.url.startsWith('/graphql?');
}

/** The one mapper from HTTP-level errors to a response: GraphQL's shape on /graphql, April's envelope elsewhere. */
function sendError(request: FastifyRequest, reply: FastifyReply, error: ClassifiedHttpError): FastifyReply {
  const entry = ERROR_CATALOGUE[error.errorCode];
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  reply.status(entry.status).type('application/json; charset=utf-8');
  if (!isGraphQLRequest(request)) return reply.send(toEnvelope(error, request.id));
  return reply.send({
    errors: [
      {
        message: error.message,
        extensions: { code: entry.graphqlCode, errorCode: error.errorCode },
      },
    ],
  });
}

/** buildApp(deps): the HTTP server with /graphql, /customers and /health, not yet listening. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: { ...(loggerOptions(config.logLevel) as object), ...(deps.logStream && { stream: deps.logStream }) },
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
      ),
    connectionTimeout: config.requestTimeoutMs,
    genReqId: tracerFor,
    logController: new LogController({ requestIdLogLabel: 'tracer' }),
    // Our own 503 below carries the envelope and Retry-After.
    return503OnClosing: false,
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header(TRACER_HEADER, request.id);
    if (closing) {
      reply.header('connection', 'close');
      return sendError(request, reply, { ...classifyHttpError(new ServiceUnavailable('The service is shutting down.')) });
    }
  });

  // Only JSON bodies are read anywhere: any other content type is refused before a handler runs.
  registerJsonBodyParser(app);
  app.addHook('onSend', async (request, _reply, payload) =>
    isGraphQLRequest(request) && typeof payload === 'string' ? addTracerToErrors(payload, request.id) : payload,
  );

  app.setErrorHandler((error, request, reply) => {
    const classified = classifyHttpError(error);
    if (classified.unexpected) request.log.error({ err: error }, 'unexpected error');
    else if (classified.errorCode === 'service_unavailable') request.log.warn({ err: error }, 'database unavailable');
    return sendError(request, reply, classified);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = KNOWN_PATHS[path];
    if (allowed) {
      reply.header('allow', allowed);
      return sendError(request, reply, {
        errorCode: 'method_not_allowed',
        message: `${request.method} is not allowed on ${path}; use ${allowed}.`,
        fields: [],
        unexpected: false,
      });
    }
    return sendError(request, reply, { errorCode: 'not_found', message: 'No such route.', fields: [], unexpected: false });
  });

  await registerRateLimit(app, { max: config.rateLimitMax, windowMs: config.rateLimitWindowMs, redis: deps.redis });

  const schema = buildGraphQLSchema();
  const services: ContextServices = {
    customers: new CustomerService(deps.db.sql),
    merchants: new MerchantResolver(deps.db.sql, config.credentialCacheTtlMs),
  };
  const idempotencyStore = new IdempotencyStore(deps.db.sql, IDEMPOTENCY_LOCK_MS);
  registerIdempotency(app, { store: idempotencyStore, merchants: services.merchants, headerValue });
  const purge = setInterval(() => {
    idempotencyStore.purgeExpired().catch((error: unknown) => app.log.warn({ err: error }, 'idempotency key purge failed'));
  }, 3_600_000).unref();
  app.addHook('onClose', async () => clearInterval(purge));
  const apollo = createApolloServer({ schema, introspection: config.graphqlIntrospection, log: app.log, fastify: app });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    context: async (request) =>
      createContext(services, { authorization: request.headers.authorization, merchantId: headerValue(request, 'merchant-id') }, request.id),
  });

  registerHealthRoutes(app, deps.db);
  registerCustomerRoutes(app, { schema, services });
  return app;
}
