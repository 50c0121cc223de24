// Upsert throughput and latency of the service against a hand-written Fastify + pg endpoint
// (baseline-server.js) and against pgbench running the service's own statement, all on one
// PostgreSQL and in one run, so that only the ratios mean anything on a shared machine.
//
//   npm run bench                          (embedded PostgreSQL; or set DATABASE_URL to a server to use)
//   BENCH_SECONDS=5 BENCH_ROUNDS=1 BENCH_CONNECTIONS=16 npm run bench
//
// The load generator is wrk, outside Node's process (installed with apt-get when missing and
// allowed). Every request updates one of BENCH_KEYS prefilled keys with a value never sent
// before, so each one is a real change. Rounds interleave the systems, and medians are reported.
'use strict';
require('reflect-metadata');
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { summarize } = require('./cpu-profile');
const { get } = require('node:http');
const { createServer } = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { benchDatabase, cpuMicros, exitWith, median } = require('./bench-database');
const { ENTITIES } = require('../dist/src/entities');
const { openDatabase } = require('../dist/src/database/database');
const { UPSERT_CUSTOMER_STATEMENT } = require('../dist/src/customers/customer-statements.generated');
const { pgbenchScript, prefill, runPgbench } = require('./pgbench');
const { TenancyAdmin } = require('../dist/src/tenancy/tenancy-admin');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,16,64').split(',').map(Number);
const KEYS = Number(process.env.BENCH_KEYS ?? 100_000);
// BENCH_PROFILE=REST (or GraphQL, or baseline): instead of the comparison, one run of that
// system under wrk at the first of BENCH_CONNECTIONS, with node --cpu-prof, summarised.
const PROFILE = process.env.BENCH_PROFILE;

// Pass lines, as ratios to the baseline's rate in the same run (issue "Faster than a hand-written endpoint").
const TARGETS = [
  { system: 'REST', connections: 64, ratio: 1.5 },
  { system: 'REST', connections: 16, ratio: 1.2 },
  { system: 'GraphQL', connections: 64, ratio: 1.0 },
  { system: 'GraphQL', connections: 16, ratio: 0.8 },
  { system: 'REST info', connections: 64, ratio: 1.3 },
  { system: 'GraphQL info', connections: 64, ratio: 0.9 },
];
const IDLE_RSS_TARGET_MIB = 100;
const FIRST_UPSERT_TARGET_MS = 400;

function ensureWrk() {
  if (!spawnSync('wrk', ['-v']).error) return;
  if (process.getuid?.() === 0) execFileSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq wrk'], { stdio: 'inherit' });
  if (spawnSync('wrk', ['-v']).error) throw new Error('wrk is needed: apt-get install -y wrk');
}

function startProcess(script, env, started = Date.now(), nodeArgs = []) {
  // The service writes JSON logs on stdout (thrown away here) and its start-up text on stderr.
  const logs = /dist\/src\/(start|main)\.js$/.test(script) ? openSync('/dev/null', 'w') : 'pipe';
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, ...env }, stdio: ['ignore', logs, 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, started, url: match[1].replace('localhost', '127.0.0.1') });
    };
    child.stdout?.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}`)));
  });
}

const restBody = (n) => JSON.stringify({ UpsertConsumerCustomer: { emailAddress: `bench.${n}@star.com`, givenName: `Start${Date.now()}`, familyName: 'Bench' } });

/** Start to the first answered upsert, and the RSS of the process once it has answered. */
async function firstUpsert(target, secret) {
  for (;;) {
    const response = await fetch(`${target.url}/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: restBody(1),
    }).catch(() => undefined);
    if (response?.status === 200) return { ms: Date.now() - target.started, rssMiB: rssMiB(target.child.pid) };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** The service's upsert batcher so far, read from its metrics: statements sent and the requests they carried. */
async function batchCounts(port) {
  // A fresh connection each time: a kept-alive one may be closed by the server between two runs.
  const text = await new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/metrics', agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk) => (body += chunk)).on('end', () => resolve(body));
    }).on('error', reject);
  });
  const read = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { statements: read('customer_upsert_statements_total'), requests: read('customer_upsert_statement_requests_total') };
}

function rssMiB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}


function wrk(url, mode, secret, connections) {
  const args = ['-t1', `-c${connections}`, `-d${SECONDS}s`, '--timeout', '10s', '-s', path.join(__dirname, 'upsert.lua'), url, '--', mode, secret, String(KEYS)];
  const output = execFileSync('wrk', args, { encoding: 'utf8' });
  const match = /RESULT rps=([\d.]+) p50_us=(\d+) p99_us=(\d+) requests=(\d+) bad=(\d+)/.exec(output);
  if (!match) throw new Error(`wrk printed no result:\n${output}`);
  return { rps: Number(match[1]), p50: Number(match[2]) / 1000, p99: Number(match[3]) / 1000, requests: Number(match[4]), bad: Number(match[5]) };
}

