import 'reflect-metadata';
import fc from 'fast-check';
import { execute, type ExecutionResult } from 'graphql';
import { buildGraphQLSchema } from '../../src/graphql/schema';
import type { GraphQLContext } from '../../src/graphql/context';
import { GET_CUSTOMER_DOCUMENT, QUERY_CUSTOMERS_DOCUMENT } from '../../src/rest/april-customer';
import { compileOperation } from '../../src/rest/compiled-operation';
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

  it('gives a resolver failure its place and its cause, as graphql-js does', async () => {
    const result = await listing({ first: 5 }, context());
    expect(shape(result)).toEqual({ data: null, errors: [{ message: 'reached the database', path: ['customers'], reached: true }] });
  });
});
