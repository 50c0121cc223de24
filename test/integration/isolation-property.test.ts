import fc from 'fast-check';
import { bearer, graphql, postCustomer, request, UPSERT_MUTATION } from '../helpers/clients';
import { startTestApp, type TestApp, type Tenants } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';
import { assertProperty } from '../helpers/property';

let t: TestApp;
type Merchant = 'merchantA' | 'merchantB' | 'merchantC' | 'merchantD';
const MERCHANTS: Merchant[] = ['merchantA', 'merchantB', 'merchantC', 'merchantD'];
const seeded: { merchant: Merchant; id: string; email?: string; reference?: string }[] = [];

beforeAll(async () => {
  t = await startTestApp();
  for (const merchant of MERCHANTS) {
    const headers = bearer(t.tenants.secrets[merchant]);
    const email = `iso.${merchant}@star.com`;
    const reference = `ISO-${merchant}`;
    const consumer = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: { emailAddress: email, givenName: `by-${t.tenants[merchant]}` } } }, headers);
    const organisation = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { organisation: { referenceCustomerId: reference, organisationName: `by-${t.tenants[merchant]}` } } }, headers);
    seeded.push({ merchant, id: consumer.body.data.upsertCustomer.customerId, email });
    seeded.push({ merchant, id: organisation.body.data.upsertCustomer.customerId, reference });
  }
});
afterAll(() => t.close());

type Credential = Merchant | 'marketplace1' | 'marketplace2' | 'revokedMerchantA' | 'none';

/** The contract's tenancy table, written out independently of the code under test. */
function actingFor(tenants: Tenants, credential: Credential, header: Merchant | 'unknown' | undefined): string | null {
  if (credential === 'none' || credential === 'revokedMerchantA') return null;
  const headerId = header === undefined ? undefined : header === 'unknown' ? 'mcht_unknown' : tenants[header];
  if (credential.startsWith('merchant')) {
    const own = tenants[credential as Merchant];
    return headerId === undefined || headerId === own ? own : null;
  }
  if (headerId === undefined || header === 'unknown') return null;
  const marketplaceOf: Record<Merchant, string | null> = {
    merchantA: tenants.marketplace1, merchantB: tenants.marketplace1, merchantC: tenants.marketplace2, merchantD: null,
  };
  return marketplaceOf[header as Merchant] === tenants[credential as 'marketplace1' | 'marketplace2'] ? headerId : null;
}

/** Whose customers a listing may show (contract 1): the acting merchant's, or a marketplace key's whole marketplace. */
function listableFor(tenants: Tenants, credential: Credential, header: Merchant | 'unknown' | undefined): string[] | null {
  if ((credential === 'marketplace1' || credential === 'marketplace2') && header === undefined) {
    return MERCHANTS.filter((m) => (m === 'merchantC' ? 'marketplace2' : m === 'merchantD' ? null : 'marketplace1') === credential).map((m) => tenants[m]);
  }
  const acting = actingFor(tenants, credential, header);
  return acting ? [acting] : null;
}

type ListFilter = { kind: 'none' | 'email' | 'customerId' | 'merchantId' | 'name' | 'created' | 'reference'; merchants: Merchant[] };

const LIST_QUERY = `query($emailAddresses: [String!], $customerIds: [ID!], $merchantIds: [ID!], $name: String, $createdAfter: DateTime,
  $createdBefore: DateTime, $referenceCustomerId: String, $sort: [CustomerSort!]) {
  customers(first: 500, emailAddresses: $emailAddresses, customerIds: $customerIds, merchantIds: $merchantIds, name: $name,
    createdAfter: $createdAfter, createdBefore: $createdBefore, referenceCustomerId: $referenceCustomerId, sort: $sort) {
    edges { node { customerId merchantId } }
  }
}`;

