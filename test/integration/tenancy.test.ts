import { bearer, graphql, postCustomer, UPSERT_MUTATION } from '../helpers/clients';
import { consumerInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { TenancyAdmin } from '../../src/tenancy/tenancy-admin';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ CREDENTIAL_CACHE_TTL_MS: '200' });
});
afterAll(() => t.close());

const upsert = (headers: Record<string, string>) =>
  graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: consumerInput() } }, headers);

async function expectResolved(headers: Record<string, string>, merchantId: string) {
  const result = await upsert(headers);
  expect(result.body.errors).toBeUndefined();
  expect(result.body.data.upsertCustomer.merchantId).toBe(merchantId);
  const rest = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, headers);
  expect(rest.status).toBe(200);
  expect(rest.body.merchantId).toBe(merchantId);
}

async function expectRefused(headers: Record<string, string>, status: number, errorCode: string, code: string) {
  const result = await upsert(headers);
  expect(result.body.data).toBeNull();
  expect(result.body.errors[0].extensions).toMatchObject({ code, errorCode });
  const rest = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, headers);
  expect(rest.status).toBe(status);
  expect(rest.body.errorCode).toBe(errorCode);
}

describe('resolving the merchant a request acts for (contract section 1)', () => {
  it.each([
    ['missing', {}],
    ['malformed', { authorization: 'Basic abc' }],
    ['a bearer that is not a secret', { authorization: 'Bearer not-a-secret' }],
    ['unknown', { authorization: 'Bearer sandbox_sk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
  ])('401 for a %s credential', async (_name, headers) => {
    await expectRefused(headers, 401, 'unauthorized', 'UNAUTHENTICATED');
  });

  it('401 for a revoked credential', async () => {
    await expectRefused(bearer(t.tenants.secrets.revokedMerchantA), 401, 'unauthorized', 'UNAUTHENTICATED');
  });

  it('a merchant token with no Merchant-Id acts for its merchant', async () => {
    await expectResolved(bearer(t.tenants.secrets.merchantA), t.tenants.merchantA);
  });

  it('a live merchant token works like a sandbox one', async () => {
    await expectResolved(bearer(t.tenants.secrets.liveMerchantA), t.tenants.merchantA);
  });

  it('a merchant token naming its own merchant acts for it', async () => {
    await expectResolved(bearer(t.tenants.secrets.merchantA, t.tenants.merchantA), t.tenants.merchantA);
  });

  it('a merchant token naming another merchant is 403', async () => {
    await expectRefused(bearer(t.tenants.secrets.merchantA, t.tenants.merchantB), 403, 'forbidden', 'FORBIDDEN');
  });

  it('a marketplace key without Merchant-Id is 400 merchant_id_required', async () => {
    await expectRefused(bearer(t.tenants.secrets.marketplace1), 400, 'merchant_id_required', 'BAD_USER_INPUT');
  });

  it('a marketplace key naming one of its merchants acts for that merchant', async () => {
    await expectResolved(bearer(t.tenants.secrets.marketplace1, t.tenants.merchantB), t.tenants.merchantB);
  });

  it('a marketplace key naming a merchant of another marketplace is 403', async () => {
    await expectRefused(bearer(t.tenants.secrets.marketplace1, t.tenants.merchantC), 403, 'forbidden', 'FORBIDDEN');
  });

  it('a marketplace key naming a standalone merchant is 403', async () => {
    await expectRefused(bearer(t.tenants.secrets.marketplace1, t.tenants.merchantD), 403, 'forbidden', 'FORBIDDEN');
  });

  it.each([
    ['merchant token', 'merchantA'],
    ['marketplace key', 'marketplace1'],
  ] as const)('a %s naming no merchant is 404 merchant_not_found', async (_name, secret) => {
    await expectRefused(bearer(t.tenants.secrets[secret], 'mcht_DoesNotExist000000'), 404, 'merchant_not_found', 'NOT_FOUND');
  });

  it('a secret revoked while in use stops working within the cache time', async () => {
    const admin = new TenancyAdmin((await t.database.db.orm()).em);
    const issued = await admin.issueSecret({ merchantId: t.tenants.merchantA });
    await expectResolved(bearer(issued.secret), t.tenants.merchantA);
    await admin.revokeCredential(issued.credentialId);
    const revokedAt = Date.now();
    // Polled until refused, writing nothing: a bad email is a 422 while the cached credential still counts, a 401 after.
    const payload = { UpsertConsumerCustomer: { emailAddress: 'not an email' } };
    const probe = () => t.app.inject({ method: 'POST', url: '/customers', headers: { ...bearer(issued.secret), 'content-type': 'application/json' }, payload });
    while ((await probe()).statusCode !== 401) {
      if (Date.now() - revokedAt > 5000) throw new Error('the revoked secret still worked 5 s later');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const refusedAfterMs = Date.now() - revokedAt;
    // The cache holds it at most its TTL (200 ms); the rest is slack for a loaded machine.
    expect(refusedAfterMs).toBeLessThan(t.config.credentialCacheTtlMs + 1000);
    await expectRefused(bearer(issued.secret), 401, 'unauthorized', 'UNAUTHENTICATED');
  });

  it('lists credentials without their secrets', async () => {
    const listing = await new TenancyAdmin((await t.database.db.orm()).em).listCredentials(t.tenants.merchantA);
    expect(listing.length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(listing);
    expect(text).not.toContain(t.tenants.secrets.merchantA);
    expect(listing.find((c) => c.revokedAt !== null)).toBeDefined();
  });
});
