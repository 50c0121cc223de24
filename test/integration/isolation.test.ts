import { bearer, graphql, postCustomer, UPSERT_MUTATION } from '../helpers/clients';
import { consumerInput, organisationInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';

let t: TestApp;
let a: Record<string, string>;
let b: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  a = bearer(t.tenants.secrets.merchantA);
  b = bearer(t.tenants.secrets.merchantB);
});
afterAll(() => t.close());

const READ = `query($id: ID!) { customer(customerId: $id) { customerId } }`;
const LIST = `query($email: String, $ref: String) { customers(emailAddress: $email, referenceCustomerId: $ref) { edges { node { customerId merchantId } } } }`;

describe('a merchant never reaches another merchant’s customers', () => {
  it('B cannot read A’s customer by id, and cannot find it by email or reference', async () => {
    const input = consumerInput({ referenceCustomerId: 'A-ONLY-1' });
    const created = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: input } }, a);
    const id = created.body.data.upsertCustomer.customerId;

    expect((await graphql(t.baseUrl, READ, { id }, a)).body.data.customer.customerId).toBe(id);
    expect((await graphql(t.baseUrl, READ, { id }, b)).body.data.customer).toBeNull();
    expect((await graphql(t.baseUrl, LIST, { email: input.emailAddress }, b)).body.data.customers.edges).toEqual([]);
    expect((await graphql(t.baseUrl, LIST, { ref: 'A-ONLY-1' }, b)).body.data.customers.edges).toEqual([]);

    // B's unfiltered list is exactly B's rows: B gets a customer first, or an empty list would pass.
    const ofB = (await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: consumerInput() } }, b)).body.data.upsertCustomer.customerId;
    const listed = (await graphql(t.baseUrl, LIST, {}, b)).body.data.customers.edges.map((e: any) => e.node);
    const rowsOfB = await queryDatabase<{ id: string }>(t.database.url, 'SELECT id FROM customers WHERE merchant_id = $1', [t.tenants.merchantB]);
    expect(listed.map((node: any) => node.customerId).sort()).toEqual(rowsOfB.map((row) => row.id).sort());
    expect(listed.map((node: any) => node.customerId)).toContain(ofB);
    expect(listed.map((node: any) => node.customerId)).not.toContain(id);
    expect(listed.filter((node: any) => node.merchantId !== t.tenants.merchantB)).toEqual([]);
  });

  it('B upserting A’s business key creates B’s own customer and leaves A’s untouched', async () => {
    const input = consumerInput({ givenName: 'Original' });
    const ofA = (await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: input } }, a)).body.data.upsertCustomer;
    const viaGraphQL = (await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: { ...input, givenName: 'Hijack' } } }, b)).body.data.upsertCustomer;
    const viaRest = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { ...input, givenName: 'Hijack2' } }, b);

    expect(viaGraphQL.outcome).toBe('CREATED');
    expect(viaGraphQL.customerId).not.toBe(ofA.customerId);
    expect(viaRest.body.customerId).toBe(viaGraphQL.customerId);
    const rows = await queryDatabase<{ given_name: string; version: number }>(
      t.database.url,
      'SELECT given_name, version FROM customers WHERE id = $1',
      [ofA.customerId],
    );
    expect(rows).toEqual([{ given_name: 'Original', version: 1 }]);
  });

  it('an organisation reference held by A does not block B, and B cannot reach A’s', async () => {
    const org = organisationInput();
    const ofA = (await graphql(t.baseUrl, UPSERT_MUTATION, { input: { organisation: org } }, a)).body.data.upsertCustomer;
    const ofB = (await graphql(t.baseUrl, UPSERT_MUTATION, { input: { organisation: { ...org, organisationName: 'B' } } }, b)).body.data.upsertCustomer;
    expect(ofB.customerId).not.toBe(ofA.customerId);
    expect((await graphql(t.baseUrl, READ, { id: ofA.customerId }, b)).body.data.customer).toBeNull();
  });
});