/** The filter as GraphQL variables and as April's query string, aimed at `customer`. */
function filterArguments(filter: ListFilter, customer: (typeof seeded)[number], tenants: Tenants): { variables: Record<string, unknown>; query: string } {
  const email = customer.email ?? `iso.${customer.merchant}@star.com`;
  switch (filter.kind) {
    case 'none':
      return { variables: {}, query: '' };
    case 'email':
      return { variables: { emailAddresses: [email.toUpperCase()] }, query: `emailAddress[]=${encodeURIComponent(email.toUpperCase())}` };
    case 'customerId':
      return { variables: { customerIds: [customer.id] }, query: `customerId[]=${customer.id}` };
    case 'merchantId': {
      const ids = filter.merchants.map((m) => tenants[m]);
      return { variables: { merchantIds: ids }, query: ids.map((id) => `merchantId=${id}`).join('&') || 'limit=500' };
    }
    case 'name':
      // Every seeded name starts with "by-": the widest possible name filter.
      return { variables: { name: 'BY-', sort: [{ field: 'FAMILY_NAME', direction: 'DESC' }] }, query: 'name=BY-&sort=-familyName' };
    case 'created':
      return { variables: { createdAfter: '2000-01-01T00:00:00Z', createdBefore: '2999-01-01T00:00:00Z', sort: [{ field: 'UPDATED_AT' }] }, query: 'createdAfter=2000-01-01T00:00:00Z&createdBefore=2999-01-01T00:00:00Z&sort=-emailAddress' };
    case 'reference':
      return { variables: { referenceCustomerId: customer.reference ?? 'none' }, query: '' };
  }
}

describe('property: a listing, on either surface and with any filter, never shows a customer its credential may not see', () => {
  it('holds over 250 random credential × Merchant-Id × filter × surface combinations', async () => {
    const credential = fc.constantFrom<Credential>('merchantA', 'merchantB', 'merchantC', 'merchantD', 'marketplace1', 'marketplace2', 'revokedMerchantA', 'none');
    const header = fc.constantFrom<Merchant | 'unknown' | undefined>(undefined, undefined, 'merchantA', 'merchantB', 'merchantC', 'merchantD', 'unknown');
    const filter = fc.record({
      kind: fc.constantFrom<ListFilter['kind']>('none', 'email', 'customerId', 'merchantId', 'name', 'created', 'reference'),
      merchants: fc.subarray(MERCHANTS),
    });
    let shown = 0;
    await assertProperty(
      fc.asyncProperty(credential, header, fc.nat({ max: 7 }), filter, fc.constantFrom('graphql', 'rest'), async (who, named, index, chosen, surface) => {
        const customer = seeded[index]!;
        const allowed = listableFor(t.tenants, who, named);
        const headers = who === 'none' ? {} : bearer(t.tenants.secrets[who], named === undefined ? undefined : named === 'unknown' ? 'mcht_unknown' : t.tenants[named]);
        const { variables, query } = filterArguments(chosen, customer, t.tenants);
        let found: { customerId: string; merchantId: string }[] | null;
        if (surface === 'graphql') {
          const result = await graphql(t.baseUrl, LIST_QUERY, variables, headers);
          found = result.body.data?.customers?.edges.map((e: any) => e.node) ?? null;
        } else {
          const result = await request(`${t.baseUrl}/customers?${query}`, { headers });
          found = result.status === 200 ? result.body.map((tagged: any) => Object.values(tagged)[0]) : null;
        }
        if (!allowed) return expect(found).toBeNull();
        expect(found).not.toBeNull();
        shown += found!.length;
        expect(found!.filter((c) => !allowed.includes(c.merchantId))).toEqual([]);
        // Completeness too: a customer the credential may see is found by its own id.
        if (chosen.kind === 'customerId' && allowed.includes(t.tenants[customer.merchant])) expect(found!.map((c) => c.customerId)).toEqual([customer.id]);
      }),
      { numRuns: 250 },
    );
    expect(shown).toBeGreaterThan(50);
  });
});

