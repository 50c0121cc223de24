import { randomBytes } from 'node:crypto';
import { idempotencyLockMs } from '../../src/idempotency/idempotency.plugin';
import { IdempotencyStore, MAX_STORED_RESPONSE_BYTES } from '../../src/idempotency/idempotency-store';
import { consumerInput } from '../helpers/builders';
import { bearer, graphql, postCustomer, UPSERT_MUTATION, type HttpResult } from '../helpers/clients';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { holdCustomerRow, queryDatabase } from '../helpers/test-database';

let t: TestApp;
beforeAll(async () => {
  // A short statement timeout: an upsert kept waiting on a row lock fails with 57014, answered 503.
  t = await startTestApp({ LOG_LEVEL: 'error' }, { statementTimeoutMs: 500 });
});
afterAll(() => t.close());

const doors: Record<string, (input: Record<string, unknown>, headers: Record<string, string>) => Promise<HttpResult>> = {
  rest: (input, headers) => postCustomer(t.baseUrl, { UpsertConsumerCustomer: input }, headers),
  graphql: (input, headers) => graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: input } }, headers),
};
const errorCodeOf = (result: HttpResult) => result.body.errorCode ?? result.body.errors?.[0]?.extensions?.errorCode;

describe('Idempotency-Key and answers that must not be replayed', () => {
  it.each(Object.keys(doors))('%s: a 503 is not stored, and the same key retried after recovery runs the write', async (door) => {
    const send = doors[door]!;
    const input = consumerInput({ givenName: 'First' });
    const key = `key-503-${door}`;
    const headers = { ...bearer(t.tenants.secrets.merchantA), 'idempotency-key': key };
    expect((await send(input, bearer(t.tenants.secrets.merchantA))).status).toBe(200);

    const release = await holdCustomerRow(t.database.url, input.emailAddress as string);
    let failed: HttpResult;
    try {
      failed = await send({ ...input, givenName: 'Second' }, headers);
    } finally {
      await release();
    }
    expect(errorCodeOf(failed)).toBe('service_unavailable');
    expect(await queryDatabase(t.database.url, 'SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).toEqual([]);

    const retried = await send({ ...input, givenName: 'Second' }, headers);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const [row] = await queryDatabase<{ given_name: string; version: number }>(t.database.url, 'SELECT given_name, version FROM customers WHERE email_address = $1', [input.emailAddress]);
    expect(row).toEqual({ given_name: 'Second', version: 2 });
    const [stored] = await queryDatabase<{ status_code: number }>(t.database.url, 'SELECT status_code FROM idempotency_keys WHERE key = $1', [key]);
    expect(stored).toEqual({ status_code: 200 });
  });

  it(`keeps an answer of up to ${MAX_STORED_RESPONSE_BYTES} bytes, and releases the key of a larger one instead of storing it`, async () => {
    const [credential] = await queryDatabase<{ id: string }>(t.database.url, 'SELECT id FROM credentials WHERE merchant_id = $1 LIMIT 1', [t.tenants.merchantB]);
    const store = new IdempotencyStore(t.database.db.sql, idempotencyLockMs(t.config));
    const scopeOf = (key: string) => ({ merchantId: t.tenants.merchantB, credentialId: credential!.id, key });
    const body = (bytes: number) => JSON.stringify({ padding: randomBytes(bytes).toString('hex') }).slice(0, bytes);

    const fits = scopeOf('key-size-fits');
    expect(await store.claim(fits, 'hash')).toEqual({ kind: 'claimed' });
    expect(await store.complete(fits, 'hash', 200, body(MAX_STORED_RESPONSE_BYTES))).toBe('stored');
    expect(await store.claim(fits, 'hash')).toMatchObject({ kind: 'replay', statusCode: 200 });

    const tooLarge = scopeOf('key-size-too-large');
    expect(await store.claim(tooLarge, 'hash')).toEqual({ kind: 'claimed' });
    expect(await store.complete(tooLarge, 'hash', 200, body(MAX_STORED_RESPONSE_BYTES + 1))).toBe('released');
    expect(await queryDatabase(t.database.url, 'SELECT 1 FROM idempotency_keys WHERE key = $1', [tooLarge.key])).toEqual([]);
    // Released, not stuck: the retry takes the key and runs.
    expect(await store.claim(tooLarge, 'hash')).toEqual({ kind: 'claimed' });
  });
});
