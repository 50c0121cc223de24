import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openRequestDatabase, type RequestDatabase } from '../../src/database/request-database';
import { ERROR_CATALOGUE, ERROR_CODES, ERROR_TYPE_DESCRIPTIONS, type ErrorCode } from '../../src/errors/catalogue';
import { bearer, graphql, postCustomer, request, UPSERT_MUTATION, type HttpResult } from '../helpers/clients';
import { consumerInput, organisationInput } from '../helpers/builders';
import { rawHttp } from '../helpers/raw-http';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { holdCustomerRow, queryDatabase, waitForRow } from '../helpers/test-database';

let t: TestApp;
let limited: TestApp;
let downUrl: string;
let down: Awaited<ReturnType<typeof buildApp>>;
let downDb: RequestDatabase;

beforeAll(async () => {
  t = await startTestApp();
  limited = await startTestApp({ RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_MS: '60000', REQUEST_TIMEOUT_MS: '1000' });
  // An instance whose database cannot be reached: nothing listens on port 1.
  downDb = openRequestDatabase('postgres://postgres@127.0.0.1:1/none', { poolSize: 2, statementTimeoutMs: 1000, acquireTimeoutMs: 1000 });
  down = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://127.0.0.1:1/none', RATE_LIMIT_MAX: '0' }),
    db: downDb,
  });
  downUrl = await down.listen({ host: '127.0.0.1', port: 0 });
  // A fault the code does not expect: the database refuses one value through a rule it never declared.
  await queryDatabase(t.database.url, `ALTER TABLE customers ADD CONSTRAINT injected_fault CHECK (given_name IS DISTINCT FROM 'boom')`);
});
afterAll(async () => {
  await down.close();
  await downDb.close();
  await limited.close();
  await t.close();
});

const A = () => bearer(t.tenants.secrets.merchantA);
const gql = (input: unknown, headers: Record<string, string>, base = t.baseUrl) => graphql(base, UPSERT_MUTATION, { input }, headers);

/** Holds a customer's row so that an upsert of it waits in PostgreSQL while a second request arrives. */
async function whileRunning(send: (headers: Record<string, string>, body: Record<string, unknown>) => Promise<HttpResult>, key: string) {
  const input = consumerInput();
  await postCustomer(t.baseUrl, { UpsertConsumerCustomer: input }, A());
  const release = await holdCustomerRow(t.database.url, input.emailAddress as string);
  const headers = { ...A(), 'idempotency-key': key };
  const first = send(headers, { ...input, givenName: 'Slow' });
  await waitForRow(t.database.url, 'SELECT 1 FROM idempotency_keys WHERE key = $1 AND status_code IS NULL', [key]);
  const second = await send(headers, { ...input, givenName: 'Slow' });
  await release();
  await first;
  return second;
}

