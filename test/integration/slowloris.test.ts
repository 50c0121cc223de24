import { connect, type Socket } from 'node:net';
import { consumerInput } from '../helpers/builders';
import { bearer, postCustomer } from '../helpers/clients';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { waitUntil } from '../helpers/upsert-load';

// The shortest request deadline the service takes; its header deadline follows it (src/app.ts).
const REQUEST_TIMEOUT_MS = 2000;
const SLOW_CONNECTIONS = 200;
const BYTE_EVERY_MS = 300;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), LOG_LEVEL: 'warn' });
});
afterAll(() => t.close());

interface Slow {
  socket: Socket;
  openedAt: number;
  closedAt?: number;
  answer: string;
}

/** A connection that starts a request and then sends its headers one byte every BYTE_EVERY_MS, never finishing them. */
function openSlowConnection(baseUrl: string): Slow {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  const slow: Slow = { socket, openedAt: Date.now(), answer: '' };
  const drip = setInterval(() => socket.write('a'), BYTE_EVERY_MS);
  socket.on('connect', () => socket.write(`POST /customers HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: `));
  socket.on('data', (chunk) => (slow.answer += chunk.toString()));
  socket.on('error', () => undefined); // a reset after the server gives up is expected
  socket.on('close', () => {
    clearInterval(drip);
    slow.closedAt = Date.now();
  });
  return slow;
}

describe('slowloris: 200 connections sending their headers a byte at a time', () => {
  it('a normal client is fully served meanwhile, and the service cuts the slow ones off at its header deadline', async () => {
    const slow = Array.from({ length: SLOW_CONNECTIONS }, () => openSlowConnection(t.baseUrl));
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    try {
      // Upserts until every slow connection has been cut off, and at least 30 of them.
      const headers = bearer(t.tenants.secrets.merchantA);
      const deadline = Date.now() + REQUEST_TIMEOUT_MS + 8000;
      while ((latencies.length < 30 || slow.some((s) => s.closedAt === undefined)) && Date.now() < deadline) {
        const started = Date.now();
        const result = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, headers);
        latencies.push(Date.now() - started);
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      }
      await waitUntil(() => slow.every((s) => s.closedAt !== undefined), 1000, 'every slow connection to be closed');
    } finally {
      for (const s of slow) s.socket.destroy();
    }

    const sorted = [...latencies].sort((a, b) => a - b);
    const lifetimes = slow.map((s) => s.closedAt! - s.openedAt).sort((a, b) => a - b);
    console.log(
      `slowloris: ${SLOW_CONNECTIONS} slow connections, cut off after ${lifetimes[0]}–${lifetimes.at(-1)} ms ` +
        `(${slow.filter((s) => s.answer.startsWith('HTTP/1.1 408')).length} answered 408); normal client ${latencies.length} upserts, ` +
        `p50 ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms, answers ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(Object.fromEntries(statuses)).toEqual({ 200: latencies.length });
    // Served, not merely answered: no upsert waited anywhere near the slow connections' lifetime.
    expect(sorted.at(-1)).toBeLessThan(1500);
    // Cut off by the header deadline (checked once a second), not left to hang on.
    expect(lifetimes.at(-1)).toBeLessThan(REQUEST_TIMEOUT_MS + 3000);
    expect(lifetimes[0]).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(slow.filter((s) => !s.answer.startsWith('HTTP/1.1 408'))).toEqual([]);
  });
});
