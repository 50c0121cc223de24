import fc from 'fast-check';
import type { UpsertCustomerCommand, UpsertCustomerResult } from '../../src/customers/customer';
import { UPSERT_BATCH_STATEMENT, UPSERT_CUSTOMER_STATEMENT } from '../../src/customers/customer-statements.generated';
import { upsertCustomer } from '../../src/customers/upsert-customer';
import { openDatabase } from '../../src/database/database';
import type { SqlRunner } from '../../src/database/sql-runner';
import { AppError, ServiceUnavailable } from '../../src/errors/app-error';
import { TenancyAdmin } from '../../src/tenancy/tenancy-admin';
import { assertProperty } from '../helpers/property';
import { seedTenants, type Tenants } from '../helpers/test-app';
import { createTestDatabase, queryDatabase, TEST_TUNING, type TestDatabase } from '../helpers/test-database';

let database: TestDatabase;
let tenants: Tenants;
let sequence = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  tenants = await seedTenants(new TenancyAdmin((await database.db.orm()).em.fork()));
});
afterAll(() => database.drop());

/** A runner of its own (so a batcher of its own) that records the statements it is given. */
function recordingRunner(): { runner: SqlRunner; sent: string[] } {
  const sent: string[] = [];
  const runner: SqlRunner = {
    query: (statement, values) => {
      sent.push(statement.name);
      return database.db.sql.query(statement, values);
    },
  };
  return { runner, sent };
}

const email = (name: string) => `${name}.${process.pid}.${++sequence}@batch.com`;
const consumer = (fields: Partial<Extract<UpsertCustomerCommand, { kind: 'consumer' }>> & { emailAddress: string }): UpsertCustomerCommand => ({
  kind: 'consumer',
  ...fields,
});

/** All commands submitted in one turn of the event loop: they form one batch (or more, for a repeated key). */
function sameTurn(runner: SqlRunner, commands: [string, UpsertCustomerCommand][]): Promise<PromiseSettledResult<UpsertCustomerResult>[]> {
  return Promise.allSettled(commands.map(([merchantId, command]) => upsertCustomer(runner, merchantId, command)));
}

function value(result: PromiseSettledResult<UpsertCustomerResult> | undefined): UpsertCustomerResult {
  if (result?.status !== 'fulfilled') throw new Error(`expected success, got ${String(result?.status === 'rejected' ? result.reason : result)}`);
  return result.value;
}

async function stored(emailAddress: string) {
  const rows = await queryDatabase<Record<string, unknown>>(
    database.url,
    `SELECT given_name, family_name, phone_number, metadata, version, merchant_id FROM customers WHERE email_address = $1 ORDER BY merchant_id`,
    [emailAddress],
  );
  return rows;
}

describe('one statement per batch', () => {
  it('a lone upsert is one statement: the single-row upsert', async () => {
    const { runner, sent } = recordingRunner();
    await upsertCustomer(runner, tenants.merchantA, consumer({ emailAddress: email('lone') }));
    expect(sent).toEqual([UPSERT_CUSTOMER_STATEMENT.name]);
  });

  it('concurrent upserts of different keys, from several merchants, are one statement', async () => {
    const { runner, sent } = recordingRunner();
    const merchants = [tenants.merchantA, tenants.merchantB, tenants.merchantC, tenants.merchantD];
    const results = await sameTurn(
      runner,
      Array.from({ length: 12 }, (_, i) => [merchants[i % 4]!, consumer({ emailAddress: email(`many${i}`) })] as [string, UpsertCustomerCommand]),
    );
    expect(sent).toEqual([UPSERT_BATCH_STATEMENT.name]);
    results.forEach((result, i) => {
      expect(value(result).outcome).toBe('CREATED');
      expect(value(result).customer.merchantId).toBe(merchants[i % 4]);
    });
    expect(new Set(results.map((result) => value(result).customer.customerId)).size).toBe(12);
  });
});