type Probe = () => Promise<HttpResult>;
/** Every code of the catalogue, produced by a real request: on REST always, on GraphQL where the code can arise there. */
const PROBES: Record<ErrorCode, { rest: Probe; graphql?: Probe }> = {
  invalid_json: {
    rest: () => postCustomer(t.baseUrl, '{"UpsertConsumerCustomer": {', A()),
    graphql: () => request(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...A() }, body: '{"query":' }),
  },
  invalid_request: {
    rest: () => postCustomer(t.baseUrl, { UpsertConsumerCustomer: {}, UpsertOrganisationCustomer: {} }, A()),
    graphql: () => gql({ consumer: consumerInput(), organisation: organisationInput() }, A()),
  },
  merchant_id_required: {
    rest: () => postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, bearer(t.tenants.secrets.marketplace1)),
    graphql: () => gql({ consumer: consumerInput() }, bearer(t.tenants.secrets.marketplace1)),
  },
  unauthorized: {
    rest: () => postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }),
    graphql: () => gql({ consumer: consumerInput() }, {}),
  },
  forbidden: {
    rest: () => postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, bearer(t.tenants.secrets.merchantA, t.tenants.merchantB)),
    graphql: () => gql({ consumer: consumerInput() }, bearer(t.tenants.secrets.marketplace1, t.tenants.merchantC)),
  },
  merchant_not_found: {
    rest: () => postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, bearer(t.tenants.secrets.marketplace1, 'mcht_nobody')),
    graphql: () => gql({ consumer: consumerInput() }, bearer(t.tenants.secrets.marketplace1, 'mcht_nobody')),
  },
  not_found: { rest: () => request(`${t.baseUrl}/customers/cust_x/orders`) },
  method_not_allowed: { rest: () => request(`${t.baseUrl}/customers`, { method: 'DELETE' }) },
  not_acceptable: {
    rest: () => postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, { ...A(), accept: 'application/xml' }),
  },
  // Refused by Node's HTTP layer before any route: still April's envelope, with a tracer.
  request_timeout: {
    rest: () => rawHttp(limited.baseUrl, 'POST /customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"Upsert'),
  },
  expectation_failed: {
    rest: () => rawHttp(t.baseUrl, 'POST /customers HTTP/1.1\r\nHost: x\r\nExpect: fancy\r\nContent-Length: 0\r\n\r\n'),
  },
  request_header_too_large: {
    rest: () => rawHttp(t.baseUrl, `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
  },
  reference_customer_id_taken: {
    rest: async () => {
      const org = organisationInput();
      await postCustomer(t.baseUrl, { UpsertOrganisationCustomer: org }, A());
      return postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput({ referenceCustomerId: org.referenceCustomerId }) }, A());
    },
    graphql: async () => {
      const org = organisationInput();
      await gql({ organisation: org }, A());
      return gql({ consumer: consumerInput({ referenceCustomerId: org.referenceCustomerId }) }, A());
    },
  },
  idempotency_key_in_use: {
    rest: () => whileRunning((headers, body) => postCustomer(t.baseUrl, { UpsertConsumerCustomer: body }, headers), 'cat-in-use-rest'),
    graphql: () => whileRunning((headers, body) => gql({ consumer: body }, headers), 'cat-in-use-gql'),
  },
  validation_failed: {
    rest: () => postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput({ emailAddress: 'nope' }) }, A()),
    graphql: () => gql({ consumer: consumerInput({ familyName: 'x'.repeat(101) }) }, A()),
  },
  idempotency_key_reused: {
    rest: async () => {
      const headers = { ...A(), 'idempotency-key': 'cat-reused-rest' };
      await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, headers);
      return postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, headers);
    },
    graphql: async () => {
      const headers = { ...A(), 'idempotency-key': 'cat-reused-gql' };
      await gql({ consumer: consumerInput() }, headers);
      return gql({ consumer: consumerInput() }, headers);
    },
  },
  rate_limited: {
    rest: async () => {
      await postCustomer(limited.baseUrl, { UpsertConsumerCustomer: consumerInput() }, bearer(limited.tenants.secrets.merchantA));
      return postCustomer(limited.baseUrl, { UpsertConsumerCustomer: consumerInput() }, bearer(limited.tenants.secrets.merchantA));
    },
    graphql: async () => {
      await gql({ consumer: consumerInput() }, bearer(limited.tenants.secrets.merchantB), limited.baseUrl);
      return gql({ consumer: consumerInput() }, bearer(limited.tenants.secrets.merchantB), limited.baseUrl);
    },
  },
  internal_error: {
    rest: () => postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput({ givenName: 'boom' }) }, A()),
    graphql: () => gql({ consumer: consumerInput({ givenName: 'boom' }) }, A()),
  },
  service_unavailable: {
    rest: () => postCustomer(downUrl, { UpsertConsumerCustomer: consumerInput() }, A()),
    graphql: () => gql({ consumer: consumerInput() }, A(), downUrl),
  },
};

describe.each(ERROR_CODES)('%s', (errorCode) => {
  const entry = ERROR_CATALOGUE[errorCode];

  it(`REST answers ${entry.status} with April's envelope`, async () => {
    const result = await PROBES[errorCode].rest();
    expect(result.status).toBe(entry.status);
    expect(result.body).toEqual({
      statusCode: entry.status,
      errorCode,
      message: expect.any(String),
      tracer: result.headers.get('x-tracer'),
      detail: entry.message,
      errorTypeDescription: ERROR_TYPE_DESCRIPTIONS[entry.status],
      metadata: expect.any(Object),
    });
    if (errorCode === 'method_not_allowed') expect(result.headers.get('allow')).toBe('GET, POST');
    if (entry.status === 429 || entry.status === 503) expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
    if (errorCode === 'internal_error') expect(result.body.message).toBe('Unexpected error.');
  });

  const probe = PROBES[errorCode].graphql;
  // not_found, method_not_allowed and not_acceptable are REST-only: /graphql has no such request.
  if (probe) it(`GraphQL carries code ${entry.graphqlCode} and errorCode ${errorCode}`, async () => {
    const result = await probe!();
    const [error] = result.body.errors;
    expect(error.extensions).toMatchObject({ errorCode, tracer: result.headers.get('x-tracer') });
    if (errorCode !== 'invalid_request' && errorCode !== 'invalid_json') expect(error.extensions.code).toBe(entry.graphqlCode);
    if (errorCode === 'internal_error') expect(error.message).toBe('Unexpected error.');
    // Retrying is the answer to these on GraphQL too, so they keep their HTTP status.
    if (errorCode === 'service_unavailable' || errorCode === 'rate_limited') {
      expect(result.status).toBe(entry.status);
      expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});

describe('the catalogue itself', () => {
  it('gives every code a status with a description', () => {
    for (const code of ERROR_CODES) expect(ERROR_TYPE_DESCRIPTIONS[ERROR_CATALOGUE[code].status]).toBeDefined();
  });

  it('is documented: README names every code', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    for (const code of ERROR_CODES) expect(readme).toContain(`\`${code}\``);
  });

  it('logs an unexpected error in full with its tracer, and shows it to nobody', async () => {
    const result = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput({ givenName: 'boom' }) }, A());
    expect(JSON.stringify(result.body)).not.toMatch(/injected_fault|constraint|INSERT|at \//);
    const line = t.logs.find((entry) => entry.tracer === result.body.tracer && entry.level === 50);
    expect(line).toBeDefined();
    expect(JSON.stringify(line)).toContain('injected_fault');
    expect(JSON.stringify(line)).not.toContain('INSERT INTO');
  });
});
