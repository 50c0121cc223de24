'use strict';
/**
 * A child process for the tracing test. OpenTelemetry patches modules as Node's own
 * require loads them, which Jest's module registry bypasses: so the service runs
 * here, under plain node, with the service's own tracing set-up (startTracing) and
 * an in-memory exporter in place of OTLP. It upserts once through each door with a
 * caller's traceparent, then prints the finished spans as one JSON line on stdout.
 */
const { InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');

const exporter = new InMemorySpanExporter();
// First, as src/telemetry.ts does in main: before http, fastify, graphql and pg load.
require('../../dist/src/observability/tracing').startTracing({ spanProcessor: new SimpleSpanProcessor(exporter) });
require('reflect-metadata');
const { buildApp } = require('../../dist/src/app');
const { loadConfig } = require('../../dist/src/config');
const { openDatabase } = require('../../dist/src/database/database');
const { ENTITIES } = require('../../dist/src/entities');
const { TenancyAdmin } = require('../../dist/src/tenancy/tenancy-admin');

const DOORS = JSON.parse(process.env.TRACED_DOORS);

async function send(baseUrl, door, secret) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${secret}`, traceparent: door.traceparent };
  const body =
    door.name === 'rest'
      ? { UpsertConsumerCustomer: { emailAddress: door.email } }
      : {
          query: 'mutation TracedUpsert($input: CustomerInput!) { upsertCustomer(input: $input) { customerId outcome customer { customerId emailAddress } } }',
          variables: { input: { consumer: { emailAddress: door.email } } },
        };
  const response = await fetch(`${baseUrl}${door.name === 'rest' ? '/customers' : '/graphql'}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

async function main() {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: process.env.DATABASE_URL, RATE_LIMIT_MAX: '0' });
  const db = await openDatabase(config.databaseUrl, { poolSize: 4, statementTimeoutMs: 10_000, acquireTimeoutMs: 5_000, entities: ENTITIES });
  const app = await buildApp({ config, db });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const admin = new TenancyAdmin((await db.orm()).em);
  const merchant = await admin.createMerchant('Traced Merchant');
  const { secret } = await admin.issueSecret({ merchantId: merchant.id });
  exporter.reset(); // the seed's own statements are no part of a request
  const answers = [];
  for (const door of DOORS) answers.push(await send(baseUrl, door, secret));
  // And one REST read (its query runs compiled when tracing is off).
  const read = JSON.parse(process.env.TRACED_READ);
  const readResponse = await fetch(`${baseUrl}/customers`, { headers: { authorization: `Bearer ${secret}`, traceparent: read.traceparent } });
  const readAnswer = { status: readResponse.status, body: await readResponse.json() };
  // The server span ends when the response has been written: poll until each trace has one.
  const deadline = Date.now() + 10_000;
  const serverSpanOf = (traceId) => exporter.getFinishedSpans().some((s) => s.spanContext().traceId === traceId && s.kind === 1);
  while (![...DOORS, read].every((door) => serverSpanOf(door.traceId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const spans = exporter.getFinishedSpans().map((s) => ({
    name: s.name,
    kind: s.kind,
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId,
    startNs: s.startTime[0] * 1e9 + s.startTime[1],
    attributes: s.attributes,
  }));
  process.stdout.write(`${JSON.stringify({ answers, readAnswer, spans })}\n`);
  await app.close();
  await db.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
