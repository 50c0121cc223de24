import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { getIntrospectionQuery } from 'graphql';
import { Client } from 'pg';
import { TenancyAdmin } from '../../src/tenancy/tenancy-admin';
import { bearer, graphql, postCustomer, request, UPSERT_MUTATION } from '../helpers/clients';
import { consumerInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';

let t: TestApp;
let production: TestApp;
beforeAll(async () => {
  t = await startTestApp({ REQUEST_TIMEOUT_MS: '1500' });
  production = await startTestApp({ NODE_ENV: 'production' });
});
afterAll(async () => {
  await production.close();
  await t.close();
});

const A = () => bearer(t.tenants.secrets.merchantA);

describe('GraphQL query limits', () => {
  it('refuses a query that selects too many fields, however they are aliased', async () => {
    const aliases = Array.from({ length: 320 }, (_, i) => `a${i}: __typename`).join(' ');
    const result = await graphql(t.baseUrl, `{ ${aliases} }`, {}, A());
    expect(result.status).toBe(400);
    expect(result.body.errors[0].message).toMatch(/more than 300 fields/);
  });

  it('counts fields inside fragments too, once per spread', async () => {
    const fragment = `fragment F on Query { ${Array.from({ length: 160 }, (_, i) => `f${i}: __typename`).join(' ')} }`;
    const result = await graphql(t.baseUrl, `{ ...F ...F } ${fragment}`, {}, A());
    expect(result.body.errors[0].message).toMatch(/more than 300 fields/);
  });

  it('accepts the real queries a client sends', async () => {
    const result = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: consumerInput() } }, A());
    expect(result.body.errors).toBeUndefined();
  });

  it('refuses a document of too many tokens before parsing it, whatever its nesting', async () => {
    for (const depth of [600, 1400, 50_000]) {
      const query = `{ customers(emailAddress: ${'['.repeat(depth)}"x"${']'.repeat(depth)}) { edges { cursor } } }`;
      const result = await graphql(t.baseUrl, query, {}, A());
      expect(result.status).toBe(400);
      expect(result.body.errors[0].message).not.toMatch(/call stack/);
    }
    const tooLong = await graphql(t.baseUrl, `{ ${'__typename '.repeat(1100)} }`, {}, A());
    expect(tooLong.body.errors[0].message).toMatch(/more tha[nt] 1000 tokens/); // graphql-js spells it "more that"
  });

  it('serves the full introspection query Sandbox sends', async () => {
    const result = await graphql(t.baseUrl, getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true, oneOf: true } as never));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.__schema.types.find((type: any) => type.name === 'CustomerInput').isOneOf).toBe(true);
  });

  it('refuses batched operations', async () => {
    const batch = JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    const result = await request(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...A() }, body: batch });
    expect(result.status).toBe(400);
    expect(result.body.errors[0].message).toMatch(/batch/i);
  });
});

describe('production mode', () => {
  it('answers no introspection', async () => {
    const result = await graphql(production.baseUrl, '{ __schema { queryType { name } } }', {}, bearer(production.tenants.secrets.merchantA));
    expect(result.body.errors[0].message).toMatch(/introspection/i);
  });

  // A browser's GET: development answers the Sandbox page (so the check below can see one),
  // production a JSON client error, with or without Apollo's CSRF preflight header.
  it.each([
    ['development', () => t, {}],
    ['production', () => production, {}],
    ['production, past the CSRF check', () => production, { 'apollo-require-preflight': 'true' }],
  ] as const)('a browser opening /graphql in %s: only development serves the Sandbox page', async (mode, app, headers) => {
    const page = await app().app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html', ...headers } });
    if (mode === 'development') {
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('embeddable-sandbox');
    } else {
      expect(page.statusCode).toBeGreaterThanOrEqual(400);
      expect(page.statusCode).toBeLessThan(500);
      expect(page.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(page.body).errors.length).toBeGreaterThan(0);
    }
  });

  it('still serves the API', async () => {
    const result = await postCustomer(production.baseUrl, { UpsertConsumerCustomer: consumerInput() }, bearer(production.tenants.secrets.merchantA));
    expect(result.status).toBe(200);
  });
});

/** Opens a raw connection, sends `first`, then stalls; resolves with what the server sent and how long it waited. */
function stall(baseUrl: string, first: string): Promise<{ received: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname, () => socket.write(first));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve({ received, closedAfterMs: Date.now() - started }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept a stalled connection open for 10 s'));
    }, 10_000).unref();
  });
}

