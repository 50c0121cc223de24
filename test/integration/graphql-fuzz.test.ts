import fc from 'fast-check';
import { ERROR_CODES } from '../../src/errors/catalogue';
import { bearer, graphql, UPSERT_MUTATION } from '../helpers/clients';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';
import { assertProperty } from '../helpers/property';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function customerCount(): Promise<number> {
  const [row] = await queryDatabase<{ n: string }>(t.database.url, 'SELECT count(*) AS n FROM customers');
  return Number(row!.n);
}

const plausible = fc.oneof(
  fc.emailAddress(),
  fc.constantFrom('+61401234567', '0401', '', ' ', 'x'.repeat(300), true, 1.5, -1, {}, [], { a: [1] }, null),
  fc.string({ maxLength: 30 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const fieldName = fc.constantFrom('emailAddress', 'referenceCustomerId', 'organisationName', 'taxId', 'givenName', 'middleName', 'familyName', 'phoneNumber', 'isVerified', 'metadata', 'bogus');
const member = fc.oneof({ arbitrary: fc.dictionary(fieldName, plausible, { maxKeys: 6 }), weight: 5 }, { arbitrary: plausible, weight: 1 });
// A valid consumer with one field varied: reaches the core's rules and the success path.
const nearlyValid = fc
  .tuple(fc.emailAddress(), fieldName, plausible)
  .map(([emailAddress, field, value]) => ({ consumer: { emailAddress, [field]: value } }));
const input = fc.oneof(
  { arbitrary: fc.dictionary(fc.constantFrom('consumer', 'organisation', 'other'), member, { maxKeys: 2 }), weight: 4 },
  { arbitrary: nearlyValid, weight: 3 },
  { arbitrary: plausible, weight: 1 },
);

describe('property: random GraphQL input never becomes an internal error, and rejected requests write nothing', () => {
  it('holds for 300 random variable sets and 100 random documents', async () => {
    const headers = bearer(t.tenants.secrets.merchantA);
    const codes = new Map<string, number>();
    let created = 0;
    const before = await customerCount();

    const check = (body: any) => {
      if (!body.errors) return;
      for (const error of body.errors) {
        expect(error.extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
        expect(ERROR_CODES).toContain(error.extensions.errorCode);
        codes.set(error.extensions.errorCode, (codes.get(error.extensions.errorCode) ?? 0) + 1);
      }
    };

    await assertProperty(
      fc.asyncProperty(input, async (value) => {
        const result = await graphql(t.baseUrl, UPSERT_MUTATION, { input: value }, headers);
        expect(result.status).toBeLessThan(500);
        check(result.body);
        if (result.body.data?.upsertCustomer?.outcome === 'CREATED') created++;
      }),
      { numRuns: 300 },
    );
    await assertProperty(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 120 }).map((s) => `{ customers { ${s} } }`)), async (document) => {
        const result = await graphql(t.baseUrl, document, {}, headers);
        expect(result.status).toBeLessThan(500);
        check(result.body);
      }),
      { numRuns: 100 },
    );

    // Only accepted upserts that created a customer may have added a row.
    expect((await customerCount()) - before).toBe(created);
    expect(codes.size).toBeGreaterThanOrEqual(2);
    expect(created).toBeGreaterThan(0);
    console.log(`graphql fuzz: 400 cases, error codes seen ${JSON.stringify(Object.fromEntries(codes))}, ${created} created`);
  });
});

