import { bearer, postCustomer } from '../helpers/clients';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { onServer, queryDatabase } from '../helpers/test-database';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ DATABASE_ACQUIRE_TIMEOUT_MS: '1000', STATEMENT_TIMEOUT_MS: '2000', CREDENTIAL_CACHE_TTL_MS: '60000', LOG_LEVEL: 'warn' });
});
afterAll(() => t.close());


interface Outcome {
  status: number | 'network';
  startedAt: number;
  ms: number;
  id?: string;
  email: string;
  retryAfter?: string | null;
  errorCode?: string;
  tracer?: string | null;
}

describe('the database goes away under load and comes back', () => {
  it('answers 503 quickly while it is down, recovers by itself, and loses no acknowledged write', async () => {
    const headers = bearer(t.tenants.secrets.merchantA);
    const outcomes: Outcome[] = [];
    let running = true;
    let sequence = 0;
    const lanes = Array.from({ length: 6 }, async () => {
      while (running) {
        const email = `outage.${sequence++}@star.com`;
        const startedAt = Date.now();
        try {
          const result = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: email } }, headers);
          outcomes.push({
            status: result.status, startedAt, ms: Date.now() - startedAt, email,
            id: result.body.customerId, retryAfter: result.headers.get('retry-after'), errorCode: result.body.errorCode,
            tracer: result.headers.get('x-tracer'),
          });
        } catch {
          outcomes.push({ status: 'network', startedAt, ms: Date.now() - startedAt, email });
        }
        if (outcomes.at(-1)!.status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });

    await new Promise((resolve) => setTimeout(resolve, 700));
    await onServer(`ALTER DATABASE ${t.database.name} ALLOW_CONNECTIONS false`);
    // Termination is asynchronous, and a connection caught mid-start-up may not be listed
    // yet: sweep twice, and count the outage from the second sweep.
    const terminate = `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${t.database.name}'`;
    await onServer(terminate);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await onServer(terminate);
    const downAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await onServer(`ALTER DATABASE ${t.database.name} ALLOW_CONNECTIONS true`);
    const upAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    running = false;
    await Promise.all(lanes);

    const during = outcomes.filter((o) => o.startedAt > downAt + 100 && o.startedAt + o.ms < upAt);
    const unavailable = outcomes.filter((o) => o.status === 503);
    const acknowledged = outcomes.filter((o) => o.status === 200);
    const firstAfter = outcomes.filter((o) => o.status === 200 && o.startedAt >= upAt).sort((a, b) => a.startedAt + a.ms - (b.startedAt + b.ms))[0];

    // Anything else fails the test with the error the service logged for it.
    const unexpected = outcomes
      .filter((o) => o.status !== 200 && o.status !== 503)
      .map((o) => ({ ...o, logged: t.logs.filter((line) => line.tracer === o.tracer && Number(line.level) >= 50).map((line) => line.err) }));
    expect(unexpected).toEqual([]);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((o) => o.status === 503)).toBe(true);
    expect(unavailable.every((o) => o.errorCode === 'service_unavailable' && Number(o.retryAfter) > 0)).toBe(true);
    const longest503 = Math.max(...unavailable.map((o) => o.ms));
    expect(longest503).toBeLessThan(t.config.requestTimeoutMs);
    expect(firstAfter).toBeDefined();
    const recoveryMs = firstAfter!.startedAt + firstAfter!.ms - upAt;
    expect(recoveryMs).toBeLessThan(2500);

    const stored = await queryDatabase<{ id: string; email_address: string }>(
      t.database.url,
      'SELECT id, email_address FROM customers WHERE id = ANY($1)',
      [acknowledged.map((o) => o.id)],
    );
    const byId = new Map(stored.map((row) => [row.id, row.email_address]));
    const lost = acknowledged.filter((o) => byId.get(o.id!) !== o.email);
    expect(lost).toEqual([]);
    console.log(
      `outage: ${outcomes.length} sent, ${acknowledged.length} acknowledged, ${unavailable.length} answered 503, lost ${lost.length}; ` +
        `longest time to a 503 ${longest503} ms; recovered ${recoveryMs} ms after the database came back`,
    );
  });
});