describe('per-row semantics inside a batch', () => {
  it('mixes creates, updates and unchanged rows, each with its own outcome and version', async () => {
    const [updated, unchanged, created] = [email('upd'), email('same'), email('new')];
    await upsertCustomer(database.db.sql, tenants.merchantA, consumer({ emailAddress: updated, givenName: 'Old' }));
    const before = await upsertCustomer(database.db.sql, tenants.merchantA, consumer({ emailAddress: unchanged, givenName: 'Same' }));
    const { runner, sent } = recordingRunner();
    const [u, s, c] = await sameTurn(runner, [
      [tenants.merchantA, consumer({ emailAddress: updated, givenName: 'New' })],
      [tenants.merchantA, consumer({ emailAddress: unchanged, givenName: 'Same' })],
      [tenants.merchantA, consumer({ emailAddress: created, givenName: 'Fresh' })],
    ]);
    expect(sent).toEqual([UPSERT_BATCH_STATEMENT.name]);
    expect([value(u).outcome, value(u).customer.version, value(u).customer.givenName]).toEqual(['UPDATED', 2, 'New']);
    expect([value(s).outcome, value(s).customer.version]).toEqual(['UNCHANGED', 1]);
    expect(value(s).customer.updatedAt).toBe(before.customer.updatedAt);
    expect(value(s).customer.customerId).toBe(before.customer.customerId);
    expect([value(c).outcome, value(c).customer.version]).toEqual(['CREATED', 1]);
    expect(value(u).customer.updatedAt > value(u).customer.createdAt).toBe(true);
  });

  it('absent keeps and null clears, row by row', async () => {
    const [first, second] = [email('nullish'), email('absent')];
    const full = { givenName: 'Given', familyName: 'Family', phoneNumber: '+61401234567', metadata: { tier: 'gold' } };
    await upsertCustomer(database.db.sql, tenants.merchantA, consumer({ emailAddress: first, ...full }));
    await upsertCustomer(database.db.sql, tenants.merchantA, consumer({ emailAddress: second, ...full }));
    const { runner, sent } = recordingRunner();
    const [a, b] = await sameTurn(runner, [
      [tenants.merchantA, consumer({ emailAddress: first, givenName: null, metadata: null })],
      [tenants.merchantA, consumer({ emailAddress: second, familyName: 'Other' })],
    ]);
    expect(sent).toEqual([UPSERT_BATCH_STATEMENT.name]);
    expect(value(a).customer).toMatchObject({ givenName: null, familyName: 'Family', phoneNumber: '+61401234567', metadata: null, version: 2 });
    expect(value(b).customer).toMatchObject({ givenName: 'Given', familyName: 'Other', phoneNumber: '+61401234567', metadata: { tier: 'gold' }, version: 2 });
    expect(await stored(first)).toEqual([expect.objectContaining({ given_name: null, family_name: 'Family', metadata: null, version: 2 })]);
    expect(await stored(second)).toEqual([expect.objectContaining({ given_name: 'Given', family_name: 'Other', metadata: { tier: 'gold' } })]);
  });

  it('the same key twice goes in separate statements, in arrival order, each with its own version', async () => {
    const [repeated, other] = [email('twice'), email('other')];
    const { runner, sent } = recordingRunner();
    const [first, middle, second] = await sameTurn(runner, [
      [tenants.merchantA, consumer({ emailAddress: repeated, givenName: 'First' })],
      [tenants.merchantA, consumer({ emailAddress: other })],
      [tenants.merchantA, consumer({ emailAddress: repeated.toUpperCase(), givenName: 'Second' })],
    ]);
    expect(sent).toEqual([UPSERT_BATCH_STATEMENT.name, UPSERT_CUSTOMER_STATEMENT.name]);
    expect([value(first).outcome, value(first).customer.version, value(first).customer.givenName]).toEqual(['CREATED', 1, 'First']);
    expect([value(second).outcome, value(second).customer.version, value(second).customer.givenName]).toEqual(['UPDATED', 2, 'Second']);
    expect(value(second).customer.customerId).toBe(value(first).customer.customerId);
    expect(value(middle).outcome).toBe('CREATED');
  });

  it('the same email under two merchants is two customers, in one statement', async () => {
    const shared = email('shared');
    const { runner, sent } = recordingRunner();
    const [a, b] = await sameTurn(runner, [
      [tenants.merchantA, consumer({ emailAddress: shared, givenName: 'A' })],
      [tenants.merchantB, consumer({ emailAddress: shared, givenName: 'B' })],
    ]);
    expect(sent).toEqual([UPSERT_BATCH_STATEMENT.name]);
    expect(value(a).customer).toMatchObject({ merchantId: tenants.merchantA, givenName: 'A' });
    expect(value(b).customer).toMatchObject({ merchantId: tenants.merchantB, givenName: 'B' });
    expect((await stored(shared)).map((row) => row.given_name).sort()).toEqual(['A', 'B']);
  });

  it('a row that fails fails only its own request; the rest of the batch is written', async () => {
    const reference = `REF-${process.pid}-${++sequence}`;
    await upsertCustomer(database.db.sql, tenants.merchantA, { kind: 'organisation', referenceCustomerId: reference, organisationName: 'Holder' });
    const [good1, good2] = [email('good1'), email('good2')];
    const { runner, sent } = recordingRunner();
    const [g1, clash, g2] = await sameTurn(runner, [
      [tenants.merchantA, consumer({ emailAddress: good1 })],
      [tenants.merchantA, consumer({ emailAddress: email('clash'), referenceCustomerId: reference })],
      [tenants.merchantA, consumer({ emailAddress: good2 })],
    ]);
    expect(clash!.status).toBe('rejected');
    const reason = (clash as PromiseRejectedResult).reason as AppError;
    expect(reason).toBeInstanceOf(AppError);
    expect(reason.errorCode).toBe('reference_customer_id_taken');
    expect([value(g1).outcome, value(g2).outcome]).toEqual(['CREATED', 'CREATED']);
    expect(sent[0]).toBe(UPSERT_BATCH_STATEMENT.name);
    expect(await stored(good1)).toHaveLength(1);
    expect(await stored(good2)).toHaveLength(1);
  });

  it('a database that cannot be reached fails the whole batch with 503, and writes nothing', async () => {
    const gone = await openDatabase(database.url, TEST_TUNING);
    await gone.close();
    const emails = [email('gone1'), email('gone2'), email('gone3')];
    const results = await sameTurn(gone.sql, emails.map((e) => [tenants.merchantA, consumer({ emailAddress: e })] as [string, UpsertCustomerCommand]));
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ServiceUnavailable);
    }
    for (const e of emails) expect(await stored(e)).toEqual([]);
  });

  it('an error outside the database fails its batch once and writes nothing twice', async () => {
    const emails = [email('odd1'), email('odd2')];
    const failing: SqlRunner = {
      query: async (statement, values) => {
        if (statement.name === UPSERT_BATCH_STATEMENT.name) throw new Error('not a database error');
        return database.db.sql.query(statement, values);
      },
    };
    const results = await sameTurn(failing, emails.map((e) => [tenants.merchantA, consumer({ emailAddress: e })] as [string, UpsertCustomerCommand]));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    for (const e of emails) expect(await stored(e)).toEqual([]);
  });
});