describe('JSON nested deeper than 64 levels', () => {
  const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

  it.each([
    ['REST', () => postCustomer(t.baseUrl, `{"UpsertConsumerCustomer":{"emailAddress":"d@star.com","metadata":${deep(100_000)}}}`, A())],
    ['REST with an Idempotency-Key', () => postCustomer(t.baseUrl, `{"UpsertConsumerCustomer":{"emailAddress":"d@star.com","metadata":${deep(100_000)}}}`, { ...A(), 'idempotency-key': 'deep' })],
    ['GraphQL variables', () => request(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...A() }, body: `{"query":"mutation($i: CustomerInput!) { upsertCustomer(input: $i) { outcome } }","variables":{"i":{"consumer":{"emailAddress":"d@star.com","metadata":${deep(100_000)}}}}}` })],
  ])('is a 400 invalid_request on %s, not a stack overflow', async (_door, send) => {
    const result = await send();
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.body)).toMatch(/nested more than 64 levels/);
  });

  it('while metadata nested 50 deep is stored', async () => {
    const result = await postCustomer(t.baseUrl, `{"UpsertConsumerCustomer":{"emailAddress":"d50@star.com","metadata":${deep(50)}}}`, A());
    expect(result.status).toBe(200);
  });

  it('and brackets inside strings do not count', async () => {
    const result = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: 'br@star.com', givenName: '[{'.repeat(40) + '\\"' } }, A());
    expect(result.status).toBe(200);
  });
});

describe('slow clients', () => {
  it('cuts off a client that never finishes its headers', async () => {
    const { closedAfterMs } = await stall(t.baseUrl, 'POST /customers HTTP/1.1\r\nHost: x\r\n');
    expect(closedAfterMs).toBeLessThan(4000);
  });

  it('cuts off a client that never finishes its body, with a 408', async () => {
    const head = `POST /customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nAuthorization: Bearer ${t.tenants.secrets.merchantA}\r\n\r\n{"UpsertConsumer`;
    const { received, closedAfterMs } = await stall(t.baseUrl, head);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(4000);
  });
});

/** Every statement this process sends to PostgreSQL while `work` runs, whichever runner sends it. */
async function statementsSentDuring(work: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }[]> {
  const sent: { text: string; values: unknown[] }[] = [];
  const original = Client.prototype.query;
  const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: any[]) {
    const [config, values] = args;
    if (typeof config === 'string') sent.push({ text: config, values: Array.isArray(values) ? values : [] });
    else if (config && typeof config.text === 'string') sent.push({ text: config.text, values: config.values ?? (Array.isArray(values) ? values : []) });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as never);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return sent;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const nodesOf = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];

describe('secrets', () => {
  it('are looked up by their SHA-256 through the unique index on secret_hash, never compared as text', async () => {
    const { secret } = await new TenancyAdmin((await t.database.db.orm()).em).issueSecret({ merchantId: t.tenants.merchantA });
    // Enough credentials that without an index a sequential scan would be the planner's own choice.
    await queryDatabase(
      t.database.url,
      `INSERT INTO credentials (id, kind, environment, secret_hash, hint, merchant_id)
       SELECT 'cred_' || lpad(g::text, 16, '0'), 'merchant_token', 'sandbox', encode(sha256(g::text::bytea), 'hex'), 'filler', $1
       FROM generate_series(1, 20000) AS g`,
      [t.tenants.merchantA],
    );
    await queryDatabase(t.database.url, 'ANALYZE credentials');

    // The statement the service really sends for a secret it has not cached yet.
    const sent = await statementsSentDuring(async () => {
      const answer = await t.app.inject({ method: 'POST', url: '/customers', headers: { ...bearer(secret), 'content-type': 'application/json' }, payload: { UpsertConsumerCustomer: consumerInput() } });
      expect(answer.statusCode).toBe(200);
    });
    const lookups = sent.filter((statement) => /\bfrom\s+"?credentials"?/i.test(statement.text));
    expect(lookups).toHaveLength(1);
    const [lookup] = lookups;
    expect(lookup!.values).toContain(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(sent)).not.toContain(secret);

    const [uniqueIndex] = await queryDatabase<{ name: string }>(
      t.database.url,
      `SELECT indexrelid::regclass::text AS name FROM pg_index
       WHERE indrelid = 'credentials'::regclass AND indisunique AND indnatts = 1 AND pg_get_indexdef(indexrelid, 1, true) = 'secret_hash'`,
    );
    expect(uniqueIndex).toBeDefined();
    const [{ 'QUERY PLAN': plan }] = await queryDatabase<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(t.database.url, `EXPLAIN (FORMAT JSON) ${lookup!.text}`, lookup!.values);
    const scans = nodesOf(plan[0]!.Plan).filter((node) => node['Relation Name'] === 'credentials');
    expect(scans.map((node) => [node['Node Type'], node['Index Name']])).toEqual([[expect.stringMatching(/^Index (Only )?Scan$/), uniqueIndex!.name]]);
  });
});
