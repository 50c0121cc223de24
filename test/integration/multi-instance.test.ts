import { TenancyAdmin } from '../../src/tenancy/tenancy-admin';
import { bearer, graphql, postCustomer, UPSERT_MUTATION, type HttpResult } from '../helpers/clients';
import { seedTenants, type Tenants } from '../helpers/test-app';
import { createTestDatabase, queryDatabase, type TestDatabase } from '../helpers/test-database';
import { inParallel, startServiceProcess, type ServiceProcess } from '../helpers/service-process';
import { waitUntil } from '../helpers/upsert-load';

let database: TestDatabase;
let tenants: Tenants;
let instances: ServiceProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  tenants = await seedTenants(new TenancyAdmin((await database.db.orm()).em));
  // Three processes on one PostgreSQL, started together: they also race to migrate.
  instances = await Promise.all([1, 2, 3].map(() => startServiceProcess({ DATABASE_URL: database.url })));
});
afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
  await database.drop();
});

interface Sent {
  key: number;
  givenName: string;
  familyName: string;
  result: HttpResult;
}

describe('same-key storms across three service processes', () => {
  it('1,000 concurrent upserts over 10 keys, mixing REST and GraphQL and email case, end as exactly 10 customers', async () => {
    const headers = bearer(tenants.secrets.merchantA);
    const casings = [(s: string) => s, (s: string) => s.toUpperCase(), (s: string) => s[0]!.toUpperCase() + s.slice(1)];
    const tasks = Array.from({ length: 1000 }, (_, i) => async (): Promise<Sent> => {
      const key = i % 10;
      const emailAddress = casings[i % 3]!(`storm.key${key}@star.com`);
      const fields = { emailAddress, givenName: `given-${i}`, familyName: `family-${i}` };
      const base = instances[Math.floor(i / 10) % 3]!.baseUrl;
      const result =
        i % 2 === 0
          ? await postCustomer(base, { UpsertConsumerCustomer: fields }, headers)
          : await graphql(base, UPSERT_MUTATION, { input: { consumer: fields } }, headers);
      return { key, givenName: fields.givenName, familyName: fields.familyName, result };
    });
    const started = Date.now();
    const sent = await inParallel(tasks, 250);
    const elapsed = Date.now() - started;

    const failures = sent.filter((s) => s.result.status !== 200 || s.result.body.errors);
    expect(failures.map((f) => [f.result.status, JSON.stringify(f.result.body).slice(0, 200)])).toEqual([]);

    const rows = await queryDatabase<{ business_key: string; id: string; given_name: string; family_name: string; version: number }>(
      database.url,
      `SELECT business_key, id, given_name, family_name, version FROM customers WHERE merchant_id = $1 ORDER BY business_key`,
      [tenants.merchantA],
    );
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      const key = Number(/key(\d+)/.exec(row.business_key)![1]);
      const forKey = sent.filter((s) => s.key === key);
      // The final state is one whole request, not a blend of two.
      expect(forKey.some((s) => s.givenName === row.given_name && s.familyName === row.family_name)).toBe(true);
      expect(row.given_name.replace('given-', '')).toBe(row.family_name.replace('family-', ''));
      // Every answer for the key named the one customer that exists.
      const ids = new Set(forKey.map((s) => s.result.body.customerId ?? s.result.body.data.upsertCustomer.customerId));
      expect([...ids]).toEqual([row.id]);
    }
    console.log(`storm: ${sent.length} sent, ${sent.length - failures.length} acknowledged, 3 instances, ${elapsed} ms`);
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM mid-load: finishes what is in flight, refuses the rest, exits 0, and every 200 is persisted', async () => {
    const victim = instances[2]!;
    const headers = bearer(tenants.secrets.merchantB);
    const acknowledged: { id: string; email: string }[] = [];
    const refusedOtherwise: { status: number; body: unknown }[] = [];
    const statuses = new Map<string, number>();
    let stopping = false;
    const load = Array.from({ length: 8 }, async (_, lane) => {
      // Each lane keeps sending until it has made 5 requests after SIGTERM, or the port is gone.
      for (let i = 0, afterSignal = 0; afterSignal < 5; i++, afterSignal += stopping ? 1 : 0) {
        const email = `shutdown.${lane}.${i}@star.com`;
        let result: HttpResult;
        try {
          result = await postCustomer(victim.baseUrl, { UpsertConsumerCustomer: { emailAddress: email } }, headers);
        } catch {
          // Only the request itself may fail this way: connection refused once the port is closed.
          statuses.set('refused', (statuses.get('refused') ?? 0) + 1);
          return;
        }
        statuses.set(String(result.status), (statuses.get(String(result.status)) ?? 0) + 1);
        if (result.status === 200) acknowledged.push({ id: result.body.customerId, email });
        else if (result.status !== 503 || result.body.errorCode !== 'service_unavailable') refusedOtherwise.push({ status: result.status, body: result.body });
      }
    });
    // Mid-load: the signal goes once writes are being acknowledged, not after a guessed delay.
    await waitUntil(() => acknowledged.length >= 8, 10_000, 'writes acknowledged before SIGTERM');
    const exit = victim.stop('SIGTERM');
    stopping = true;
    const { code, ms } = await exit;
    await Promise.all(load);
    instances = instances.slice(0, 2);

    expect(refusedOtherwise).toEqual([]);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(15_000);
    expect(statuses.get('500')).toBeUndefined();
    expect(acknowledged.length).toBeGreaterThan(0);
    const stored = await queryDatabase<{ id: string; email_address: string }>(
      database.url,
      `SELECT id, email_address FROM customers WHERE merchant_id = $1 AND id = ANY($2)`,
      [tenants.merchantB, acknowledged.map((a) => a.id)],
    );
    expect(stored.length).toBe(acknowledged.length);
    console.log(`shutdown: ${acknowledged.length} acknowledged, all persisted; answers ${JSON.stringify(Object.fromEntries(statuses))}; exit ${code} in ${ms} ms`);
  });
});
