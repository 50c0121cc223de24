import { TenancyAdmin } from '../../src/tenancy/tenancy-admin';
import { consumerInput } from '../helpers/builders';
import { bearer, postCustomer, type HttpResult } from '../helpers/clients';
import { inParallel, startServiceProcess, type ServiceProcess } from '../helpers/service-process';
import { seedTenants, type Tenants } from '../helpers/test-app';
import { createTestDatabase, queryDatabase, type TestDatabase } from '../helpers/test-database';
import { lostWrites, startUpsertLoad, waitUntil } from '../helpers/upsert-load';

let database: TestDatabase;
let tenants: Tenants;
const started: ServiceProcess[] = [];
const startService = async () => {
  const service = await startServiceProcess({ DATABASE_URL: database.url });
  started.push(service);
  return service;
};

beforeAll(async () => {
  database = await createTestDatabase();
  tenants = await seedTenants(new TenancyAdmin((await database.db.orm()).em));
}, 60_000);
afterAll(async () => {
  await Promise.all(started.map((service) => service.stop('SIGKILL')));
  await database.drop();
});

const keyed = (key: string) => ({ ...bearer(tenants.secrets.merchantA), 'idempotency-key': key });
const rowsOf = (email: string) =>
  queryDatabase<{ given_name: string }>(database.url, 'SELECT given_name FROM customers WHERE merchant_id = $1 AND email_address = $2', [tenants.merchantA, email]);

describe('a service process killed with kill -9', () => {
  // One process is killed mid-load; a keyed write it acknowledged must replay on the next one.
  let victim: ServiceProcess;
  let firstAnswer: HttpResult;
  const keyedBody = { UpsertConsumerCustomer: consumerInput({ givenName: 'Before the crash' }) };

  beforeAll(async () => {
    victim = await startService();
    firstAnswer = await postCustomer(victim.baseUrl, keyedBody, keyed('key-across-crash'));
  }, 60_000);

  it('loses no acknowledged write when killed mid-load', async () => {
    const load = startUpsertLoad([victim.baseUrl], bearer(tenants.secrets.merchantA), { lanes: 8, prefix: 'sigkill' });
    await waitUntil(() => load.answers.filter((a) => a.customerId !== undefined).length >= 200, 20_000, 'writes before the kill');
    const { code } = await victim.stop('SIGKILL');
    const answers = await load.stop();

    const acknowledged = answers.filter((a) => a.customerId !== undefined);
    const lost = await lostWrites(database.url, answers);
    console.log(`service kill -9 mid-load: ${answers.length} answers, ${acknowledged.length} acknowledged, lost ${lost.length}`);
    expect(code).toBeNull(); // killed by the signal, not exited
    expect(lost).toEqual([]);
    // Anything but a 200 is the connection dying with the process, never an error answer.
    expect(answers.filter((a) => a.status !== 200 && a.status !== 'network')).toEqual([]);
  });

  it('replays the acknowledged Idempotency-Key answer from the next process, without a second write', async () => {
    expect(firstAnswer.status).toBe(200);
    expect(victim.child.exitCode !== null || victim.child.signalCode !== null).toBe(true);
    const next = await startService();
    // Changed behind the service's back: a second run of the write would put the old name back.
    const email = keyedBody.UpsertConsumerCustomer.emailAddress as string;
    await queryDatabase(database.url, `UPDATE customers SET given_name = 'Changed elsewhere' WHERE email_address = $1`, [email]);
    const replay = await postCustomer(next.baseUrl, keyedBody, keyed('key-across-crash'));
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(firstAnswer.body);
    expect(await rowsOf(email)).toEqual([{ given_name: 'Changed elsewhere' }]);
  });
});

describe('one Idempotency-Key sent to two service processes at once', () => {
  it('writes once: the other answer is the replay, or 409 idempotency_key_in_use while the first runs', async () => {
    const [one, two] = await Promise.all([startService(), startService()]);
    const races = Array.from({ length: 20 }, (_, i) => ({ key: `key-two-instances-${i}`, body: { UpsertConsumerCustomer: consumerInput({ givenName: `Race ${i}` }) } }));
    const answers = await inParallel(
      races.map((race) => () => Promise.all([one!, two!].map((service) => postCustomer(service.baseUrl, race.body, keyed(race.key))))),
      10,
    );
    const outcomes = new Map<string, number>();
    for (const [index, pair] of answers.entries()) {
      const fresh = pair.filter((a) => a.status === 200 && a.headers.get('idempotent-replayed') === null);
      const replayed = pair.filter((a) => a.status === 200 && a.headers.get('idempotent-replayed') === 'true');
      const inUse = pair.filter((a) => a.status === 409 && a.body.errorCode === 'idempotency_key_in_use');
      // Exactly one answer ran the write: a second run would answer fresh (UNCHANGED) too.
      expect([fresh.length, replayed.length + inUse.length]).toEqual([1, 1]);
      for (const again of replayed) expect(again.body).toEqual(fresh[0]!.body);
      const outcome = replayed.length === 1 ? 'replayed' : 'in use';
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      expect(await rowsOf(races[index]!.body.UpsertConsumerCustomer.emailAddress as string)).toEqual([{ given_name: `Race ${index}` }]);
    }
    console.log(`one key, two instances, ${races.length} races: ${JSON.stringify(Object.fromEntries(outcomes))}, one write each`);
  });
});
