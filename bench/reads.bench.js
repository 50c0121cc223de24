// Read latency at scale: 1,000,000 customers for one merchant, every query shape of
// GET /customers/{id}, GET /customers and customers(...), 16 concurrent clients (wrk),
// p99 per shape against the 20 ms target.
//
//   npm run bench:reads                 (embedded PostgreSQL; or set DATABASE_URL to a server to use)
//   BENCH_ROWS=100000 BENCH_SECONDS=5 npm run bench:reads
//   BENCH_SHAPES='default,limit=100' npm run bench:reads     (only the shapes whose names contain one of these)
//   DATABASE_URL=… BENCH_REUSE=1 …     (keeps the customers an earlier run seeded at DATABASE_URL)
//   BENCH_PROFILE=1 …                   (the service runs under node --cpu-prof; its profile is summarised at the end)
'use strict';
require('reflect-metadata');
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { summarize } = require('./cpu-profile');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { benchDatabase, cpuMicros, exitWith } = require('./bench-database');
const { ENTITIES } = require('../dist/src/entities');
const { openDatabase } = require('../dist/src/database/database');
const { TenancyAdmin } = require('../dist/src/tenancy/tenancy-admin');
const { seedCustomersSql } = require('./seed-customers');

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const TARGET_P99_MS = 20;
const CHUNK = 100_000;
const ONLY = process.env.BENCH_SHAPES?.split(',');
const REUSE = Boolean(process.env.BENCH_REUSE && process.env.DATABASE_URL);
const PROFILE_DIR = process.env.BENCH_PROFILE ? mkdtempSync(path.join(os.tmpdir(), 'customer-gateway-profile-')) : undefined;

function startService(env) {
  const nodeArgs = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, PROFILE_DIR ? '../dist/src/main.js' : '../dist/src/start.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stderr.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1].replace('localhost', '127.0.0.1') });
    });
    child.once('exit', (code) => reject(new Error(`the service exited with ${code}: ${out}`)));
  });
}

const pick = (values, i) => values[(i * 7919) % values.length];
const cursor = (row) => Buffer.from(JSON.stringify(['createdAt', [row.micros], row.id])).toString('base64url');
const customersQuery = (args) =>
  JSON.stringify({ query: `query($after: String) { customers(first: 20, after: $after${args}) { edges { node { customerId createdAt } } pageInfo { endCursor } } }` });

