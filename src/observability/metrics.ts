import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { doorOf, observationOf, routePatternOf } from './request-observation';

import type { BatcherStats } from '../customers/upsert-batcher';
import type { PoolStats } from '../database/request-database';


export interface MetricsDeps {
  /** The request pool's counters; no pool gauges when absent. */
  readonly poolStats?: () => PoolStats;
  /** The upsert batcher's counters; no batch metrics when absent. */
  readonly batchStats?: () => Readonly<BatcherStats>;
}

// Method tokens are the caller's choice: anything else is one label.
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Operation names are chosen by clients: past this many distinct names, the rest share one label. */
const MAX_OPERATION_NAMES = 100;

let processRegistry: Registry | undefined;

/**
 * The process's default metrics (CPU, memory, event loop, GC) in a registry of their
 * own, made once per process: several apps in one process (the tests) would each
 * start an event-loop monitor and a GC observer otherwise.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

function boundedOperationNames(): (name: string | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (name === undefined) return '(none)';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_NAMES) return '(other)';
    seen.add(name);
    return name;
  };
}

/**
 * One app's metrics, in a registry of its own (never prom-client's global one, so
 * that several apps in one process do not collide). Every label is bounded: route
 * patterns, never raw paths; catalogue codes; a capped set of operation names.
 */
export class AppMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status.',
    labelNames: ['route', 'method', 'status_code'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request arriving to its response being sent.',
    labelNames: ['route', 'method', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations on /graphql, by operation name and outcome (ok: no error in the answer).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly upserts = new Counter({
    name: 'customer_upserts_total',
    help: 'Upserts that ran, by outcome and door.',
    labelNames: ['outcome', 'door'] as const,
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'errors_total',
    help: 'Answers carrying an error, by catalogue errorCode.',
    labelNames: ['error_code'] as const,
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'rate_limit_refusals_total',
    help: 'Requests refused with 429 rate_limited.',
    registers: [this.registry],
  });
  private readonly replays = new Counter({
    name: 'idempotent_replays_total',
    help: 'Requests answered from a stored response (Idempotent-Replayed: true).',
    registers: [this.registry],
  });
  private readonly operationName = boundedOperationNames();

  constructor(deps: MetricsDeps) {
    if (deps.batchStats) this.registerBatchMetrics(deps.batchStats);
    const stats = deps.poolStats;
    if (!stats) return;
    const gauge = (name: string, help: string, read: (s: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read(stats()));
        },
      });
    gauge('db_pool_connections_in_use', 'Request-pool connections handed out to a statement.', (s) => s.total - s.idle);
    gauge('db_pool_connections_idle', 'Request-pool connections open and free.', (s) => s.idle);
    gauge('db_pool_waiting_requests', 'Statements waiting for a request-pool connection.', (s) => s.waiting);
  }

  /** Requests per statement = requests / statements: how much concurrent upserts were coalesced. */
  private registerBatchMetrics(stats: () => Readonly<BatcherStats>): void {
    const counter = (name: string, help: string, read: (s: Readonly<BatcherStats>) => number) =>
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(read(stats()));
        },
      });
    counter('customer_upsert_statements_total', 'Upsert statements sent, single-row and batch.', (s) => s.statements);
    counter('customer_upsert_statement_requests_total', 'Upsert requests those statements carried.', (s) => s.requests);
    new Gauge({
      name: 'customer_upsert_largest_batch',
      help: 'The most upsert requests one statement has carried.',
      registers: [this.registry],
      collect() {
        this.set(stats().largest);
      },
    });
  }

  /** Counts a request once its response has gone, from what the request observed. */
  register(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = routePatternOf(request);
      const labels = { route, method: KNOWN_METHODS.has(request.method) ? request.method : 'OTHER', status_code: String(reply.statusCode) };
      this.requests.inc(labels);
      this.duration.observe(labels, reply.elapsedTime / 1000);
      const observed = observationOf(request);
      if (observed.errorCode) this.errors.inc({ error_code: observed.errorCode });
      if (observed.errorCode === 'rate_limited') this.rateLimited.inc();
      if (reply.getHeader('idempotent-replayed') === 'true') this.replays.inc();
      if (observed.upsertOutcome) this.upserts.inc({ outcome: observed.upsertOutcome.toLowerCase(), door: doorOf(request) });
      if (route === '/graphql' && request.method !== 'OPTIONS') {
        this.operations.inc({ operation: this.operationName(observed.operationName), outcome: observed.errorCode ? 'error' : 'ok' });
      }
    });
  }

  /** The Prometheus text: this app's metrics and the process's. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([this.registry, processMetrics()]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's metrics, served apart from the API by startMetricsServer. */
    readonly metrics: AppMetrics;
  }
}
