// Upsert throughput, latency and memory of the service against a hand-written Fastify + pg endpoint,
// measured in one run on one PostgreSQL so that only the ratios mean anything on a shared machine.
//
//   npm run bench                      (embedded PostgreSQL; or set DATABASE_URL to a server to use)
//   BENCH_SECONDS=20 BENCH_CONNECTIONS=64 npm run bench
'use strict';
require('reflect-metadata');
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { openDatabase } = require('../dist/src/database/database');
const { startEmbeddedPostgres } = require('../dist/src/database/embedded-postgres');
const { TenancyAdmin } = require('../dist/src/tenancy/tenancy-admin');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
// Rounds interleave the three targets so that drift on a shared machine hits them alike; medians are reported.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const KEYS = 2000; // rotating business keys: a mix of inserts and updates
// Targets, as ratios to the baseline measured in the same run.
const TARGETS = { throughput: 0.4, p99: 3, rss: 4 };

function startProcess(script, env) {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    // The service prints its start-up text on stderr (stdout is for JSON logs); the baseline on stdout.
    const onData = (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1].replace('localhost', '127.0.0.1') });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      onData(chunk);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}`)));
  });
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

function load(url, secret, makeBody, title) {
  let n = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        title,
        connections: CONNECTIONS,
        duration: SECONDS,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(makeBody(n++ % KEYS, n)) }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

async function resetCustomers(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('TRUNCATE customers');
  await client.end();
}

async function main() {
  let embedded;
  let dataDir;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'customer-gateway-bench-'));
    embedded = await startEmbeddedPostgres(dataDir, 54400 + Math.floor(Math.random() * 500), { info: () => {}, debug: () => {} });
    serverUrl = embedded.url;
  }
  const db = await openDatabase(serverUrl, { poolSize: 2, statementTimeoutMs: 30000, acquireTimeoutMs: 10000 });
  const admin = new TenancyAdmin(db.orm.em);
  const merchant = await admin.createMerchant('Bench Merchant');
  const { secret } = await admin.issueSecret({ merchantId: merchant.id });
  await db.close();

  const env = { DATABASE_URL: serverUrl, PORT: '0', NODE_ENV: 'production', LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', SEED_DEMO_TENANT: 'false' };
  const baseline = await startProcess(path.join(__dirname, 'baseline-server.js'), env);
  const service = await startProcess(path.join(__dirname, '../dist/src/main.js'), env);
  const rest = (key, n) => ({ UpsertConsumerCustomer: { emailAddress: `bench.${key}@star.com`, givenName: `G${n % 7}`, familyName: 'Bench' } });
  const graphqlBody = (key, n) => ({
    query: 'mutation($input: CustomerInput!) { upsertCustomer(input: $input) { customerId merchantId } }',
    variables: { input: { consumer: rest(key, n).UpsertConsumerCustomer } },
  });

  const targets = [
    ['baseline  Fastify+pg  POST /customers', baseline, `${baseline.url}/customers`, rest],
    ['service   REST        POST /customers', service, `${service.url}/customers`, rest],
    ['service   GraphQL     POST /graphql', service, `${service.url}/graphql`, graphqlBody],
  ];
  for (const [, , url, body] of targets) await load(url, secret, body, 'warm-up'); // JIT and pools warm
  const samples = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, [name, target, url, body]] of targets.entries()) {
      await resetCustomers(serverUrl);
      const result = await load(url, secret, body, name);
      samples[index].push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, rss: rssMiB(target.child.pid), bad: result.non2xx + result.errors + result.timeouts });
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const runs = targets.map(([name], index) => ({
    name,
    rps: median(samples[index].map((sample) => sample.rps)),
    p50: median(samples[index].map((sample) => sample.p50)),
    p99: median(samples[index].map((sample) => sample.p99)),
    rss: Math.max(...samples[index].map((sample) => sample.rss)),
    bad: samples[index].reduce((sum, sample) => sum + sample.bad, 0),
  }));

  console.log(`\nupsert benchmark: ${ROUNDS} interleaved rounds of ${SECONDS} s, ${CONNECTIONS} connections, ${KEYS} rotating keys, ${os.cpus().length} cores`);
  console.log('run (medians; RSS: peak)                 req/s     p50 ms   p99 ms   RSS MiB  non-2xx');
  for (const run of runs) {
    console.log(
      `${run.name.padEnd(40)} ${run.rps.toFixed(0).padStart(6)} ${String(run.p50).padStart(9)} ${String(run.p99).padStart(8)} ${run.rss.toFixed(0).padStart(9)} ${String(run.bad).padStart(8)}`,
    );
  }
  const [base, restRun, gqlRun] = runs;
  const verdicts = [
    ['REST throughput / baseline', restRun.rps / base.rps, `>= ${TARGETS.throughput}`, restRun.rps / base.rps >= TARGETS.throughput],
    ['GraphQL throughput / baseline', gqlRun.rps / base.rps, `>= ${TARGETS.throughput}`, gqlRun.rps / base.rps >= TARGETS.throughput],
    ['REST p99 / baseline p99', restRun.p99 / base.p99, `<= ${TARGETS.p99}`, restRun.p99 / base.p99 <= TARGETS.p99],
    ['service RSS / baseline RSS', gqlRun.rss / base.rss, `<= ${TARGETS.rss}`, gqlRun.rss / base.rss <= TARGETS.rss],
    ['non-2xx answers', runs.reduce((sum, run) => sum + run.bad, 0), '== 0', runs.every((run) => run.bad === 0)],
  ];
  console.log('\nratio                                    value   target   met');
  for (const [label, value, target, met] of verdicts) {
    console.log(`${label.padEnd(40)} ${Number(value).toFixed(2).padStart(6)}   ${target.padEnd(7)}  ${met ? 'yes' : 'NO'}`);
  }

  for (const target of [baseline, service]) target.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  if (embedded) await embedded.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  process.exitCode = verdicts.every((verdict) => verdict[3]) ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
