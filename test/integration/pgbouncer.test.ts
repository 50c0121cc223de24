import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../src/database/database';
import { TenancyAdmin } from '../../src/tenancy/tenancy-admin';
import { bearer, graphql, postCustomer, UPSERT_MUTATION } from '../helpers/clients';
import { pgbouncerBinary, startPgbouncer, type Pgbouncer } from '../helpers/pgbouncer';
import { inParallel, startServiceProcess, type ServiceProcess } from '../helpers/service-process';
import { seedTenants, type Tenants } from '../helpers/test-app';
import { onServer, queryDatabase, TEST_TUNING } from '../helpers/test-database';

const MAIN = path.join(__dirname, '../../dist/src/start.js');

// Reported as skipped, never passed, on a machine without pgbouncer (.ci/run installs it).
const withPgbouncer = pgbouncerBinary ? describe : describe.skip;

function databaseUrl(name: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs the compiled service until it exits by itself; resolves with its code and what it wrote. */
function startExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', METRICS_PORT: '0', SEED_DEMO_TENANT: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.join('') });
    }),
  );
}

withPgbouncer('behind pgbouncer in transaction mode (DATABASE_POOLER=transaction)', () => {
  const name = `cg_test_${randomBytes(6).toString('hex')}`;
  let bouncer: Pgbouncer;
  let service: ServiceProcess;
  let admin: Database;
  let tenants: Tenants;

  beforeAll(async () => {
    // An empty database: the service's own start migrates it, through pgbouncer.
    await onServer(`CREATE DATABASE ${name}`);
    bouncer = await startPgbouncer(databaseUrl(name));
    service = await startServiceProcess({ DATABASE_URL: bouncer.url, DATABASE_POOLER: 'transaction', CREDENTIAL_CACHE_TTL_MS: '0' });
    // The admin CLI's path (MikroORM) through pgbouncer too.
    admin = await openDatabase(bouncer.url, { ...TEST_TUNING, pooler: 'transaction' });
    tenants = await seedTenants(new TenancyAdmin((await admin.orm()).em));
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await admin?.close();
    await bouncer?.stop();
    await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('without the setting, start-up names the pooler and the setting, not an unreachable database', async () => {
    const { code, output } = await startExpectingFailure({ DATABASE_URL: bouncer.url });
    expect(code).toBe(1);
    expect(output).toMatch(/pooler.*DATABASE_POOLER=transaction/);
    expect(output).not.toMatch(/could not be reached/);
  });

  it('concurrent REST and GraphQL upserts, with and without Idempotency-Key, all succeed over 4 shared server connections', async () => {
    const headers = bearer(tenants.secrets.merchantA);
    const tasks = Array.from({ length: 800 }, (_, i) => async () => {
      const fields = { emailAddress: `bouncer.${i % 200}@star.com`, givenName: `given-${i}` };
      const keyed = i % 4 === 0 ? { ...headers, 'idempotency-key': `bouncer-${i}` } : headers;
      const result =
        i % 2 === 0
          ? await postCustomer(service.baseUrl, { UpsertConsumerCustomer: fields }, keyed)
          : await graphql(service.baseUrl, UPSERT_MUTATION, { input: { consumer: fields } }, keyed);
      return { door: i % 2 === 0 ? 'rest' : 'graphql', ok: result.status === 200 && !result.body.errors, body: result.body };
    });
    const results = await inParallel(tasks, 50);
    const failures = results.filter((r) => !r.ok).map((r) => JSON.stringify(r.body).slice(0, 200));
    expect(failures).toEqual([]);
    const [{ count }] = await queryDatabase<{ count: string }>(databaseUrl(name), 'SELECT count(*) FROM customers WHERE merchant_id = $1', [tenants.merchantA]);
    expect(Number(count)).toBe(200);
    const rest = results.filter((r) => r.door === 'rest' && r.ok).length;
    const gql = results.filter((r) => r.door === 'graphql' && r.ok).length;
    console.log(`pgbouncer (transaction mode, 4 server connections): REST ${rest}/400 and GraphQL ${gql}/400 succeeded`);
  });

  // Listings are named statements on a direct connection; through a transaction pooler the
  // same shapes must run unnamed, whichever server connection each lands on.
  it('concurrent listings of many shapes all answer over the shared server connections', async () => {
    const sorts = ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'emailAddress', '-familyName,createdAt', 'organisationName,-emailAddress'];
    const tasks = Array.from({ length: 140 }, (_, i) => async () => {
      const reply = await fetch(`${service.baseUrl}/customers?limit=500&sort=${sorts[i % sorts.length]}`, { headers: bearer(tenants.secrets.merchantA) });
      const body = (await reply.json()) as unknown[];
      return { status: reply.status, count: Array.isArray(body) ? body.length : -1 };
    });
    const results = await inParallel(tasks, 20);
    expect(results.filter((r) => r.status !== 200 || r.count !== 200)).toEqual([]);
  });
});
