import { AppError } from '../../src/errors/app-error';
import { MerchantAccess } from '../../src/tenancy/merchant-access';
import { generateSecret } from '../../src/tenancy/secrets';
import { consumerInput } from '../helpers/builders';
import { bearer } from '../helpers/clients';
import { countingRunner, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  // No credential cache: every request looks its secret up, so the two paths are compared doing real work.
  t = await startTestApp({ CREDENTIAL_CACHE_TTL_MS: '0', LOG_LEVEL: 'warn' });
});
afterAll(() => t.close());

const upsertWith = (headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/customers', headers, payload: { UpsertConsumerCustomer: consumerInput() } });
const unknownSecret = () => generateSecret('merchant_token', 'sandbox');
const lookups = (name: string) => t.statements.get(name) ?? 0;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('unknown and revoked secrets are refused alike', () => {
  it('both do one credential lookup and nothing else', async () => {
    for (const secret of [unknownSecret, () => t.tenants.secrets.revokedMerchantA]) {
      const before = new Map(t.statements);
      for (let i = 0; i < 20; i++) expect((await upsertWith(bearer(secret()))).statusCode).toBe(401);
      const sent = [...t.statements].filter(([name, n]) => n !== (before.get(name) ?? 0)).map(([name, n]) => [name, n - (before.get(name) ?? 0)]);
      expect(sent).toEqual([['find_credential_v1', 20]]);
    }
  });

  it('answer their 401s in the same time, measured over interleaved requests', async () => {
    const timings = { unknown: [] as number[], revoked: [] as number[] };
    const timeOne = async (kind: keyof typeof timings) => {
      const secret = kind === 'unknown' ? unknownSecret() : t.tenants.secrets.revokedMerchantA;
      const started = process.hrtime.bigint();
      const reply = await upsertWith(bearer(secret));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      expect([reply.statusCode, reply.json().errorCode]).toEqual([401, 'unauthorized']);
      return ms;
    };
    for (let i = 0; i < 20; i++) await timeOne(i % 2 === 0 ? 'unknown' : 'revoked'); // warm-up
    for (let i = 0; i < 300; i++) {
      // Alternating which goes first, so that neither always follows the other.
      const order: (keyof typeof timings)[] = i % 2 === 0 ? ['unknown', 'revoked'] : ['revoked', 'unknown'];
      for (const kind of order) timings[kind].push(await timeOne(kind));
    }
    const unknown = median(timings.unknown);
    const revoked = median(timings.revoked);
    console.log(`401 medians over ${timings.unknown.length} each: unknown ${unknown.toFixed(2)} ms, revoked ${revoked.toFixed(2)} ms`);
    // Generous, for two shared cores: within 2 ms, or within half of the faster one.
    expect(Math.abs(unknown - revoked)).toBeLessThanOrEqual(Math.max(2, 0.5 * Math.min(unknown, revoked)));
  });
});

describe('a Merchant-Id that is not an id', () => {
  // 15 KB: what the attack sent, just under Node's 16 KB limit for all headers.
  const hostile = (n: number) => `mcht_${n}_${'A'.repeat(15 * 1024)}`;

  it('answers 404 merchant_not_found on both doors without a merchant lookup', async () => {
    const headers = bearer(t.tenants.secrets.marketplace1, hostile(1));
    const before = lookups('find_merchant_v1');
    const rest = await upsertWith(headers);
    const graphql = await t.app.inject({
      method: 'POST', url: '/graphql', headers,
      payload: { query: 'mutation($input: CustomerInput!) { upsertCustomer(input: $input) { customerId } }', variables: { input: { consumer: consumerInput() } } },
    });
    for (const shape of ['mcht_short', 'mcht_AAAAAAAAAAAAAAA!', ' mcht_AAAAAAAAAAAAAAAA x', 'cust_AAAAAAAAAAAAAAAA']) {
      expect((await upsertWith(bearer(t.tenants.secrets.marketplace1, shape))).json().errorCode).toBe('merchant_not_found');
    }
    expect([rest.statusCode, rest.json().errorCode]).toEqual([404, 'merchant_not_found']);
    expect(graphql.json().errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', errorCode: 'merchant_not_found' });
    expect(lookups('find_merchant_v1')).toBe(before);
  });

  it('12,000 distinct 15 KB values leave the merchant cache empty and send no query', async () => {
    const counts = new Map<string, number>();
    const resolver = new MerchantAccess(countingRunner(t.database.db.sql, counts), 60_000);
    const secret = `Bearer ${t.tenants.secrets.marketplace1}`;
    const refusals = new Map<string, number>();
    for (let n = 0; n < 12_000; n++) {
      const code = await resolver.resolve(secret, hostile(n)).then(
        () => 'resolved',
        (error: unknown) => (error instanceof AppError ? error.errorCode : String(error)),
      );
      refusals.set(code, (refusals.get(code) ?? 0) + 1);
    }
    expect(Object.fromEntries(refusals)).toEqual({ merchant_not_found: 12_000 });
    expect(resolver.cachedEntries()).toEqual({ credentials: 1, merchants: 0 });
    expect(counts.get('find_merchant_v1')).toBeUndefined();
    // The cache itself still works for a well-formed id: looked up once, then kept.
    await resolver.resolve(secret, 'mcht_AAAAAAAAAAAAAAAA').catch(() => undefined);
    await resolver.resolve(secret, 'mcht_AAAAAAAAAAAAAAAA').catch(() => undefined);
    expect([counts.get('find_merchant_v1'), resolver.cachedEntries().merchants]).toEqual([1, 1]);
  });
});
