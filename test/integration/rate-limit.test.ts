import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { SqlRunner } from '../../src/database/sql-runner';
import { createRedis, redisReady } from '../../src/http/redis-guard';
import { bearer, postCustomer, request } from '../helpers/clients';
import { consumerInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';

/** One secret, spelt as the parser allows: any case of Bearer, any number of spaces. */
const SPELLINGS = ['Bearer ', 'bearer ', 'BEARER ', 'BeArEr ', 'Bearer   ', 'bEARER  ', 'Bearer    '];
const spelling = (secret: string, i: number) => `${SPELLINGS[i % SPELLINGS.length]}${secret}${' '.repeat(i % 3)}`;

/** The app's own statements, passed to the real database and counted on the way: credential lookups are those on `credentials`. */
function countingCredentialLookups(sql: SqlRunner): { sql: SqlRunner; lookups: () => number } {
  let lookups = 0;
  return {
    sql: {
      query: (statement, values) => {
        if (/\bFROM credentials\b/i.test(statement.text)) lookups += 1;
        return sql.query(statement, values);
      },
    },
    lookups: () => lookups,
  };
}

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

describe('rate limiting cannot be dodged', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let counted: ReturnType<typeof countingCredentialLookups>;
  const env = { RATE_LIMIT_MAX: '20', RATE_LIMIT_WINDOW_MS: '60000', AUTH_FAILURE_LIMIT_MAX: '10', LOG_LEVEL: 'silent' };

  beforeAll(async () => {
    t = await startTestApp(env);
    await t.app.close();
    counted = countingCredentialLookups(t.database.db.sql);
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.database.url, ...env });
    app = await buildApp({ config, db: { ...t.database.db, sql: counted.sql } });
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const upsert = (authorization: string | undefined, remoteAddress = '10.0.0.1') =>
    app.inject({
      method: 'POST',
      url: '/customers',
      remoteAddress,
      headers: { 'content-type': 'application/json', ...(authorization !== undefined && { authorization }) },
      payload: { UpsertConsumerCustomer: consumerInput() },
    });

  it('counts one secret once, however Bearer is cased and spaced', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await upsert(spelling(t.tenants.secrets.merchantA, i))).statusCode);
    const refused = statuses.filter((status) => status === 429).length;
    console.log(`one secret in ${SPELLINGS.length * 3} spellings, 60 requests, limit 20: ${refused} answered 429`);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
    expect(statuses.slice(20)).toEqual(Array(40).fill(429));
  });

  it('throttles guessing per address before any credential lookup', async () => {
    const before = counted.lookups();
    const statuses: number[] = [];
    const guess = () => `Bearer sandbox_sk_${randomBytes(24).toString('base64url')}`;
    // Missing and malformed headers fail authentication too; then random well-formed secrets.
    const headers = [undefined, 'Basic eDp5', ...Array.from({ length: 198 }, guess)];
    let refusal;
    for (const authorization of headers) {
      const answer = await upsert(authorization, '10.0.0.2');
      statuses.push(answer.statusCode);
      if (answer.statusCode === 429) refusal = answer;
    }
    const refused = statuses.filter((status) => status === 429).length;
    const lookups = counted.lookups() - before;
    console.log(`200 failed authentications from one address, limit 10: ${refused} answered 429, ${lookups} credential lookups`);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(190).fill(429));
    expect(refusal!.json()).toMatchObject({ statusCode: 429, errorCode: 'rate_limited' });
    expect(Number(refusal!.headers['retry-after'])).toBeGreaterThan(0);
    // Eight of the first ten were well-formed and looked up; none after the limit.
    expect(lookups).toBe(8);
  });

  it('counts failures per address: another address still gets its 401', async () => {
    const answer = await upsert(`Bearer sandbox_sk_${randomBytes(24).toString('base64url')}`, '10.0.0.3');
    expect(answer.statusCode).toBe(401);
  });

  it('counts a revoked secret as a failed authentication', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await upsert(`Bearer ${t.tenants.secrets.revokedMerchantA}`, '10.0.0.4')).statusCode);
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
  });

  it('refuses a mutation carrying more than one upsertCustomer, aliased or through a fragment', async () => {
    // As the attack sent it: 55 aliases, each with its own customer of 8 KiB of metadata.
    const names = Array.from({ length: 55 }, (_, i) => `c${i}`);
    const variables = Object.fromEntries(names.map((name) => [name, { consumer: consumerInput({ metadata: { pad: 'x'.repeat(8192) } }) }]));
    const declared = names.map((name) => `$${name}: CustomerInput!`).join(' ');
    const field = (name: string) => `${name}: upsertCustomer(input: $${name}) { outcome }`;
    const aliased = `mutation(${declared}) { ${names.map(field).join(' ')} }`;
    const fragment = `mutation($c0: CustomerInput!, $c1: CustomerInput!) { ...Two } fragment Two on Mutation { ${field('c0')} ${field('c1')} }`;
    for (const query of [aliased, fragment]) {
      const answer = await app.inject({
        method: 'POST',
        url: '/graphql',
        remoteAddress: '10.0.0.5',
        headers: { 'content-type': 'application/json', ...bearer(t.tenants.secrets.merchantC) },
        payload: { query, variables: query === aliased ? variables : { c0: variables.c0, c1: variables.c1 } },
      });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().errors[0]).toMatchObject({ message: expect.stringMatching(/one field/), extensions: { errorCode: 'invalid_request' } });
    }
    const [{ count }] = await queryDatabase<{ count: string }>(t.database.url, 'SELECT count(*) FROM customers WHERE merchant_id = $1', [t.tenants.merchantC]);
    console.log(`55 aliased upserts in one request: refused, ${count} customers written`);
    expect(Number(count)).toBe(0);
  });

  it('still takes one upsertCustomer per mutation', async () => {
    const answer = await app.inject({
      method: 'POST',
      url: '/graphql',
      remoteAddress: '10.0.0.5',
      headers: { 'content-type': 'application/json', ...bearer(t.tenants.secrets.merchantC) },
      payload: { query: `mutation { __typename upsertCustomer(input: { consumer: { emailAddress: "${consumerInput().emailAddress as string}" } }) { outcome } }` },
    });
    expect(answer.json()).toEqual({ data: { __typename: 'Mutation', upsertCustomer: { outcome: 'CREATED' } } });
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
    const redisFor = async () => {
      const client = createRedis(REDIS_URL!, 1000);
      clients.push(client);
      await redisReady(client, 5000);
      return client;
    };
    // Windows are fixed (aligned to the clock): an hour makes a window edge mid-test unlikely.
    const env = { RATE_LIMIT_MAX: '6', RATE_LIMIT_WINDOW_MS: '3600000' };
    t = await startTestApp(env);
    // Two instances on one database and one Redis, as two processes would be.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: t.database.url, ...env });
    await t.app.close();
    first = await buildApp({ config, db: t.database.db, redis: await redisFor() });
    second = await buildApp({ config, db: t.database.db, redis: await redisFor() });
    firstUrl = await first.listen({ host: '127.0.0.1', port: 0 });
    secondUrl = await second.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await t.close();
    clients.forEach((client) => client.disconnect());
  });

  it('two instances share one budget per credential, however the header is spelt', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const base = i % 2 === 0 ? firstUrl : secondUrl;
      const headers = { authorization: spelling(t.tenants.secrets.merchantD, i) };
      statuses.push((await postCustomer(base, { UpsertConsumerCustomer: consumerInput() }, headers)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });
});
