import { UPSERT_BATCH_STATEMENT, UPSERT_CUSTOMER_STATEMENT } from '../../src/customers/customer-statements.generated';
import { upsertCustomer } from '../../src/customers/upsert-customer';
import { bearer, graphql, UPSERT_MUTATION } from '../helpers/clients';
import { consumerInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';
import type { SqlRunner } from '../../src/database/sql-runner';
import { Client } from 'pg';

const original = Client.prototype.query;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('one atomic statement decides create or update', () => {
  it('one statement per batch, and a lone upsert is one statement: the prepared upsert', async () => {
    const sent: string[] = [];
    const counting: SqlRunner = {
      query: (statement, values) => {
        sent.push(statement.name);
        return t.database.db.sql.query(statement, values);
      },
    };
    await upsertCustomer(counting, t.tenants.merchantA, { kind: 'consumer', emailAddress: 'count@star.com' });
    await upsertCustomer(counting, t.tenants.merchantA, { kind: 'consumer', emailAddress: 'count@star.com', givenName: 'C' });
    expect(sent).toEqual([UPSERT_CUSTOMER_STATEMENT.name, UPSERT_CUSTOMER_STATEMENT.name]);
    await Promise.all(
      ['count.1@star.com', 'count.2@star.com', 'count.3@star.com'].map((emailAddress) =>
        upsertCustomer(counting, t.tenants.merchantA, { kind: 'consumer', emailAddress }),
      ),
    );
    expect(sent).toEqual([UPSERT_CUSTOMER_STATEMENT.name, UPSERT_CUSTOMER_STATEMENT.name, UPSERT_BATCH_STATEMENT.name]);
  });

  it('on the wire, one upsert is one query: the INSERT … ON CONFLICT', async () => {
    const seen: string[] = [];
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: any[]) {
      const config = args[0];
      seen.push(typeof config === 'string' ? config : config.text);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as never);
    try {
      await upsertCustomer(t.database.db.sql, t.tenants.merchantA, { kind: 'consumer', emailAddress: 'wire@star.com' });
    } finally {
      spy.mockRestore();
    }
    expect(seen).toHaveLength(1);
    // Written by MikroORM's QueryBuilder, which quotes identifiers and writes keywords in lower case.
    expect(seen[0]).toMatch(/^insert into "customers"[\s\S]*on conflict \("merchant_id", "kind", "business_key"\) do update[\s\S]*returning/i);
  });

  it('a storm of 150 concurrent upserts of one key ends with one customer and no error', async () => {
    const headers = bearer(t.tenants.secrets.merchantA);
    const email = 'storm@star.com';
    const results = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: consumerInput({ emailAddress: i % 2 ? email : email.toUpperCase(), givenName: `G${i % 7}` }) } }, headers),
      ),
    );
    expect(results.filter((r) => r.status !== 200 || r.body.errors)).toEqual([]);
    const ids = new Set(results.map((r) => r.body.data.upsertCustomer.customerId));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.body.data.upsertCustomer.outcome === 'CREATED')).toHaveLength(1);
    const rows = await queryDatabase<{ n: string }>(t.database.url, `SELECT count(*) AS n FROM customers WHERE business_key = $1`, [email]);
    expect(rows[0]!.n).toBe('1');
  });

  it('version counts exactly the upserts that changed something, under concurrency', async () => {
    const headers = bearer(t.tenants.secrets.merchantA);
    const email = 'versions@star.com';
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: { emailAddress: email, givenName: `N${i}` } } }, headers),
      ),
    );
    const changed = results.filter((r) => r.body.data.upsertCustomer.outcome !== 'UNCHANGED').length;
    const [row] = await queryDatabase<{ version: number }>(t.database.url, `SELECT version FROM customers WHERE business_key = $1`, [email]);
    expect(row!.version).toBe(changed);
  });
});
