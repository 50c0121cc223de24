import { consumerInput } from '../helpers/builders';
import { bearer, graphql, postCustomer, UPSERT_MUTATION, type HttpResult } from '../helpers/clients';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOG_LEVEL: 'warn' });
});
afterAll(() => t.close());

const auth = () => bearer(t.tenants.secrets.merchantA);
const viaRest = (input: Record<string, unknown>) => postCustomer(t.baseUrl, { UpsertConsumerCustomer: input }, auth());
const viaGraphql = (input: Record<string, unknown>) => graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: input } }, auth());
const outcomeOf = (result: HttpResult) =>
  result.body.errors ? `${result.status} ${result.body.errors[0].extensions.errorCode}` : result.body.errorCode ? `${result.status} ${result.body.errorCode}` : `${result.status}`;

/** One succeeded, the other was refused as a conflict (REST 409; GraphQL a 200 carrying the error), and nothing failed. */
function expectOneWinner(results: HttpResult[]): void {
  expect(results.filter((r) => r.status >= 500)).toEqual([]);
  const outcomes = results.map(outcomeOf);
  expect(outcomes.filter((o) => o === '200')).toHaveLength(1);
  expect(outcomes.filter((o) => o === '409 reference_customer_id_taken' || o === '200 reference_customer_id_taken')).toHaveLength(1);
}

describe('two consumers racing for one referenceCustomerId', () => {
  it('new consumers, concurrently: exactly one succeeds, the other gets reference_customer_id_taken, never a 500', async () => {
    for (let round = 0; round < 10; round++) {
      const reference = `RACE-NEW-${round}-${Date.now()}`;
      const results = await Promise.all([viaRest(consumerInput({ referenceCustomerId: reference })), viaGraphql(consumerInput({ referenceCustomerId: reference }))]);
      expectOneWinner(results);
    }
  });

  it('existing consumers updated to take another customer\'s reference: 409 reference_customer_id_taken, also when racing', async () => {
    const holder = consumerInput({ referenceCustomerId: `HELD-${Date.now()}` });
    expect((await viaRest(holder)).status).toBe(200);
    const taker = consumerInput();
    expect((await viaRest(taker)).status).toBe(200);
    const taking = { ...taker, referenceCustomerId: holder.referenceCustomerId };
    expect([outcomeOf(await viaRest(taking)), outcomeOf(await viaGraphql(taking))]).toEqual(['409 reference_customer_id_taken', '200 reference_customer_id_taken']);

    for (let round = 0; round < 10; round++) {
      const [one, two] = [consumerInput(), consumerInput()];
      await Promise.all([viaRest(one), viaRest(two)]);
      const reference = `RACE-UPDATE-${round}-${Date.now()}`;
      const results = await Promise.all([viaRest({ ...one, referenceCustomerId: reference }), viaGraphql({ ...two, referenceCustomerId: reference })]);
      expectOneWinner(results);
    }
  });
});

describe('an explicit null', () => {
  it('for a field that is already null answers UNCHANGED and leaves version alone', async () => {
    const input = consumerInput({ givenName: 'Kate' });
    const created = await viaGraphql(input);
    const version = created.body.data.upsertCustomer.customer.version;
    const again = await viaGraphql({ ...input, middleName: null, phoneNumber: null, referenceCustomerId: null, metadata: null });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.upsertCustomer.outcome).toBe('UNCHANGED');
    expect(again.body.data.upsertCustomer.customer.version).toBe(version);
    expect(again.body.data.upsertCustomer.customer.updatedAt).toBe(created.body.data.upsertCustomer.customer.updatedAt);
  });
});