describe('batches against each other', () => {
  it('two instances writing the same keys in opposite orders never deadlock and lose no change', async () => {
    const keys = Array.from({ length: 24 }, (_, i) => email(`cross${i}`));
    const one = recordingRunner();
    const two = recordingRunner();
    const rounds = 5;
    const all: Promise<PromiseSettledResult<UpsertCustomerResult>[]>[] = [];
    for (let round = 0; round < rounds; round++) {
      all.push(sameTurn(one.runner, keys.map((k) => [tenants.merchantC, consumer({ emailAddress: k, givenName: `one${round}` })])));
      all.push(sameTurn(two.runner, [...keys].reverse().map((k) => [tenants.merchantC, consumer({ emailAddress: k, givenName: `two${round}` })])));
    }
    const results = (await Promise.all(all)).flat();
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    // Rows locked in one order: no batch failed (a deadlock would have sent its rows one by one).
    expect([...one.sent, ...two.sent]).not.toContain(UPSERT_CUSTOMER_STATEMENT.name);
    const changes = results.filter((result) => value(result).outcome !== 'UNCHANGED').length;
    const versions = await queryDatabase<{ total: string }>(
      database.url,
      `SELECT sum(version) AS total FROM customers WHERE email_address = ANY($1)`,
      [keys],
    );
    expect(Number(versions[0]!.total)).toBe(changes);
  });
});

