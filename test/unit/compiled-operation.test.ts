import 'reflect-metadata';
import fc from 'fast-check';
import { execute, type ExecutionResult } from 'graphql';
import { buildGraphQLSchema } from '../../src/graphql/schema';
import type { GraphQLContext } from '../../src/graphql/context';
import { GET_CUSTOMER_DOCUMENT, QUERY_CUSTOMERS_DOCUMENT } from '../../src/rest/april-customer';
import { compileOperation } from '../../src/rest/compiled-operation';
import { UPSERT_DOCUMENT } from '../../src/rest/customer-upsert.route';
import { assertProperty } from '../helpers/property';

const schema = buildGraphQLSchema();

// Nothing here reads the database: a request that gets past variable coercion reaches the
// resolver, whose first statement ends it with this marker. What is compared is whether,
// and how, each executor refused the variables.
class ReachedTheDatabase extends Error {}
const context = (): GraphQLContext => ({
  db: { query: () => Promise.reject(new ReachedTheDatabase('reached the database')) },
  tracer: 't',
  actingMerchant: () => Promise.resolve({ merchantId: 'mer_01JZ0000000000000000000000', marketplaceId: null }) as never,
  readScope: () => Promise.resolve({ merchantIds: ['mer_01JZ0000000000000000000000'] }) as never,
  observation: {} as never,
});

const shape = (result: ExecutionResult) => ({
  data: result.data ?? null,
  errors: (result.errors ?? []).map((error) => ({ message: error.message, path: error.path ?? null, reached: error.originalError instanceof ReachedTheDatabase })),
});

