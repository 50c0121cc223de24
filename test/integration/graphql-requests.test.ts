import { bearer, graphql, request, UPSERT_MUTATION } from '../helpers/clients';
import { consumerInput, organisationInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';

let t: TestApp;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '65536' });
  auth = bearer(t.tenants.secrets.merchantA);
});
afterAll(() => t.close());

async function customerCount(): Promise<number> {
  const [row] = await queryDatabase<{ n: string }>(t.database.url, 'SELECT count(*) AS n FROM customers');
  return Number(row!.n);
}

function post(body: string, headers: Record<string, string> = {}) {
  return request(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth, ...headers }, body });
}

describe('CustomerInput is @oneOf', () => {
  it.each([
    ['both members', { consumer: consumerInput(), organisation: organisationInput() }],
    ['neither member', {}],
    ['a null member', { consumer: null }],
  ])('refuses %s in variables', async (_name, input) => {
    const result = await graphql(t.baseUrl, UPSERT_MUTATION, { input }, auth);
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', errorCode: 'invalid_request' });
  });

  it('refuses both members written inline in the document', async () => {
    const query = `mutation { upsertCustomer(input: { consumer: { emailAddress: "a@b.co" }, organisation: { referenceCustomerId: "R", organisationName: "O" } }) { outcome } }`;
    const result = await graphql(t.baseUrl, query, {}, auth);
    expect(result.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', errorCode: 'invalid_request' });
    expect(result.body.errors[0].message).toContain('must specify exactly one key');
  });
});

describe('bad requests get a GraphQL error with the right code and change nothing', () => {
  const cases: [string, () => ReturnType<typeof post>, string, string][] = [
    ['a body that is not JSON', () => post('{"query": "mutation {'), 'BAD_REQUEST', 'invalid_json'],
    ['an empty body', () => post(''), 'BAD_REQUEST', 'invalid_json'],
    ['a body with no query', () => post('{"variables": {}}'), 'BAD_REQUEST', 'invalid_request'],
    ['a query that does not parse', () => post(JSON.stringify({ query: 'mutation { upsertCustomer(' })), 'GRAPHQL_PARSE_FAILED', 'invalid_request'],
    ['a field the schema lacks', () => post(JSON.stringify({ query: '{ nope }' })), 'GRAPHQL_VALIDATION_FAILED', 'invalid_request'],
    ['a variable of the wrong type', () => post(JSON.stringify({ query: UPSERT_MUTATION, variables: { input: 'text' } })), 'BAD_USER_INPUT', 'invalid_request'],
    ['variables that are not an object', () => post(JSON.stringify({ query: UPSERT_MUTATION, variables: [1] })), 'BAD_REQUEST', 'invalid_request'],
    ['a body over the size limit', () => post(JSON.stringify({ query: UPSERT_MUTATION, variables: { input: { consumer: consumerInput({ givenName: 'x'.repeat(70_000) }) } } })), 'BAD_USER_INPUT', 'invalid_request'],
    ['a non-JSON content type', () => post('query { __typename }', { 'content-type': 'text/plain' }), 'BAD_USER_INPUT', 'invalid_request'],
    ['no credential', () => post(JSON.stringify({ query: UPSERT_MUTATION, variables: { input: { consumer: consumerInput() } } }), { authorization: '' }), 'UNAUTHENTICATED', 'unauthorized'],
  ];

  it.each(cases)('%s', async (_name, send, code, errorCode) => {
    const before = await customerCount();
    const result = await send();
    expect(result.status).not.toBe(500);
    expect(result.body.errors[0].extensions).toMatchObject({ code, errorCode });
    expect(result.body.errors[0].extensions.tracer).toBe(result.headers.get('x-tracer'));
    expect(await customerCount()).toBe(before);
  });

  it('refuses a GET mutation, and a form post (CSRF prevention)', async () => {
    const get = await request(`${t.baseUrl}/graphql?query=${encodeURIComponent('mutation { __typename }')}`, { headers: { ...auth, 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(405);
    const form = await request(`${t.baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: auth });
    expect(form.status).toBe(400);
    expect(JSON.stringify(form.body)).toContain('CSRF');
  });
});

describe('reading customers back', () => {
  const PAGE = `query($first: Int, $after: String, $email: String, $ref: String) {
    customers(first: $first, after: $after, emailAddress: $email, referenceCustomerId: $ref) {
      edges { cursor node { customerId emailAddress referenceCustomerId } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  it('customer(customerId) returns what the upsert wrote, and null for an unknown id', async () => {
    const created = (await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: consumerInput({ givenName: 'Read' }) } }, auth)).body.data.upsertCustomer;
    const read = await graphql(t.baseUrl, `query($id: ID!) { customer(customerId: $id) { customerId version ... on ConsumerCustomer { givenName } } }`, { id: created.customerId }, auth);
    expect(read.body.data.customer).toEqual({ customerId: created.customerId, version: 1, givenName: 'Read' });
    const missing = await graphql(t.baseUrl, `{ customer(customerId: "cust_nope") { customerId } }`, {}, auth);
    expect(missing.body.data.customer).toBeNull();
  });

  it('pages through every customer once, in creation order', async () => {
    const merchant = bearer(t.tenants.secrets.merchantC);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: consumerInput() } }, merchant)).body.data.upsertCustomer.customerId);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await graphql(t.baseUrl, PAGE, { first: 3, after }, merchant)).body.data.customers;
      seen.push(...page.edges.map((e: any) => e.node.customerId));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);
  });

  it('filters by email case-insensitively and by reference', async () => {
    const input = consumerInput({ emailAddress: 'Filter.Me@star.com', referenceCustomerId: 'FILTER-1' });
    await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: input } }, auth);
    const byEmail = await graphql(t.baseUrl, PAGE, { email: ' filter.me@STAR.com' }, auth);
    expect(byEmail.body.data.customers.edges.map((e: any) => e.node.referenceCustomerId)).toEqual(['FILTER-1']);
    const byRef = await graphql(t.baseUrl, PAGE, { ref: 'FILTER-1' }, auth);
    expect(byRef.body.data.customers.edges.map((e: any) => e.node.emailAddress)).toEqual(['Filter.Me@star.com']);
  });

  it.each([
    ['a page size of 0', { first: 0 }, 'invalid_request'],
    ['a page size over 500', { first: 501 }, 'invalid_request'],
    ['a forged cursor', { after: 'bm90LWEtY3Vyc29y' }, 'invalid_request'],
  ])('refuses %s', async (_name, variables, errorCode) => {
    const result = await graphql(t.baseUrl, PAGE, variables, auth);
    expect(result.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', errorCode });
  });
});

describe('the landing page', () => {
  it('is Apollo Sandbox outside production', async () => {
    const page = await request(`${t.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('embeddable-sandbox');
  });

  it('introspection answers without a credential, so Sandbox can load the schema', async () => {
    const result = await graphql(t.baseUrl, '{ __schema { queryType { name } } }');
    expect(result.body.data.__schema.queryType.name).toBe('Query');
  });
});
