import path from 'node:path';
import { bearer } from '../helpers/clients';
import { startServiceProcess, UNBUNDLED_MAIN } from '../helpers/service-process';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { TenancyAdmin } from '../../src/tenancy/tenancy-admin';

// Issue 9: a production start on a current schema loads only what the first upsert needs.
// What the upsert path does without is loaded when first asked for: the migrator and the
// ORM (a pending migration, the demo seed), graphql-jit (compiled after the first REST
// request has been answered), Fastify's schema compilers (a route with a schema), Apollo's
// usage-reporting protobuf (never here).
const NOT_AT_START = ['@mikro-orm/core', 'knex', 'ioredis', 'graphql-jit', 'ajv', '@apollo/usage-reporting-protobuf'];

let database: TestDatabase;
let secret: string;
beforeAll(async () => {
  database = await createTestDatabase();
  const admin = new TenancyAdmin((await database.db.orm()).em);
  secret = (await admin.issueSecret({ merchantId: (await admin.createMerchant('Footprint')).id })).secret;
}, 60_000);
afterAll(() => database?.drop());

interface Loaded {
  /** When the first upsert's answer went out. */
  atFirstUpsert: string[];
  /** When the process exited. */
  atExit: string[];
  stderr: string[];
}
const packagesOn = (stderr: string[], line: RegExp) => line.exec(stderr.join(''))![1]!.split(' ');

async function upsertThenStop(options: { read?: boolean; unbundled?: boolean } = {}): Promise<Loaded> {
  const service = await startServiceProcess(
    {
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      NODE_OPTIONS: `--require ${path.join(__dirname, '../helpers/loaded-packages.js')}`,
    },
    options.unbundled ? UNBUNDLED_MAIN : undefined,
  );
  try {
    const upsert = await fetch(`${service.baseUrl}/customers`, {
      method: 'POST',
      headers: { ...bearer(secret), 'content-type': 'application/json' },
      body: JSON.stringify({ UpsertConsumerCustomer: { emailAddress: 'footprint@star.com' } }),
    });
    expect(upsert.status).toBe(200);
    const { customerId } = (await upsert.json()) as { customerId: string };
    if (options.read) expect((await fetch(`${service.baseUrl}/customers/${customerId}`, { headers: bearer(secret) })).status).toBe(200);
  } finally {
    expect((await service.stop()).code).toBe(0);
  }
  return {
    atFirstUpsert: packagesOn(service.stderr, /loaded at the first upsert's answer: (.*)/),
    atExit: packagesOn(service.stderr, /loaded packages: (.*)/),
    stderr: service.stderr,
  };
}

describe('what a production start loads', () => {
  it('serves its first upsert without the ORM, graphql-jit, Ajv or Apollo usage reporting (main.js unbundled)', async () => {
    const { atFirstUpsert, atExit } = await upsertThenStop({ unbundled: true });
    expect(atFirstUpsert).toEqual(expect.arrayContaining(['fastify', 'graphql', 'pg']));
    expect(atFirstUpsert).not.toContain('(bundle)');
    for (const name of NOT_AT_START) expect(atFirstUpsert).not.toContain(name);
    // Once answered, the upsert is compiled; nothing else of the list is loaded.
    expect(atExit).toContain('graphql-jit');
    for (const name of NOT_AT_START.filter((name) => !['graphql-jit', 'ajv'].includes(name))) expect(atExit).not.toContain(name);
  });

  // npm start's form: the bundle holds fastify, graphql and pg, so they are not required from
  // node_modules at all; everything kept out of it is still required only when needed.
  it('runs the bundle, which requires none of what it keeps outside before the first upsert, and answers a read', async () => {
    const { atFirstUpsert, atExit, stderr } = await upsertThenStop({ read: true });
    expect(atFirstUpsert).toContain('(bundle)');
    expect(atFirstUpsert).not.toContain('fastify');
    for (const name of NOT_AT_START) expect(atFirstUpsert).not.toContain(name);
    // graphql-jit is inside the bundle (it must share its graphql); fast-json-stringify, which
    // only it needs here, is not: loaded once the operations compiled, and none failed to.
    expect(atExit).toContain('fast-json-stringify');
    expect(stderr.join('')).not.toMatch(/uncompiled/);
  });
});
