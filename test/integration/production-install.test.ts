import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bearer, postCustomer } from '../helpers/clients';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { TenancyAdmin } from '../../src/tenancy/tenancy-admin';

const ROOT = path.join(__dirname, '../..');
// What a clean clone holds that `npm start` needs; tests, benches and node_modules stay behind.
const SHIPPED = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'mikro-orm.config.ts', 'src', 'scripts'];

/** npm without the npm_config_* of the `npm test` that runs this file. */
const npmEnv = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir(), ...extra });

jest.setTimeout(300_000);

describe('a production install: npm ci --omit=dev, then npm start', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'customer-gateway-prod-'));
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    for (const entry of SHIPPED) cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs on Node 20 with no EBADENGINE and no dev dependency, and starts, serves and stops', async () => {
    const installStarted = Date.now();
    const install = spawnSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, env: npmEnv(), encoding: 'utf8' });
    expect(install.status).toBe(0);
    const installMs = Date.now() - installStarted;
    expect(`${install.stdout}${install.stderr}`).not.toMatch(/EBADENGINE/);
    expect(existsSync(path.join(dir, 'node_modules/jest'))).toBe(false);
    expect(existsSync(path.join(dir, 'node_modules/typescript'))).toBe(true);

    const admin = new TenancyAdmin((await database.db.orm()).em);
    const merchant = await admin.createMerchant('Production Shop');
    const { secret } = await admin.issueSecret({ merchantId: merchant.id });

    // Its own process group, so that SIGTERM reaches npm, sh and the service alike.
    const child = spawn('npm', ['start'], {
      cwd: dir,
      detached: true,
      env: npmEnv({ DATABASE_URL: database.url, NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // 'close', not 'exit': the service, a grandchild, holds the pipes until it has drained and stopped.
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    try {
      const deadline = Date.now() + 120_000;
      while (!/listening on http:\/\/\S+/.test(output)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const baseUrl = /listening on (http:\/\/\S+)/.exec(output)![1]!.replace('localhost', '127.0.0.1');
      expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);
      // The explorers' assets are runtime dependencies too.
      expect((await fetch(`${baseUrl}/graphiql/graphiql.js`)).status).toBe(200);
      expect((await fetch(`${baseUrl}/docs/swagger-ui-bundle.js`)).status).toBe(200);
      const created = await postCustomer(baseUrl, { UpsertConsumerCustomer: { emailAddress: 'prod@star.com' } }, bearer(secret));
      expect(created.status).toBe(200);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    expect(output).toMatch(/customer-gateway stopped\./);
    console.log(`production install: npm ci --omit=dev ${installMs} ms, then npm start (tsc build included) to a served upsert`);
  });
});