async function vacuum(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('VACUUM customers');
  await client.end();
}

const fmt = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

async function main() {
  ensureWrk();
  if (spawnSync('pgbench', ['--version']).error) throw new Error('pgbench is needed: apt-get install -y postgresql-client');
  const database = await benchDatabase();
  const serverUrl = database.url;
  const db = await openDatabase(serverUrl, { poolSize: 2, statementTimeoutMs: 60_000, acquireTimeoutMs: 10_000, entities: ENTITIES });
  const admin = new TenancyAdmin((await db.orm()).em);
  const merchant = await admin.createMerchant('Bench Merchant');
  const { secret } = await admin.issueSecret({ merchantId: merchant.id });
  await db.close();
  await prefill(serverUrl, merchant.id, KEYS);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'customer-gateway-bench-'));
  const script = path.join(tmp, 'upsert.pgbench');
  writeFileSync(script, pgbenchScript(UPSERT_CUSTOMER_STATEMENT.text, merchant.id, KEYS));

  const env = { DATABASE_URL: serverUrl, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production', RATE_LIMIT_MAX: '0', SEED_DEMO_TENANT: 'false', METRICS_PORT: '0' };
  if (PROFILE) return profileOne(PROFILE, env, secret, serverUrl, async () => {
    await database.stop();
    rmSync(tmp, { recursive: true, force: true });
  });
  const baseline = await startProcess(path.join(__dirname, 'baseline-server.js'), env);
  const baselineStart = await firstUpsert(baseline, secret);
  const serviceScript = path.join(__dirname, '../dist/src/start.js');
  // Started on an existing, migrated database: start to the first answered upsert, and idle RSS.
  const metricsPorts = [await freePort(), await freePort()];
  const service = await startProcess(serviceScript, { ...env, LOG_LEVEL: 'warn', METRICS_PORT: String(metricsPorts[0]) });
  const start = await firstUpsert(service, secret);
  const serviceInfo = await startProcess(serviceScript, { ...env, LOG_LEVEL: 'info', METRICS_PORT: String(metricsPorts[1]) });

  const systems = [
    { name: 'baseline', run: (c) => wrk(baseline.url, 'rest', secret, c), pid: baseline.child.pid },
    { name: 'REST', run: (c) => wrk(service.url, 'rest', secret, c), pid: service.child.pid, metricsPort: metricsPorts[0] },
    { name: 'GraphQL', run: (c) => wrk(service.url, 'graphql', secret, c), pid: service.child.pid, metricsPort: metricsPorts[0] },
    { name: 'REST info', run: (c) => wrk(serviceInfo.url, 'rest', secret, c), pid: serviceInfo.child.pid, metricsPort: metricsPorts[1], only: [64] },
    { name: 'GraphQL info', run: (c) => wrk(serviceInfo.url, 'graphql', secret, c), pid: serviceInfo.child.pid, metricsPort: metricsPorts[1], only: [64] },
    { name: 'pgbench', run: (c) => runPgbench(serverUrl, script, c, SECONDS), only: [16, 64] },
  ];
  for (const system of systems.slice(0, 5)) system.run(16); // JIT, pools and caches warm (discarded)

  const results = []; // { system, connections, rps, p50, p99, bad, cpuPerRequest }
  for (const connections of CONNECTIONS) {
    const runs = systems.filter((system) => !system.only || system.only.includes(connections));
    const samples = new Map(runs.map((system) => [system.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const system of runs) {
        await vacuum(serverUrl);
        const cpuBefore = system.pid && cpuMicros(system.pid);
        const databaseCpuBefore = database.cpuMicros();
        const batchesBefore = system.metricsPort && (await batchCounts(system.metricsPort));
        const result = system.run(connections);
        const cpuPerRequest = system.pid ? (cpuMicros(system.pid) - cpuBefore) / result.requests : NaN;
        const databaseCpuPerRequest = (database.cpuMicros() - databaseCpuBefore) / result.requests;
        const batchesAfter = system.metricsPort && (await batchCounts(system.metricsPort));
        const perStatement = system.metricsPort ? (batchesAfter.requests - batchesBefore.requests) / (batchesAfter.statements - batchesBefore.statements) : NaN;
        samples.get(system.name).push({ ...result, cpuPerRequest, databaseCpuPerRequest, perStatement });
        process.stderr.write(`c${connections} round ${round + 1} ${system.name}: ${fmt(result.rps)} req/s\n`);
      }
    }
    for (const [name, list] of samples) {
      const pick = (key) => median(list.map((sample) => sample[key]));
      results.push({ system: name, connections, rps: pick('rps'), p50: pick('p50'), p99: pick('p99'), cpuPerRequest: pick('cpuPerRequest'), databaseCpuPerRequest: pick('databaseCpuPerRequest'), perStatement: pick('perStatement'), bad: list.reduce((sum, s) => sum + s.bad, 0) });
    }
  }
  const find = (system, connections) => results.find((r) => r.system === system && r.connections === connections);

  console.log(`\nupsert benchmark: ${ROUNDS} interleaved rounds of ${SECONDS} s, wrk with one thread, ${KEYS.toLocaleString()} prefilled keys (every request a real update), ${os.cpus().length} cores`);
  console.log('system         conns    req/s  ×baseline   p50 ms   p99 ms  node CPU µs/req  PostgreSQL CPU µs/req  upserts/statement  non-2xx');
  for (const r of results) {
    const base = find('baseline', r.connections);
    console.log(
      `${r.system.padEnd(14)} ${String(r.connections).padStart(5)} ${fmt(r.rps).padStart(8)} ${fmt(r.rps / base.rps, 2).padStart(10)} ${fmt(r.p50, 2).padStart(8)} ${fmt(r.p99, 1).padStart(8)} ${fmt(r.cpuPerRequest).padStart(16)} ${fmt(r.databaseCpuPerRequest).padStart(22)} ${fmt(r.perStatement, 1).padStart(18)} ${String(r.bad).padStart(8)}`,
    );
  }
  console.log(`\nstart to the first answered upsert: service ${start.ms} ms, baseline ${baselineStart.ms} ms; idle RSS: service ${fmt(start.rssMiB)} MiB, baseline ${fmt(baselineStart.rssMiB)} MiB`);

  const verdicts = [];
  for (const target of TARGETS) {
    const run = find(target.system, target.connections);
    const base = find('baseline', target.connections);
    if (run && base) verdicts.push([`${target.system} c${target.connections} / baseline`, run.rps / base.rps, `>= ${target.ratio}`, run.rps / base.rps >= target.ratio]);
  }
  for (const connections of CONNECTIONS) {
    const base = find('baseline', connections);
    for (const system of ['REST', 'GraphQL']) {
      const run = find(system, connections);
      if (connections > 1) verdicts.push([`${system} c${connections} p99 / baseline p99`, run.p99 / base.p99, '<= 1', run.p99 <= base.p99]);
    }
  }
  verdicts.push(['idle RSS MiB', start.rssMiB, `<= ${IDLE_RSS_TARGET_MIB}`, start.rssMiB <= IDLE_RSS_TARGET_MIB]);
  verdicts.push(['start to first upsert ms', start.ms, `<= ${FIRST_UPSERT_TARGET_MS}`, start.ms <= FIRST_UPSERT_TARGET_MS]);
  verdicts.push(['non-2xx answers', results.reduce((sum, r) => sum + r.bad, 0), '== 0', results.every((r) => r.bad === 0)]);
  const pgb = find('pgbench', 64);
  if (pgb) console.log(`moonshot: REST c64 / pgbench c64 = ${fmt(find('REST', 64).rps / pgb.rps, 2)} (>= 1 would beat the single statement's own rate)`);
  console.log('\ntarget                                   value   target   met');
  for (const [label, value, target, met] of verdicts) console.log(`${label.padEnd(40)} ${fmt(Number(value), 2).padStart(6)}   ${target.padEnd(7)}  ${met ? 'yes' : 'NO'}`);

  for (const target of [baseline, service, serviceInfo]) target.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await database.stop();
  rmSync(tmp, { recursive: true, force: true });
  await exitWith(verdicts.every((verdict) => verdict[3]) ? 0 : 1);
}

/** One system under wrk with node --cpu-prof: where its main thread's time goes. */
async function profileOne(system, env, secret, serverUrl, cleanUp) {
  const connections = CONNECTIONS[0];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'customer-gateway-profile-'));
  // Unbundled: the profile then names each package by its file (the bundle is one file; same code).
  const script = system === 'baseline' ? path.join(__dirname, 'baseline-server.js') : path.join(__dirname, '../dist/src/main.js');
  const logLevel = system.endsWith(' info') ? 'info' : 'warn';
  const target = await startProcess(script, { ...env, LOG_LEVEL: logLevel }, Date.now(), ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const mode = system.startsWith('GraphQL') ? 'graphql' : 'rest';
  wrk(target.url, mode, secret, connections); // warm-up: JIT, pools, caches (its samples are in the profile too)
  await vacuum(serverUrl);
  const cpuBefore = cpuMicros(target.child.pid);
  const result = wrk(target.url, mode, secret, connections);
  const cpuPerRequest = (cpuMicros(target.child.pid) - cpuBefore) / result.requests;
  const exited = new Promise((resolve) => target.child.once('exit', resolve));
  target.child.kill('SIGTERM');
  await exited;
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  console.log(`${system} at ${connections} connections: ${fmt(result.rps)} req/s, p99 ${fmt(result.p99, 1)} ms, node CPU ${fmt(cpuPerRequest)} µs/req`);
  console.log(summarize(path.join(dir, file)));
  console.log(`profile kept at ${path.join(dir, file)}`);
  await cleanUp();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
