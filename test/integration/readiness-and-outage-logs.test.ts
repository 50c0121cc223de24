import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { READINESS_CACHE_MS } from '../../src/database/readiness-check';
import { openRequestDatabase, type RequestDatabase } from '../../src/database/request-database';
import { generateSecret } from '../../src/tenancy/secrets';
import { captureLogs } from '../helpers/test-app';
import { onServer, queryDatabase, TEST_TUNING } from '../helpers/test-database';
import { waitUntil } from '../helpers/upsert-load';

/**
 * The app on an empty database of the test's own that nothing else uses: the server's
 * count of committed transactions on it is then the count of the app's statements.
 */
interface Isolated {
  readonly app: FastifyInstance;
  readonly requests: RequestDatabase;
  readonly name: string;
  readonly logs: Record<string, unknown>[];
  readonly rawLogs: string[];
}

const opened: Isolated[] = [];
async function startOnEmptyDatabase(): Promise<Isolated> {
  const name = `cg_ready_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: url.toString(), RATE_LIMIT_MAX: '0' });
  const requests = openRequestDatabase(url.toString(), TEST_TUNING);
  const { logStream, logs, rawLogs } = captureLogs();
  const app = await buildApp({ config, db: requests, logStream });
  const isolated = { app, requests, name, logs, rawLogs };
  opened.push(isolated);
  return isolated;
}
afterAll(async () => {
  for (const { app, requests, name } of opened) {
    await app.close();
    await requests.close().catch(() => undefined);
    await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
});

/** Committed transactions on `name`, read once its sessions have ended (a session reports its counts when it ends). */
async function committedOn(name: string): Promise<number> {
  let last = -1;
  let stable = 0;
  await waitUntil(async () => {
    const [row] = await queryDatabase<{ backends: number; commits: string }>(
      process.env.DATABASE_URL!,
      'SELECT numbackends AS backends, xact_commit AS commits FROM pg_stat_database WHERE datname = $1',
      [name],
    );
    stable = row!.backends === 0 && Number(row!.commits) === last ? stable + 1 : 0;
    last = Number(row!.commits);
    return stable >= 3;
  }, 10_000, `the sessions on ${name} to end and report`);
  return last;
}

describe('/health/ready under a flood', () => {
  it('many concurrent calls cost the database about one SELECT 1 a second', async () => {
    const isolated = await startOnEmptyDatabase();
    const before = await committedOn(isolated.name);
    const started = Date.now();
    let calls = 0;
    const statuses = new Map<number, number>();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (Date.now() - started < 2500) {
          const reply = await isolated.app.inject({ method: 'GET', url: '/health/ready' });
          calls++;
          statuses.set(reply.statusCode, (statuses.get(reply.statusCode) ?? 0) + 1);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    await isolated.requests.close();
    const statements = (await committedOn(isolated.name)) - before;
    console.log(`/health/ready flood: ${calls} calls in ${seconds.toFixed(1)} s, ${statements} transactions on the database (cache ${READINESS_CACHE_MS} ms)`);
    expect(Object.fromEntries(statuses)).toEqual({ 200: calls });
    expect(calls).toBeGreaterThan(200);
    expect(statements).toBeGreaterThanOrEqual(1);
    // One a second, plus the connection's own start-up and a second of slack either side.
    expect(statements).toBeLessThanOrEqual(Math.ceil(seconds) + 3);
  });
});

describe('a 503 in the log', () => {
  it('carries the database cause (its code and message), and no SQL', async () => {
    const isolated = await startOnEmptyDatabase();
    expect((await isolated.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    await onServer(`ALTER DATABASE ${isolated.name} ALLOW_CONNECTIONS false`);
    await onServer(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${isolated.name}'`);

    const upsert = await isolated.app.inject({
      method: 'POST', url: '/customers',
      headers: { authorization: `Bearer ${generateSecret('merchant_token', 'sandbox')}` },
      payload: { UpsertConsumerCustomer: { emailAddress: 'kate@star.com' } },
    });
    expect(upsert.statusCode).toBe(503);
    // The readiness answer is kept about a second: poll until it says what the upsert found.
    await waitUntil(async () => (await isolated.app.inject({ method: 'GET', url: '/health/ready' })).statusCode === 503, 5000, '/health/ready to answer 503');

    const tracer = upsert.headers['x-tracer'];
    const ofRequest = isolated.logs.filter((line) => line.tracer === tracer && line.err !== undefined);
    // The database's own failure, as PostgreSQL reported it: an SQLSTATE and its message.
    const causeOf = (line: Record<string, unknown>) => {
      const err = line.err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
      return err.cause ?? err;
    };
    const sqlState = /^[0-9A-Z]{5}$/;
    expect(ofRequest.length).toBeGreaterThan(0);
    for (const line of ofRequest) expect(causeOf(line)).toMatchObject({ code: expect.stringMatching(sqlState), message: expect.any(String) });
    const outage = isolated.logs.filter((line) => line.msg === 'database stopped answering: requests that need it answer 503 until it is back');
    expect(outage).toHaveLength(1);
    expect(causeOf(outage[0]!)).toMatchObject({ code: expect.stringMatching(sqlState) });
    console.log(`503 logged with causes: ${[...ofRequest, ...outage].map((line) => `${causeOf(line).code} ${causeOf(line).message}`).join('; ')}`);
    expect(isolated.rawLogs.filter((line) => /SELECT|FROM credentials|kate@star\.com/i.test(line))).toEqual([]);
    await onServer(`ALTER DATABASE ${isolated.name} ALLOW_CONNECTIONS true`);
  });
});
