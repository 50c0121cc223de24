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
