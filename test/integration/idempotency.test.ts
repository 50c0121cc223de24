import { bearer, graphql, postCustomer, UPSERT_MUTATION } from '../helpers/clients';
import { consumerInput } from '../helpers/builders';
import { idempotencyLockMs } from '../../src/idempotency/idempotency.plugin';
import { IdempotencyStore } from '../../src/idempotency/idempotency-store';
import { hashSecret } from '../../src/tenancy/secrets';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { holdCustomerRow, queryDatabase, waitForRow } from '../helpers/test-database';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const withKey = (secret: string, key: string, merchantId?: string) => ({ ...bearer(secret, merchantId), 'idempotency-key': key });

describe('Idempotency-Key', () => {
  it('replays the stored response with Idempotent-Replayed: true, without running the upsert again', async () => {
    const body = { UpsertConsumerCustomer: consumerInput({ givenName: 'Once' }) };
    const headers = withKey(t.tenants.secrets.merchantA, 'key-replay-1');
    const first = await postCustomer(t.baseUrl, body, headers);
    await queryDatabase(t.database.url, `UPDATE customers SET given_name = 'Changed elsewhere' WHERE id = $1`, [first.body.customerId]);
    const again = await postCustomer(t.baseUrl, body, headers);
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const [row] = await queryDatabase<{ given_name: string }>(t.database.url, 'SELECT given_name FROM customers WHERE id = $1', [first.body.customerId]);
    expect(row!.given_name).toBe('Changed elsewhere');
  });

  it('refuses the same key with a different body: 422 idempotency_key_reused', async () => {
    const headers = withKey(t.tenants.secrets.merchantA, 'key-reuse-1');
    await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, headers);
    const reused = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, headers);
    expect(reused.status).toBe(422);
    expect(reused.body.errorCode).toBe('idempotency_key_reused');
  });

  it('refuses the same key while the first request is still running: 409 idempotency_key_in_use', async () => {
    // Hold the customer row so the first upsert waits inside PostgreSQL.
    const input = consumerInput();
    const headers = withKey(t.tenants.secrets.merchantA, 'key-in-use-1');
    await postCustomer(t.baseUrl, { UpsertConsumerCustomer: input }, bearer(t.tenants.secrets.merchantA));
    const release = await holdCustomerRow(t.database.url, input.emailAddress as string);
    const body = { UpsertConsumerCustomer: { ...input, givenName: 'Slow' } };
    const first = postCustomer(t.baseUrl, body, headers);
    await waitForRow(t.database.url, `SELECT 1 FROM idempotency_keys WHERE key = 'key-in-use-1' AND status_code IS NULL`);
    const second = await postCustomer(t.baseUrl, body, headers);
    await release();
    expect(second.status).toBe(409);
    expect(second.body.errorCode).toBe('idempotency_key_in_use');
    expect((await first).status).toBe(200);
  });

  it('scopes keys to the credential and the merchant', async () => {
    const body = { UpsertConsumerCustomer: consumerInput() };
    const a = await postCustomer(t.baseUrl, body, withKey(t.tenants.secrets.merchantA, 'shared-key'));
    const b = await postCustomer(t.baseUrl, body, withKey(t.tenants.secrets.merchantB, 'shared-key'));
    const viaMarketplace = await postCustomer(t.baseUrl, body, withKey(t.tenants.secrets.marketplace1, 'shared-key', t.tenants.merchantA));
    expect([a.status, b.status, viaMarketplace.status]).toEqual([200, 200, 200]);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(viaMarketplace.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.merchantId).toBe(t.tenants.merchantB);
  });

  it('works on GraphQL through the same header', async () => {
    const headers = withKey(t.tenants.secrets.merchantA, 'gql-key-1');
    const input = { consumer: consumerInput() };
    const first = await graphql(t.baseUrl, UPSERT_MUTATION, { input }, headers);
    const again = await graphql(t.baseUrl, UPSERT_MUTATION, { input }, headers);
    expect(first.body.data.upsertCustomer.outcome).toBe('CREATED');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.data.upsertCustomer.outcome).toBe('CREATED');
    const different = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: consumerInput() } }, headers);
    expect(different.status).toBe(422);
    expect(different.body.errors[0].extensions.errorCode).toBe('idempotency_key_reused');
  });

  it('refuses a key that is not 1 to 255 visible ASCII characters', async () => {
    const result = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, withKey(t.tenants.secrets.merchantA, 'x'.repeat(256)));
    expect(result.status).toBe(400);
    expect(result.body.errorCode).toBe('invalid_request');
  });

  it('checks the credential before the key: no key is stored for a refused caller', async () => {
    const result = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, withKey('sandbox_sk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'anon-key'));
    expect(result.status).toBe(401);
    const rows = await queryDatabase(t.database.url, `SELECT 1 FROM idempotency_keys WHERE key = 'anon-key'`);
    expect(rows).toEqual([]);
  });
});

