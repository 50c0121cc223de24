import { Redis } from 'ioredis';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { bearer, postCustomer, request } from '../helpers/clients';
import { consumerInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Probed once by the global setup: without a Redis the shared-count test is reported as skipped.
const REDIS_URL = process.env.TEST_REDIS_AVAILABLE;
const withRedis = REDIS_URL ? describe : describe.skip;

describe('rate limiting per credential, in memory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000' });
  });
  afterAll(() => t.close());

  it('answers 429 rate_limited with Retry-After and RateLimit headers past the limit', async () => {
    const headers = bearer(t.tenants.secrets.merchantB);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, headers);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(last!.body).toMatchObject({ statusCode: 429, errorCode: 'rate_limited', errorTypeDescription: 'Too Many Requests' });
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('ratelimit-limit')).toBe('5');
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('counts each credential apart, and the GraphQL door against the same budget', async () => {
    const other = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, bearer(t.tenants.secrets.merchantC));
    expect(other.status).toBe(200);
    const graphql = await request(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(t.tenants.secrets.merchantB) },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(graphql.status).toBe(429);
    expect(graphql.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', errorCode: 'rate_limited' });
  });

  it('never limits health checks', async () => {
    for (let i = 0; i < 8; i++) expect((await request(`${t.baseUrl}/health/live`)).status).toBe(200);
  });
});

withRedis('rate limiting shared through Redis', () => {
  let t: TestApp;
  let first: Awaited<ReturnType<typeof buildApp>>;
  let second: Awaited<ReturnType<typeof buildApp>>;
  let firstUrl: string;
  let secondUrl: string;
  const clients: Redis[] = [];

  beforeAll(async () => {
    const redisFor = () => {
      const client = new Redis(REDIS_URL!, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
      clients.push(client);
      return client;
    };
    const env = { RATE_LIMIT_MAX: '6', RATE_LIMIT_WINDOW_MS: '60000' };
    t = await startTestApp(env);
    // Two instances on one database and one Redis, as two processes would be.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: t.database.url, ...env });
    await t.app.close();
    first = await buildApp({ config, db: t.database.db, redis: redisFor() });
    second = await buildApp({ config, db: t.database.db, redis: redisFor() });
    firstUrl = await first.listen({ host: '127.0.0.1', port: 0 });
    secondUrl = await second.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await t.close();
    clients.forEach((client) => client.disconnect());
  });

  it('two instances share one budget per credential', async () => {
    const headers = bearer(t.tenants.secrets.merchantD);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const base = i % 2 === 0 ? firstUrl : secondUrl;
      statuses.push((await postCustomer(base, { UpsertConsumerCustomer: consumerInput() }, headers)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });
});