describe('a batch is the same as its requests one by one, in arrival order', () => {
  const fieldValue = {
    givenName: fc.constantFrom(undefined, null, 'Ann', 'Bob'),
    familyName: fc.constantFrom(undefined, null, 'Lee'),
    phoneNumber: fc.constantFrom(undefined, null, '+61400000001'),
    isVerified: fc.constantFrom(undefined, null, true, false),
    metadata: fc.constantFrom(undefined, null, { a: 1 }, { b: [true] }),
  };
  const request = fc.record({ key: fc.nat(4), merchant: fc.nat(1), ...fieldValue });

  it('holds for random requests over few keys (seeded)', async () => {
    await assertProperty(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 14 }), async (requests) => {
        const run = ++sequence;
        const merchants = [tenants.merchantA, tenants.merchantD];
        const commands = requests.map(({ key, merchant, ...fields }) => {
          const command: Record<string, unknown> = { kind: 'consumer', emailAddress: `p${run}.${key}@prop.com` };
          for (const [field, v] of Object.entries(fields)) if (v !== undefined) command[field] = v;
          return [merchants[merchant]!, command as unknown as UpsertCustomerCommand] as [string, UpsertCustomerCommand];
        });
        // The model: each request applied alone, in order.
        const model = new Map<string, { version: number; fields: Record<string, unknown> }>();
        const expected = commands.map(([merchantId, command]) => {
          const id = `${merchantId}/${command.emailAddress}`;
          const { kind: _k, emailAddress: _e, ...sent } = command as unknown as Record<string, unknown>;
          const current = model.get(id);
          if (!current) {
            model.set(id, { version: 1, fields: { ...sent } });
            return { outcome: 'CREATED', version: 1 };
          }
          const next = { ...current.fields, ...sent };
          const names = new Set([...Object.keys(next), ...Object.keys(current.fields)]);
          const same = [...names].every((n) => JSON.stringify(next[n] ?? null) === JSON.stringify(current.fields[n] ?? null));
          if (same) return { outcome: 'UNCHANGED', version: current.version };
          model.set(id, { version: current.version + 1, fields: next });
          return { outcome: 'UPDATED', version: current.version + 1 };
        });
        const { runner } = recordingRunner();
        const results = await sameTurn(runner, commands);
        expect(results.map((result) => ({ outcome: value(result).outcome, version: value(result).customer.version }))).toEqual(expected);
        for (const [id, { fields }] of model) {
          const [merchantId, emailAddress] = id.split('/');
          const [row] = await queryDatabase<Record<string, unknown>>(
            database.url,
            `SELECT given_name AS "givenName", family_name AS "familyName", phone_number AS "phoneNumber", is_verified AS "isVerified", metadata
             FROM customers WHERE merchant_id = $1 AND business_key = $2`,
            [merchantId, emailAddress],
          );
          for (const name of Object.keys(fieldValue)) expect([name, row![name]]).toEqual([name, fields[name] ?? null]);
        }
      }),
      { numRuns: 25 },
    );
  });
});