// Read arguments (issue 7): NULs, lone surrogates, huge numbers and forged cursors reach
// the database only as values it can take, or are refused as client errors.
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x'.repeat(2000), '', ' ', '%', '_', "'", '\\'),
);
const bigNumber = fc.oneof(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.constantFrom(9999999999999999999n, 9223372036854775807n, -9223372036854775808n));
const cursorText = fc.oneof(
  fc.tuple(bigNumber, fc.constantFrom('cust_AAAAAAAAAAAAAAAA', 'cust_x')).map(([n, id]) => `${n}:${id}`),
  fc.tuple(fc.constantFrom('createdAt', 'updatedAt', 'familyName', '-emailAddress', 'x'), fc.array(fc.oneof(text, bigNumber.map(String)), { maxLength: 3 }), fc.oneof(text, fc.constant('cust_AAAAAAAAAAAAAAAA')))
    .map((parts) => JSON.stringify(parts)),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  text,
);
const cursor = fc.oneof(cursorText.map((value) => Buffer.from(value).toString('base64url')), text);
const readArguments = fc.record(
  {
    first: fc.oneof(fc.integer({ min: -5, max: 600 }), fc.constantFrom(2147483647, -2147483648)),
    page: fc.oneof(fc.integer({ min: -5, max: 100000 }), fc.constant(2147483647)),
    after: cursor,
    emailAddress: text,
    emailAddresses: fc.array(text, { maxLength: 3 }),
    referenceCustomerId: text,
    customerIds: fc.array(text, { maxLength: 3 }),
    merchantIds: fc.array(text, { maxLength: 3 }),
    name: text,
    createdAfter: fc.oneof(text, fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('9999-12-31T23:59:60-23:59', '0000-01-01T00:00:00+23:59')),
    createdBefore: fc.oneof(text, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    sort: fc.array(fc.record({ field: fc.constantFrom('CREATED_AT', 'UPDATED_AT', 'EMAIL_ADDRESS', 'FAMILY_NAME', 'ORGANISATION_NAME'), direction: fc.constantFrom('ASC', 'DESC') }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
// One odd text at a time, so that most such requests are valid and reach the database.
const oneTextArgument = fc
  .tuple(fc.constantFrom('emailAddress', 'referenceCustomerId', 'name', 'customerIds'), text.filter((v) => v.trim() !== '' && !v.includes('\u0000') && v.isWellFormed() && v.length < 200))
  .map(([key, value]) => ({ [key]: key === 'customerIds' ? [value] : value }));
const READ = `query($first: Int, $page: Int, $after: String, $emailAddress: String, $emailAddresses: [String!], $referenceCustomerId: String,
  $customerIds: [ID!], $merchantIds: [ID!], $name: String, $createdAfter: DateTime, $createdBefore: DateTime, $sort: [CustomerSort!]) {
  customers(first: $first, page: $page, after: $after, emailAddress: $emailAddress, emailAddresses: $emailAddresses, referenceCustomerId: $referenceCustomerId,
    customerIds: $customerIds, merchantIds: $merchantIds, name: $name, createdAfter: $createdAfter, createdBefore: $createdBefore, sort: $sort) {
    edges { cursor node { customerId } } pageInfo { endCursor }
  }
}`;

describe('property: random read arguments and cursors never become an internal error', () => {
  it('holds for 300 random customers(...) argument sets and 100 customer(customerId:) values, on both credentials kinds', async () => {
    const codes = new Map<string, number>();
    let answered = 0;
    const check = (result: { status: number; body: any }) => {
      expect(result.status).toBeLessThan(500);
      for (const error of result.body.errors ?? []) {
        expect(error.extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
        expect(ERROR_CODES).toContain(error.extensions.errorCode);
        codes.set(error.extensions.errorCode, (codes.get(error.extensions.errorCode) ?? 0) + 1);
      }
      if (result.body.data) answered++;
    };
    const credential = fc.constantFrom(bearer(t.tenants.secrets.merchantA), bearer(t.tenants.secrets.marketplace1));
    await assertProperty(
      fc.asyncProperty(fc.oneof(readArguments, oneTextArgument), credential, async (variables, headers) => check(await graphql(t.baseUrl, READ, variables, headers))),
      { numRuns: 300 },
    );
    await assertProperty(
      fc.asyncProperty(text, async (customerId) => {
        check(await graphql(t.baseUrl, 'query($id: ID!) { customer(customerId: $id) { customerId } }', { id: customerId }, bearer(t.tenants.secrets.merchantA)));
      }),
      { numRuns: 100 },
    );
    expect(codes.get('invalid_request')).toBeGreaterThan(0);
    expect(answered).toBeGreaterThan(0);
    console.log(`graphql read fuzz: 400 cases, error codes seen ${JSON.stringify(Object.fromEntries(codes))}, ${answered} answered with data`);
  });
});
