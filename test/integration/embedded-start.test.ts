import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bearer, graphql, postCustomer } from '../helpers/clients';
import { freePort } from '../helpers/free-port';
import { startServiceProcess, waitForOutput, type ServiceProcess } from '../helpers/service-process';

const MAIN = path.join(__dirname, '../../dist/src/start.js');


/** Runs the service to its exit, for a start that is expected to fail. */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', PORT: '0', METRICS_PORT: '0', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('npm start with no DATABASE_URL: the embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'customer-gateway-start-'));
  let env: Record<string, string>;
  let first: ServiceProcess | undefined;

  beforeAll(async () => {
    env = { DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(await freePort()), NODE_ENV: 'development', LOG_LEVEL: 'warn', SEED_DEMO_TENANT: 'true' };
  });
  afterAll(async () => {
    await first?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on a fresh folder, prints demo secrets that work, refuses a second start on the same folder, and keeps data across a restart', async () => {
    const coldStart = Date.now();
    first = await startServiceProcess(env);
    const ready = await fetch(`${first.baseUrl}/health/ready`);
    const coldMs = Date.now() - coldStart;
    expect(ready.status).toBe(200);

    const printed = await waitForOutput(first.output, /Try it:/);
    const secret = /export MERCHANT_TOKEN=(sandbox_sk_\S+)/.exec(printed)?.[1];
    const key = /export MARKETPLACE_KEY=(sandbox_api_\S+)[^]*export MERCHANT_ID=(mcht_\S+)/.exec(printed);
    expect(secret).toBeDefined();
    expect(key).not.toBeNull();
    const created = await postCustomer(first.baseUrl, { UpsertConsumerCustomer: { emailAddress: 'kept@star.com', givenName: 'Kept' } }, bearer(secret!));
    expect(created.status).toBe(200);
    const viaKey = await postCustomer(first.baseUrl, { UpsertConsumerCustomer: { emailAddress: 'kept@star.com' } }, bearer(key![1]!, key![2]!));
    expect(viaKey.body.customerId).toBe(created.body.customerId);

    const second = await runToExit(env);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already running \(pid \d+\).*another instance of the service owns this data folder/);
    expect(second.stderr).not.toMatch(/\n\s+at /);

    const stopped = await first.stop('SIGTERM');
    first = undefined;
    expect(stopped.code).toBe(0);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const warmStart = Date.now();
    first = await startServiceProcess(env);
    expect((await fetch(`${first.baseUrl}/health/ready`)).status).toBe(200);
    const warmMs = Date.now() - warmStart;
    expect(await waitForOutput(first.output, /secrets were printed when it was created/)).not.toMatch(/sandbox_(sk|api)_/);
    const read = await graphql(first.baseUrl, `query($id: ID!) { customer(customerId: $id) { ... on ConsumerCustomer { givenName } } }`, { id: created.body.customerId }, bearer(secret!));
    expect(read.body.data.customer).toEqual({ givenName: 'Kept' });
    console.log(`embedded start: cold ${coldMs} ms to a ready answer (initdb included), second start ${warmMs} ms`);
  });
});
