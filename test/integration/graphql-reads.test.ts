import fc from 'fast-check';
import { bearer, graphql, UPSERT_MUTATION } from '../helpers/clients';
import { assertProperty } from '../helpers/property';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';

let t: TestApp;
const FAMILY = ['Diamond', 'diamond', 'Abbot', null, 'Zed', 'Émile', 'abbot'];

const LIST = `query($first: Int, $after: String, $page: Int, $sort: [CustomerSort!], $name: String, $emailAddress: String,
  $emailAddresses: [String!], $customerIds: [ID!], $merchantIds: [ID!], $createdAfter: DateTime, $createdBefore: DateTime, $referenceCustomerId: String) {
  customers(first: $first, after: $after, page: $page, sort: $sort, name: $name, emailAddress: $emailAddress, emailAddresses: $emailAddresses,
    customerIds: $customerIds, merchantIds: $merchantIds, createdAfter: $createdAfter, createdBefore: $createdBefore, referenceCustomerId: $referenceCustomerId) {
    edges { cursor node { customerId merchantId marketplaceId } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const A = () => bearer(t.tenants.secrets.merchantA);

beforeAll(async () => {
  t = await startTestApp();
  // 21 customers of A: repeated family names and equal timestamps, so ties must be broken by id.
  for (let i = 0; i < 21; i++) {
    const family = FAMILY[i % FAMILY.length];
    const input =
      i % 4 === 3
        ? { organisation: { referenceCustomerId: `ORG-${i}`, organisationName: `Org ${String.fromCharCode(90 - i)}`, ...(i % 8 === 3 && { emailAddress: `org${i}@x.com` }) } }
        : { consumer: { emailAddress: `P${i % 5}.${i}@x.com`, givenName: `G${i}`, ...(family !== null && { familyName: family }) } };
    await graphql(t.baseUrl, UPSERT_MUTATION, { input }, A());
  }
  await queryDatabase(t.database.url, `UPDATE customers SET created_at = '2026-01-01'::timestamptz + (ascii(right(id, 1)) % 3) * interval '1 second'`);
  await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: { emailAddress: 'b@b.com', givenName: 'Bea' } } }, bearer(t.tenants.secrets.merchantB));
  await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: { emailAddress: 'c@c.com', givenName: 'Cid' } } }, bearer(t.tenants.secrets.merchantC));
});
afterAll(() => t.close());

async function walk(variables: Record<string, unknown>, headers = A()): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const result: any = await graphql(t.baseUrl, LIST, { ...variables, first: 4, after }, headers);
    expect(result.body.errors).toBeUndefined();
    seen.push(...result.body.data.customers.edges.map((e: any) => e.node.customerId));
    if (!result.body.data.customers.pageInfo.hasNextPage) return seen;
    after = result.body.data.customers.pageInfo.endCursor;
  }
  throw new Error('did not finish');
}

describe('customers(...) in GraphQL', () => {
  it('property: for any sort, walking the cursors sees what one big page shows, in that order, each customer once', async () => {
    const field = fc.constantFrom('CREATED_AT', 'UPDATED_AT', 'EMAIL_ADDRESS', 'FAMILY_NAME', 'ORGANISATION_NAME');
    const sortArb = fc.uniqueArray(fc.record({ field, direction: fc.constantFrom('ASC', 'DESC') }), { minLength: 1, maxLength: 3, selector: (s) => s.field });
    await assertProperty(
      fc.asyncProperty(sortArb, async (sort) => {
        const whole = (await graphql(t.baseUrl, LIST, { first: 500, sort }, A())).body.data.customers.edges.map((e: any) => e.node.customerId);
        expect(whole).toHaveLength(21);
        expect(await walk({ sort })).toEqual(whole);
        const paged: string[] = [];
        for (let page = 1; page <= 6; page++) {
          paged.push(...(await graphql(t.baseUrl, LIST, { first: 4, page, sort }, A())).body.data.customers.edges.map((e: any) => e.node.customerId));
        }
        expect(paged).toEqual(whole);
      }),
      { numRuns: 25 },
    );
  });

  it('a marketplace key without Merchant-Id lists its marketplace across merchants, with the same cursors', async () => {
    const ids = await walk({}, bearer(t.tenants.secrets.marketplace1));
    expect(ids).toHaveLength(22);
    const rows = await queryDatabase<{ merchant_id: string }>(t.database.url, 'SELECT DISTINCT merchant_id FROM customers WHERE id = ANY($1)', [ids]);
    expect(rows.map((r) => r.merchant_id).sort()).toEqual([t.tenants.merchantA, t.tenants.merchantB].sort());
    const narrowed = await graphql(t.baseUrl, LIST, { merchantIds: [t.tenants.merchantB, t.tenants.merchantC] }, bearer(t.tenants.secrets.marketplace1));
    expect(narrowed.body.data.customers.edges.map((e: any) => e.node.merchantId)).toEqual([t.tenants.merchantB]);
    expect(narrowed.body.data.customers.edges[0].node.marketplaceId).toBe(t.tenants.marketplace1);
  });

  it('a merchant that stands alone has no marketplaceId', async () => {
    await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: { emailAddress: 'd@d.com' } } }, bearer(t.tenants.secrets.merchantD));
    const result = await graphql(t.baseUrl, LIST, {}, bearer(t.tenants.secrets.merchantD));
    expect(result.body.data.customers.edges[0].node).toMatchObject({ merchantId: t.tenants.merchantD, marketplaceId: null });
  });

  it('emailAddress and emailAddresses compare as the upsert normalises emails', async () => {
    const one = await graphql(t.baseUrl, LIST, { emailAddress: ' p1.1@X.COM ' }, A());
    expect(one.body.data.customers.edges).toHaveLength(1);
    const many = await graphql(t.baseUrl, LIST, { emailAddresses: ['P1.1@x.com', 'org3@X.com', 'none@x.com'] }, A());
    expect(many.body.data.customers.edges).toHaveLength(2);
  });

  it('refuses a cursor made for another sort', async () => {
    const page = await graphql(t.baseUrl, LIST, { first: 2 }, A());
    const result = await graphql(t.baseUrl, LIST, { after: page.body.data.customers.pageInfo.endCursor, sort: [{ field: 'FAMILY_NAME' }] }, A());
    expect(result.body.errors[0].extensions).toMatchObject({ errorCode: 'invalid_request', fields: [{ field: 'after', message: expect.any(String) }] });
  });
});

describe('read arguments a client controls are client errors naming the field, never internal errors (issue 7)', () => {
  const cursor = (text: string) => Buffer.from(text).toString('base64url');
  it.each([
    ['a NUL in customer(customerId:)', `query { customer(customerId: "cust_\\u0000") { customerId } }`, {}, 'customerId'],
    ['a NUL in customers(emailAddress:)', LIST, { emailAddress: 'a\u0000@x.com' }, 'emailAddress'],
    ['a NUL in customers(referenceCustomerId:)', LIST, { referenceCustomerId: 'R\u0000' }, 'referenceCustomerId'],
    ['a NUL in customers(name:)', LIST, { name: '\u0000' }, 'name'],
    ['a lone surrogate in customers(emailAddresses:)', LIST, { emailAddresses: ['\ud800@x.com'] }, 'emailAddresses'],
    ['an old cursor past bigint', LIST, { after: cursor('9999999999999999999:cust_AAAAAAAAAAAAAAAA') }, 'after'],
    ['an old cursor past the timestamp range', LIST, { after: cursor('9223372036854775807:cust_AAAAAAAAAAAAAAAA') }, 'after'],
    ['a cursor past bigint', LIST, { after: cursor('["createdAt",["9999999999999999999"],"cust_AAAAAAAAAAAAAAAA"]') }, 'after'],
    ['a cursor past the timestamp range', LIST, { after: cursor('["createdAt",["9223372036854775807"],"cust_AAAAAAAAAAAAAAAA"]') }, 'after'],
    ['a cursor with a NUL', LIST, { after: cursor('["familyName",["\\u0000"],"cust_AAAAAAAAAAAAAAAA"]'), sort: [{ field: 'FAMILY_NAME' }] }, 'after'],
    ['a created bound past the timestamp range', LIST, { createdAfter: '9999-12-31T23:59:59-23:59' }, null],
    ['page with after', LIST, { page: 2, after: cursor('["createdAt",["0"],"cust_AAAAAAAAAAAAAAAA"]') }, 'page'],
  ])('%s', async (_name, query, variables, field) => {
    const result = await graphql(t.baseUrl, query, variables, A());
    expect(result.status).toBeLessThan(500);
    if (field === null) return expect(result.body.errors).toBeUndefined();
    expect(result.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', errorCode: 'invalid_request' });
    expect(result.body.errors[0].extensions.fields[0].field).toBe(field);
  });
});