describe('Idempotency-Key, as attacked', () => {
  it('takes a body with the same meaning as a replay, whatever its key order and spacing', async () => {
    const headers = { ...withKey(t.tenants.secrets.merchantA, 'key-canonical-1'), 'content-type': 'application/json' };
    const email = consumerInput().emailAddress;
    const first = await postCustomer(t.baseUrl, `{"UpsertConsumerCustomer":{"emailAddress":"${email}","givenName":"Lucy","metadata":{"a":1,"b":2}}}`, headers);
    const reordered = await postCustomer(t.baseUrl, `{ "UpsertConsumerCustomer": { "metadata": {"b":2, "a":1}, "givenName": "Lucy", "emailAddress": "${email}" } }`, headers);
    expect(first.status).toBe(200);
    expect(reordered.status).toBe(200);
    expect(reordered.headers.get('idempotent-replayed')).toBe('true');
  });

  it('applies to mutations only: a GraphQL read with a key stores nothing', async () => {
    const headers = withKey(t.tenants.secrets.merchantA, 'key-read-1');
    const read = await graphql(t.baseUrl, '{ customers(first: 5) { edges { cursor } } }', {}, headers);
    expect(read.status).toBe(200);
    const again = await graphql(t.baseUrl, '{ customers(first: 1) { edges { cursor } } }', {}, headers);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(await queryDatabase(t.database.url, `SELECT 1 FROM idempotency_keys WHERE key = 'key-read-1'`)).toEqual([]);
  });

  it('still applies to a mutation chosen by operationName among several operations', async () => {
    const headers = withKey(t.tenants.secrets.merchantA, 'key-opname-1');
    const query = `query Read { __typename } ${UPSERT_MUTATION}`;
    const input = { consumer: consumerInput() };
    await request(t, query, input, headers);
    const again = await request(t, query, input, headers);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('frees the key of a holder that died once its lock lapses, well before a minute', async () => {
    const quick = await startTestApp({ STATEMENT_TIMEOUT_MS: '200', DATABASE_ACQUIRE_TIMEOUT_MS: '100' });
    try {
      const lockMs = idempotencyLockMs(quick.config);
      expect(idempotencyLockMs(t.config)).toBeLessThan(60_000);
      // The claim a killed instance leaves behind: taken, never completed nor released.
      const secret = quick.tenants.secrets.merchantA;
      const [credential] = await queryDatabase<{ id: string }>(quick.database.url, 'SELECT id FROM credentials WHERE secret_hash = $1', [hashSecret(secret)]);
      const body = { UpsertConsumerCustomer: consumerInput() };
      const store = new IdempotencyStore(quick.database.db.sql, lockMs);
      const scope = { merchantId: quick.tenants.merchantA, credentialId: credential!.id, key: 'key-dead-holder' };
      expect(await store.claim(scope, 'the dead request')).toEqual({ kind: 'claimed' });
      const claimedAt = Date.now();
      expect((await postCustomer(quick.baseUrl, body, withKey(secret, 'key-dead-holder'))).status).toBe(422);
      let status = 0;
      while (status !== 200 && Date.now() - claimedAt < 10 * lockMs) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await postCustomer(quick.baseUrl, body, withKey(secret, 'key-dead-holder'))).status;
      }
      expect(status).toBe(200);
      expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(lockMs);
    } finally {
      await quick.close();
    }
  });
});

function request(app: TestApp, query: string, input: unknown, headers: Record<string, string>) {
  return fetch(`${app.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables: { input }, operationName: 'Upsert' }),
  });
}