describe('property: no request ever reads or changes a customer of a merchant its credential may not act for', () => {
  it('holds over 250 random credential × Merchant-Id × customer × operation combinations', async () => {
    const credential = fc.constantFrom<Credential>('merchantA', 'merchantB', 'merchantC', 'merchantD', 'marketplace1', 'marketplace2', 'revokedMerchantA', 'none');
    const header = fc.constantFrom<Merchant | 'unknown' | undefined>(undefined, 'merchantA', 'merchantB', 'merchantC', 'merchantD', 'unknown');
    const target = fc.nat({ max: 7 });
    const operation = fc.constantFrom('read', 'readRest', 'list', 'upsertConsumerRest', 'upsertConsumerGraphql', 'upsertOrganisationGraphql');
    let runs = 0;
    let allowed = 0;

    await assertProperty(
      fc.asyncProperty(credential, header, target, operation, async (who, named, index, op) => {
        runs++;
        const customer = seeded[index]!;
        const acting = actingFor(t.tenants, who, named);
        if (acting) allowed++;
        const headers =
          who === 'none' ? {} : bearer(t.tenants.secrets[who], named === undefined ? undefined : named === 'unknown' ? 'mcht_unknown' : t.tenants[named]);
        const stamp = `by-${acting ?? 'nobody'}`;

        if (op === 'read') {
          const result = await graphql(t.baseUrl, `query($id: ID!) { customer(customerId: $id) { customerId merchantId } }`, { id: customer.id }, headers);
          if (!acting) return expect(result.body.data?.customer ?? null).toBeNull();
          const expected = acting === t.tenants[customer.merchant] ? { customerId: customer.id, merchantId: acting } : null;
          return expect(result.body.data.customer).toEqual(expected);
        }
        if (op === 'readRest') {
          const result = await request(`${t.baseUrl}/customers/${customer.id}`, { headers });
          if (!acting) return expect(result.status).toBeGreaterThanOrEqual(400);
          if (acting !== t.tenants[customer.merchant]) return expect(result.status).toBe(404);
          return expect(Object.values(result.body)[0]).toMatchObject({ customerId: customer.id, merchantId: acting });
        }
        if (op === 'list') {
          const result = await graphql(t.baseUrl, `{ customers(first: 100) { edges { node { merchantId } } } }`, {}, headers);
          // A marketplace key without Merchant-Id may list across its own marketplace's merchants (contract §1).
          const scope = acting
            ? [acting]
            : (who === 'marketplace1' || who === 'marketplace2') && named === undefined
              ? MERCHANTS.filter((m) => actingFor(t.tenants, who, m) !== null).map((m) => t.tenants[m])
              : [];
          if (scope.length === 0) return expect(result.body.data?.customers ?? null).toBeNull();
          // Every merchant was seeded customers, so an empty page would prove nothing.
          const merchantIds = result.body.data.customers.edges.map((e: any) => e.node.merchantId);
          expect(merchantIds.length).toBeGreaterThan(0);
          return expect(merchantIds.filter((id: string) => !scope.includes(id))).toEqual([]);
        }
        const email = customer.email ?? `iso.${customer.merchant}@star.com`;
        const reference = customer.reference ?? `ISO-${customer.merchant}`;
        const result =
          op === 'upsertConsumerRest'
            ? await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: email, givenName: stamp } }, headers)
            : op === 'upsertConsumerGraphql'
              ? await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: { emailAddress: email, givenName: stamp } } }, headers)
              : await graphql(t.baseUrl, UPSERT_MUTATION, { input: { organisation: { referenceCustomerId: reference, organisationName: stamp } } }, headers);
        const merchantId = result.body.merchantId ?? result.body.data?.upsertCustomer?.merchantId;
        expect(merchantId ?? null).toBe(acting);
      }),
      { numRuns: 250 },
    );

    // Every upsert stamped the merchant it acted for: each row may only carry its own merchant's stamp.
    const rows = await queryDatabase<{ merchant_id: string; given_name: string | null; organisation_name: string | null }>(
      t.database.url,
      'SELECT merchant_id, given_name, organisation_name FROM customers',
    );
    const foreign = rows.filter((row) => (row.given_name ?? row.organisation_name) !== `by-${row.merchant_id}`);
    expect(foreign).toEqual([]);
    expect(allowed).toBeGreaterThan(20);
    console.log(`isolation property: ${runs} cases, ${allowed} allowed to act, ${rows.length} customers, 0 crossed a tenant`);
  });
});