/** Each shape: a name, the lines wrk cycles through, and the credential that sends them. */
function shapes(sample, merchantId) {
  const lines = (make) => Array.from({ length: 500 }, (_, i) => make(i));
  const emails = sample.map((row) => row.email);
  const ids = sample.map((row) => row.id);
  const day = (i) => new Date(Date.UTC(2024, 0, 2 + (i % 300))).toISOString();
  return [
    ['GET /customers/{id}', lines((i) => `/customers/${pick(ids, i)}`)],
    ['GET /customers (default: oldest first)', lines(() => '/customers')],
    ['GET /customers?limit=100', lines(() => '/customers?limit=100')],
    ['GET /customers?page=50', lines((i) => `/customers?page=${41 + (i % 20)}`)],
    ['GET /customers?sort=-createdAt', lines(() => '/customers?sort=-createdAt')],
    ['GET /customers?sort=-updatedAt', lines(() => '/customers?sort=-updatedAt')],
    ['GET /customers?sort=emailAddress', lines(() => '/customers?sort=emailAddress')],
    ['GET /customers?sort=-familyName,createdAt', lines(() => '/customers?sort=-familyName,createdAt')],
    ['GET /customers?sort=organisationName', lines(() => '/customers?sort=organisationName')],
    ['GET /customers?emailAddress[]=…', lines((i) => `/customers?emailAddress[]=${encodeURIComponent(pick(emails, i).toUpperCase())}`)],
    ['GET /customers?emailAddress[]=…×3', lines((i) => `/customers?${[0, 1, 2].map((k) => `emailAddress[]=${encodeURIComponent(pick(emails, i + k))}`).join('&')}`)],
    ['GET /customers?customerId[]=…×3', lines((i) => `/customers?${[0, 1, 2].map((k) => `customerId[]=${pick(ids, i + k)}`).join('&')}`)],
    ['GET /customers?name=<common prefix>', lines((i) => `/customers?name=${pick(['smi', 'jo', 'wil', 'ngu', 'k', 'ol', 'ava'], i)}`)],
    ['GET /customers?name=<rare prefix>', lines((i) => `/customers?name=${encodeURIComponent(`${pick(['Smith', 'Jones', 'Lee', 'King'], i)} ${(i * 37) % 1000}`)}`)],
    ['GET /customers?name=<organisation>', lines((i) => `/customers?name=${encodeURIComponent(`org ${(i * 7919) % ROWS}`)}`)],
    ['GET /customers?name=…&sort=-createdAt', lines((i) => `/customers?name=${pick(['smi', 'jo', 'wil'], i)}&sort=-createdAt`)],
    ['GET /customers?createdAfter=…&createdBefore=…', lines((i) => `/customers?createdAfter=${day(i)}&createdBefore=${day(i + 1)}`)],
    ['GET /customers?createdAfter=…&sort=-updatedAt', lines((i) => `/customers?createdAfter=${day(i)}&sort=-updatedAt`)],
    ['GraphQL customers(after: <cursor>)', lines((i) => customersQuery('').replace('"query"', `"variables":{"after":"${cursor(pick(sample, i))}"},"query"`))],
    ['GraphQL customers(name:, first: 20)', lines((i) => customersQuery(`, name: "${pick(['tay', 'whi', 'bro'], i)}"`))],
    ['marketplace key: GET /customers (no Merchant-Id)', lines(() => '/customers'), 'marketplace'],
    [`marketplace key: GET /customers?merchantId[]=…`, lines(() => `/customers?merchantId[]=${merchantId}&sort=-createdAt`), 'marketplace'],
  ];
}

function wrk(url, file, secret) {
  const output = execFileSync('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--timeout', '5s', '-s', path.join(__dirname, 'reads.lua'), url, '--', file, secret], { encoding: 'utf8' });
  const match = /RESULT p50_us=(\d+) p99_us=(\d+) max_us=(\d+) requests=(\d+) bad=(\d+)/.exec(output);
  if (!match) throw new Error(`wrk printed no result:\n${output}`);
  const [, p50, p99, max, requests, bad] = match.map(Number);
  return { p50: p50 / 1000, p99: p99 / 1000, max: max / 1000, rps: requests / SECONDS, bad };
}

