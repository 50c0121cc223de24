import 'reflect-metadata';
import fc from 'fast-check';
import { execute, parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
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

// The upsert: graphql-js decides the variables (graphql-jit does not enforce @oneOf), and
// what it accepts runs compiled. What reaches the resolver must be what graphql-js gives it:
// a copy of the schema whose upsertCustomer records its arguments and stops there.
const UPSERT_DOCUMENT = parse(`mutation UpsertCustomer($input: CustomerInput!) {
  upsertCustomer(input: $input) { customerId merchantId }
}`);

function recordingSchema(): { schema: GraphQLSchema; seen: unknown[] } {
  const seen: unknown[] = [];
  const recording = mapSchema(schema, {
    [MapperKind.MUTATION_ROOT_FIELD]: (field) => ({
      ...field,
      resolve: (_root: unknown, args: unknown) => {
        // A key present as undefined is not an absent key to the core: keep the difference visible.
        seen.push(JSON.parse(JSON.stringify(args, (_key, value: unknown) => (value === undefined ? '(undefined)' : value))));
        throw new ReachedTheDatabase('reached the resolver');
      },
    }),
  });
  return { schema: recording, seen };
}

const scalar = fc.oneof(
  fc.constantFrom('a@b.co', ' A@B.co ', 'not an email', '+61401234567', '0401', '', true, false, 0, 1.5, null, {}, [], { a: [1, { b: null }] }),
  fc.string({ maxLength: 10 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const field = fc.constantFrom('emailAddress', 'referenceCustomerId', 'organisationName', 'taxId', 'givenName', 'middleName', 'familyName', 'phoneNumber', 'isVerified', 'metadata', 'bogus');
const memberValue = fc.oneof({ arbitrary: fc.dictionary(field, scalar, { maxKeys: 5 }), weight: 6 }, { arbitrary: scalar, weight: 1 });
// A readable consumer or organisation with fields added or varied: gets past coercion often.
const nearlyValid = fc.oneof(
  fc.tuple(fc.dictionary(field, scalar, { maxKeys: 3 })).map(([extra]) => ({ consumer: { emailAddress: 'a@b.co', ...extra } })),
  fc.tuple(fc.dictionary(field, scalar, { maxKeys: 3 })).map(([extra]) => ({ organisation: { organisationName: 'Org', referenceCustomerId: 'r-1', ...extra } })),
);
const upsertInput = fc.oneof(
  { arbitrary: nearlyValid, weight: 6 },
  { arbitrary: fc.dictionary(fc.constantFrom('consumer', 'organisation', 'other'), memberValue, { maxKeys: 2 }), weight: 4 },
  { arbitrary: scalar, weight: 1 },
);

describe('the REST upsert compiled with graphql-jit', () => {
  it('hands the resolver what graphql-js hands it, and refuses what graphql-js refuses in its words (400 random inputs)', async () => {
    const compiledSide = recordingSchema();
    const referenceSide = recordingSchema();
    const upsert = compileOperation<Record<string, unknown>>(compiledSide.schema, UPSERT_DOCUMENT, { graphqlJsDecidesVariables: true });
    let reachedResolver = 0;
    await assertProperty(
      fc.asyncProperty(upsertInput, async (input) => {
        compiledSide.seen.length = 0;
        referenceSide.seen.length = 0;
        const compiled = shape(await upsert({ input }, context()));
        const reference = shape(await execute({ schema: referenceSide.schema, document: UPSERT_DOCUMENT, variableValues: { input }, contextValue: context() }));
        expect(compiled).toEqual(reference);
        expect(compiledSide.seen).toEqual(referenceSide.seen);
        reachedResolver += compiledSide.seen.length;
      }),
      { numRuns: 400 },
    );
    // Not only refusals were compared: some inputs got through to the resolver.
    expect(reachedResolver).toBeGreaterThan(20);
  });

  it('enforces @oneOf: a null or a second member is refused, never run', async () => {
    const { schema: recording, seen } = recordingSchema();
    const upsert = compileOperation<Record<string, unknown>>(recording, UPSERT_DOCUMENT, { graphqlJsDecidesVariables: true });
    for (const input of [{ consumer: null }, { consumer: { emailAddress: 'a@b.co' }, organisation: { organisationName: 'X', referenceCustomerId: 'r-1' } }, {}]) {
      const result = await upsert({ input }, context());
      expect(result.errors?.[0]?.message).toMatch(/exactly one key|must be non-null/i);
    }
    expect(seen).toEqual([]);
  });
});