const value = fc.oneof(
  fc.constantFrom(0, 1, 20, 500, 501, -1, 2 ** 31, 1.5, '20', '', 'createdAt', 'CREATED_AT', 'DESC', true, null, [], {}, [null], ['a@b.co'], ['cus_x']),
  fc.constantFrom('2026-01-31T09:00:00Z', '2026-13-01T00:00:00Z', 'yesterday', '2026-01-31T09:00:00.123456+02:00'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.array(fc.record({ field: fc.constantFrom('CREATED_AT', 'FAMILY_NAME', 'createdAt', 'NOPE', 1), direction: fc.constantFrom('ASC', 'DESC', 'up', null) }, { requiredKeys: [] }), {
    maxLength: 3,
  }),
);
const listingVariables = fc.dictionary(
  fc.constantFrom('first', 'page', 'sort', 'createdAfter', 'createdBefore', 'emailAddresses', 'customerIds', 'merchantIds', 'name', 'unknown'),
  value,
  { maxKeys: 4 },
);

describe('the REST shim compiled with graphql-jit runs its operations as graphql-js does', () => {
  const listing = compileOperation<Record<string, unknown>>(schema, QUERY_CUSTOMERS_DOCUMENT);
  const single = compileOperation<Record<string, unknown>>(schema, GET_CUSTOMER_DOCUMENT);
  // In service, each compiles after its first request; here every run must be compiled code.
  listing.compileNow();
  single.compileNow();

  it('refuses and accepts exactly the variable sets graphql-js does, with its words (400 random listings)', async () => {
    await assertProperty(
      fc.asyncProperty(listingVariables, async (variables) => {
        const compiled = shape(await listing(variables, context()));
        const reference = shape(await execute({ schema, document: QUERY_CUSTOMERS_DOCUMENT, variableValues: variables, contextValue: context() }));
        expect(compiled).toEqual(reference);
      }),
      { numRuns: 400 },
    );
  });

  it('does so for GetCustomer too, including a missing or mistyped id', async () => {
    for (const variables of [{}, { customerId: null }, { customerId: 5 }, { customerId: ['x'] }, { customerId: 'cus_x' }]) {
      const compiled = shape(await single(variables, context()));
      const reference = shape(await execute({ schema, document: GET_CUSTOMER_DOCUMENT, variableValues: variables, contextValue: context() }));
      expect(compiled).toEqual(reference);
    }
  });

  // The compiled queries leave built-in leaves (ID, String, Boolean, Int) as the rows hold
  // them, without graphql-js's serialize: the answers must still be the same to the value.
  it('answers a page of rows of both kinds, nulls and metadata included, exactly as graphql-js does', async () => {
    const row = (i: number) => ({
      customerId: `cust_${i}`, merchantId: 'mer_01JZ0000000000000000000000', marketplaceId: i % 3 ? 'mkt_01' : null,
      kind: i % 2 ? 'organisation' : 'consumer', emailAddress: i % 4 ? `User${i}@example.com` : null,
      referenceCustomerId: i % 5 ? `REF-${i}` : null, organisationName: i % 2 ? `Org ${i}` : null, taxId: i % 2 && i % 3 ? `T${i}` : null,
      givenName: i % 2 ? null : 'Olivia', middleName: null, familyName: i % 2 ? null : `Smith ${i}`, phoneNumber: i % 3 ? '+61400012345' : null,
      isVerified: [true, false, null][i % 3], metadata: i % 2 ? { tier: 'gold', n: i, nested: [1, null, 'x'] } : null, version: i + 1,
      createdAt: '2024-01-02T03:04:05.123456Z', updatedAt: '2025-06-07T08:09:10.000001Z', p0: String(1704164645123456 + i),
    });
    const rows = Array.from({ length: 9 }, (_, i) => row(i));
    const withRows = (): GraphQLContext => ({ ...context(), db: { query: () => Promise.resolve(rows.map((r) => ({ ...r }))) } as never, readScope: () => Promise.resolve({ merchantId: 'mer_01JZ0000000000000000000000' }) as never });
    const compiled = await listing({ first: 8 }, withRows());
    const reference = await execute({ schema, document: QUERY_CUSTOMERS_DOCUMENT, variableValues: { first: 8 }, contextValue: withRows() });
    expect(compiled.errors).toBeUndefined();
    expect(JSON.stringify(compiled.data)).toBe(JSON.stringify(reference.data));
    expect((compiled.data as { customers: { edges: unknown[] } }).customers.edges).toHaveLength(8);
    const one = await single({ customerId: 'cust_1' }, withRows());
    const oneReference = await execute({ schema, document: GET_CUSTOMER_DOCUMENT, variableValues: { customerId: 'cust_1' }, contextValue: withRows() });
    expect(JSON.stringify(one.data)).toBe(JSON.stringify(oneReference.data));
  });

  it('gives a resolver failure its place and its cause, as graphql-js does', async () => {
    const result = await listing({ first: 5 }, context());
    expect(shape(result)).toEqual({ data: null, errors: [{ message: 'reached the database', path: ['customers'], reached: true }] });
  });

  // graphql-jit does not check @oneOf: compiled-operation.ts does, so inputs with no member,
  // two, or a null one are refused in graphql-js's words too.
  const fieldValue = fc.oneof(value, fc.constantFrom('ada@example.com', 'not an email', '+61400012345', '0400', { tier: 'gold' }, { a: [1] }, 'x'.repeat(300)));
  const memberFields = fc.dictionary(
    fc.constantFrom('emailAddress', 'givenName', 'middleName', 'familyName', 'isVerified', 'phoneNumber', 'metadata', 'referenceCustomerId', 'organisationName', 'taxId', 'unknownField'),
    fieldValue,
    { maxKeys: 6 },
  );
  // Each member starts valid, so that some inputs get past coercion and the field rules.
  const validMember = { consumer: { emailAddress: 'ada@example.com' }, organisation: { organisationName: 'Acme', referenceCustomerId: 'R-1' } };
  const upsertVariables = fc
    .record({ member: fc.constantFrom('consumer', 'organisation'), fields: memberFields, keepValid: fc.boolean() })
    .map(({ member, fields, keepValid }) => ({ input: { [member]: keepValid ? { ...fields, ...validMember[member as keyof typeof validMember] } : fields } }));
  const notOneMember = fc.constantFrom<Record<string, unknown>>(
    { input: {} },
    { input: { consumer: null } },
    { input: { organisation: null, consumer: { emailAddress: 'ada@example.com' } } },
    { input: { consumer: { emailAddress: 'ada@example.com' }, organisation: validMember.organisation } },
    { input: { consumer: undefined, organisation: validMember.organisation } },
    { input: { other: 1 } },
    { input: null },
    { input: [validMember] },
    {},
  );

  it('runs the upsert mutation as graphql-js does: the same refusals, the same resolver failures (400 random inputs)', async () => {
    const upsert = compileOperation<Record<string, unknown>>(schema, UPSERT_DOCUMENT);
    upsert.compileNow();
    let reached = 0;
    await assertProperty(
      fc.asyncProperty(fc.oneof({ arbitrary: upsertVariables, weight: 4 }, { arbitrary: notOneMember, weight: 1 }), async (variables) => {
        const compiled = shape(await upsert(variables, context()));
        const reference = shape(await execute({ schema, document: UPSERT_DOCUMENT, variableValues: variables, contextValue: context() }));
        expect(compiled).toEqual(reference);
        if (compiled.errors.some((error) => error.reached)) reached++;
      }),
      { numRuns: 400 },
    );
    // Not only refusals: some inputs passed coercion and the field rules and reached the statement.
    expect(reached).toBeGreaterThan(0);
  });
});