async function seed(client, merchantId) {
  const started = Date.now();
  for (let from = 1; from <= ROWS; from += CHUNK) {
    await client.query(seedCustomersSql(merchantId, Math.min(CHUNK, ROWS - from + 1), from));
    process.stderr.write(`\rseeded ${Math.min(from + CHUNK - 1, ROWS).toLocaleString()} customers`);
  }
  await client.query('VACUUM ANALYZE customers');
  process.stderr.write(` in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

async function main() {
  if (spawnSync('wrk', ['-v']).error) throw new Error('wrk is needed: apt-get install -y wrk');
  const database = await benchDatabase();
  const serverUrl = database.url;
  const db = await openDatabase(serverUrl, { poolSize: 2, statementTimeoutMs: 600_000, acquireTimeoutMs: 10_000, entities: ENTITIES });
  const admin = new TenancyAdmin((await db.orm()).em);
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  // BENCH_REUSE=1 with DATABASE_URL: the customers an earlier run seeded there stay (seeding 1M takes a minute and more).
  const earlier = REUSE
    ? (await client.query(`SELECT m.id, m.marketplace_id, (SELECT count(*)::int FROM customers c WHERE c.merchant_id = m.id) AS rows FROM merchants m WHERE m.name = 'Bench Merchant' ORDER BY m.created_at DESC LIMIT 1`)).rows[0]
    : undefined;
  const reused = earlier?.rows === ROWS;
  const marketplaceId = reused ? earlier.marketplace_id : (await admin.createMarketplace('Bench Marketplace')).id;
  const merchantId = reused ? earlier.id : (await admin.createMerchant('Bench Merchant', marketplaceId)).id;
  const secrets = {
    merchant: (await admin.issueSecret({ merchantId })).secret,
    marketplace: (await admin.issueSecret({ marketplaceId })).secret,
  };
  if (reused) process.stderr.write(`reusing the ${ROWS.toLocaleString()} customers an earlier run seeded\n`);
  else {
    const small = await admin.createMerchant('Bench Small Merchant', marketplaceId);
    await seed(client, merchantId);
    await client.query(seedCustomersSql(small.id, 1000, ROWS + 1));
  }
  await db.close();
  const { rows: sample } = await client.query(
    `SELECT id, email_address AS email, ((extract(epoch FROM created_at) * 1000000)::bigint)::text AS micros
     FROM customers TABLESAMPLE SYSTEM (1) WHERE merchant_id = $1 LIMIT 2000`,
    [merchantId],
  );
  await client.end();

  const service = await startService({ DATABASE_URL: serverUrl, PORT: '0', NODE_ENV: 'production', LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', SEED_DEMO_TENANT: 'false', METRICS_PORT: '0' });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'customer-gateway-wrk-'));
  const results = [];
  try {
    const all = shapes(sample, merchantId).filter(([name]) => !ONLY || ONLY.some((part) => name.includes(part)));
    writeFileSync(path.join(tmp, 'warm'), all.flatMap(([, lines]) => lines.slice(0, 20)).join('\n'));
    wrk(service.url, path.join(tmp, 'warm'), secrets.merchant); // JIT, pools and caches warm
    for (const [index, [name, lines, who = 'merchant']] of all.entries()) {
      const file = path.join(tmp, String(index));
      writeFileSync(file, lines.join('\n'));
      const [nodeBefore, databaseBefore] = [cpuMicros(service.child.pid), database.cpuMicros()];
      const result = wrk(service.url, file, secrets[who]);
      const requests = result.rps * SECONDS;
      results.push({ name, ...result, nodeCpu: (cpuMicros(service.child.pid) - nodeBefore) / requests, databaseCpu: (database.cpuMicros() - databaseBefore) / requests });
      process.stderr.write(`${name}: p99 ${result.p99.toFixed(1)} ms\n`);
    }
  } finally {
    const exited = new Promise((resolve) => service.child.once('exit', resolve));
    service.child.kill('SIGTERM');
    await exited;
    rmSync(tmp, { recursive: true, force: true });
  }

  console.log(`\nread benchmark: ${ROWS.toLocaleString()} customers for one merchant, ${CONNECTIONS} concurrent clients (wrk), ${SECONDS} s per shape, ${os.cpus().length} cores`);
  console.log(`${'shape'.padEnd(50)} req/s   p50 ms   p99 ms   max ms  node µs/req  PostgreSQL µs/req  non-2xx  p99 <= ${TARGET_P99_MS} ms`);
  const cpu = (value) => (Number.isFinite(value) ? value.toFixed(0) : '–');
  for (const r of results) {
    console.log(
      `${r.name.padEnd(50)}${r.rps.toFixed(0).padStart(6)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.max.toFixed(0).padStart(8)} ${cpu(r.nodeCpu).padStart(12)} ${cpu(r.databaseCpu).padStart(18)} ${String(r.bad).padStart(8)}  ${r.p99 <= TARGET_P99_MS && r.bad === 0 ? 'yes' : 'NO'}`,
    );
  }
  if (PROFILE_DIR) {
    const file = readdirSync(PROFILE_DIR).find((name) => name.endsWith('.cpuprofile'));
    console.log(`\nthe service's CPU profile over the whole run (${path.join(PROFILE_DIR, file)}):\n${summarize(path.join(PROFILE_DIR, file))}`);
  }
  await database.stop();
  await exitWith(results.every((r) => r.p99 <= TARGET_P99_MS && r.bad === 0) ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
