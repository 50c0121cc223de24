import { buildApp } from '../../src/app';
import { startMetricsServer, type MetricsServer } from '../../src/observability/metrics-server';
import { bearer, graphql, postCustomer, request, UPSERT_MUTATION } from '../helpers/clients';
import { consumerInput } from '../helpers/builders';
import { parsePrometheusText, sampleValue, type Sample } from '../helpers/prometheus-text';
import { freePort } from '../helpers/free-port';
import { startServiceProcess } from '../helpers/service-process';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let server: MetricsServer;

async function scrape(): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  return { text, samples: parsePrometheusText(text) };
}

/** Traffic of every kind the metrics count: both doors' three outcomes, errors, a replay, a 429, an unknown path. */
async function sendTraffic(): Promise<void> {
  const A = bearer(t.tenants.secrets.merchantA);
  const email = consumerInput().emailAddress as string;
  expect((await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: email } }, A)).status).toBe(200); // created
  expect((await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: email } }, A)).status).toBe(200); // unchanged
  expect((await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: email, givenName: 'Lucy' } }, A)).status).toBe(200); // updated

  const B = bearer(t.tenants.secrets.merchantB);
  const created = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: consumerInput() } }, B);
  expect(created.body.data.upsertCustomer.outcome).toBe('CREATED');
  const forbidden = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: consumerInput() } }, bearer(t.tenants.secrets.merchantB, t.tenants.merchantC));
  expect(forbidden.body.errors[0].extensions.errorCode).toBe('forbidden');

  const D = { ...bearer(t.tenants.secrets.merchantD), 'idempotency-key': 'metrics-replay-1' };
  const body = { UpsertConsumerCustomer: consumerInput() };
  expect((await postCustomer(t.baseUrl, body, D)).status).toBe(200);
  const replay = await postCustomer(t.baseUrl, body, D);
  expect(replay.headers.get('idempotent-replayed')).toBe('true');

  // RATE_LIMIT_MAX is 4: the fifth request of merchant C is refused.
  const C = bearer(t.tenants.secrets.merchantC);
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await postCustomer(t.baseUrl, '{"not json', C)).status);
  expect(statuses).toEqual([400, 400, 400, 400, 429]);

  expect((await request(`${t.baseUrl}/customers/x/lucy.secret@star.com`)).status).toBe(404);
}

beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_MAX: '4', RATE_LIMIT_WINDOW_MS: '60000' });
  server = await startMetricsServer(t.app.metrics, '127.0.0.1', 0);
  await sendTraffic();
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('GET /metrics on its own port, after real traffic', () => {
  it('counts upserts by outcome and door', async () => {
    const { samples } = await scrape();
    const upserts = (outcome: string, door: string) => sampleValue(samples, 'customer_upserts_total', { outcome, door });
    // REST: created, unchanged, updated, and merchant D's first idempotent request (its replay ran nothing).
    expect([upserts('created', 'rest'), upserts('unchanged', 'rest'), upserts('updated', 'rest')]).toEqual([2, 1, 1]);
    expect([upserts('created', 'graphql'), upserts('unchanged', 'graphql'), upserts('updated', 'graphql')]).toEqual([1, 0, 0]);
  });

  it('counts HTTP requests by route pattern, method and status, with durations; an unknown path is one label and never appears', async () => {
    const { text, samples } = await scrape();
    const requests = (route: string, method: string, status: string) =>
      sampleValue(samples, 'http_requests_total', { route, method, status_code: status });
    expect(requests('/customers', 'POST', '200')).toBe(5); // three of A, two of D (the second a replay)
    expect(requests('/customers', 'POST', '400')).toBe(4);
    expect(requests('/customers', 'POST', '429')).toBe(1);
    expect(requests('/graphql', 'POST', '200')).toBe(2);
    expect(requests('(unknown)', 'GET', '404')).toBe(1);
    expect(sampleValue(samples, 'http_request_duration_seconds_count', { route: '/customers', method: 'POST', status_code: '200' })).toBe(5);
    expect(sampleValue(samples, 'http_request_duration_seconds_bucket', { route: '/customers', method: 'POST', status_code: '200', le: '+Inf' })).toBe(5);
    expect(text).not.toContain('lucy.secret');
    expect(text).not.toContain('/customers/x');
  });

  it('counts GraphQL operations by name and outcome, errors by errorCode, rate-limit refusals and replays', async () => {
    const { samples } = await scrape();
    expect(sampleValue(samples, 'graphql_operations_total', { operation: 'Upsert', outcome: 'ok' })).toBe(1);
    expect(sampleValue(samples, 'graphql_operations_total', { operation: 'Upsert', outcome: 'error' })).toBe(1);
    expect(sampleValue(samples, 'errors_total', { error_code: 'invalid_json' })).toBe(4);
    expect(sampleValue(samples, 'errors_total', { error_code: 'forbidden' })).toBe(1);
    expect(sampleValue(samples, 'errors_total', { error_code: 'rate_limited' })).toBe(1);
    expect(sampleValue(samples, 'errors_total', { error_code: 'not_found' })).toBe(1);
    expect(sampleValue(samples, 'rate_limit_refusals_total')).toBe(1);
    expect(sampleValue(samples, 'idempotent_replays_total')).toBe(1);
  });

  it('counts the upsert statements the batcher sent and the requests they carried', async () => {
    const { samples } = await scrape();
    const statements = sampleValue(samples, 'customer_upsert_statements_total');
    const carried = sampleValue(samples, 'customer_upsert_statement_requests_total');
    // Five upserts ran (four REST, one GraphQL), one after another: each went as a statement of its own.
    expect(carried).toBe(5);
    expect(statements).toBe(5);
    expect(sampleValue(samples, 'customer_upsert_largest_batch')).toBe(1);
  });

  it("reports the request pool's connections and the process's default metrics", async () => {
    const { samples } = await scrape();
    const inUse = sampleValue(samples, 'db_pool_connections_in_use');
    const idle = sampleValue(samples, 'db_pool_connections_idle');
    // The traffic opened connections; nothing runs now, so they are idle, and nothing waits.
    expect(idle).toBeGreaterThanOrEqual(1);
    expect(inUse).toBe(0);
    expect(sampleValue(samples, 'db_pool_waiting_requests')).toBe(0);
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    expect(samples.some((s) => s.name === 'nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('answers nothing but GET /metrics on that port', async () => {
    expect((await fetch(`${server.url}/graphql`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('keeps each app apart: a second app in the same process starts from zero and registers without collision', async () => {
    const second = await buildApp({ config: t.config, db: t.database.db });
    try {
      const other = await startMetricsServer(second.metrics, '127.0.0.1', 0);
      try {
        const text = await (await fetch(`${other.url}/metrics`)).text();
        expect(sampleValue(parsePrometheusText(text), 'customer_upserts_total', { outcome: 'created', door: 'rest' })).toBe(0);
      } finally {
        await other.close();
      }
    } finally {
      await second.close();
    }
    // The first app's counts are untouched.
    expect(sampleValue((await scrape()).samples, 'customer_upserts_total', { outcome: 'created', door: 'rest' })).toBe(2);
  });

  it('prints one scrape for the record', async () => {
    const { text } = await scrape();
    const ours = /^(# (HELP|TYPE) )?(http_requests_total|http_request_duration_seconds_count|graphql_operations_total|customer_upserts_total|errors_total|rate_limit_refusals_total|idempotent_replays_total|db_pool_\w+|process_cpu_user_seconds_total|nodejs_eventloop_lag_seconds)\b/;
    const excerpt = text.split('\n').filter((line) => ours.test(line.replace(/^# (HELP|TYPE) /, '')));
    console.log(`GET /metrics after the test's traffic (excerpt):\n${excerpt.join('\n')}`);
    expect(excerpt.length).toBeGreaterThan(20);
  });
});

describe('the service process', () => {
  it('serves /metrics on METRICS_PORT of its HOST and says where in the start-up text', async () => {
    const port = await freePort();
    const service = await startServiceProcess({ DATABASE_URL: t.database.url, METRICS_PORT: String(port) });
    try {
      await postCustomer(service.baseUrl, { UpsertConsumerCustomer: consumerInput() });
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(sampleValue(parsePrometheusText(text), 'errors_total', { error_code: 'unauthorized' })).toBe(1);
      expect(service.stderr.join('')).toContain(`Metrics:   http://localhost:${port}/metrics`);
      // Not on the API port.
      expect((await fetch(`${service.baseUrl}/metrics`)).status).toBe(404);
    } finally {
      expect((await service.stop()).code).toBe(0);
    }
  });
});
