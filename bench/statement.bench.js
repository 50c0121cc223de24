// The single-row upsert statement alone, variant against variant, with pgbench: which form
// of the statement, and which table settings, PostgreSQL runs fastest.
//
//   npm run bench:statement                  (embedded PostgreSQL; or set DATABASE_URL)
//   BENCH_SECONDS=5 BENCH_ROUNDS=1 BENCH_VARIANTS=built,fillfactor-80 npm run bench:statement
//
// Each variant gets its own copy of the customers table (CREATE TABLE … LIKE customers
// INCLUDING ALL, in a schema of its own that pgbench's search_path puts first) with
// BENCH_KEYS prefilled keys, so a table setting or a dropped index touches that variant only.
// Every transaction updates a random key with a value never sent before (-M prepared).
// Rounds interleave the variants, each run after a VACUUM of its table; medians are printed,
// with each variant's median ratio to the first variant in the same round.
'use strict';
require('reflect-metadata');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { Client } = require('pg');
const { benchDatabase, median } = require('./bench-database');
const { ENTITIES } = require('../dist/src/entities');
const { openDatabase } = require('../dist/src/database/database');
const { TenancyAdmin } = require('../dist/src/tenancy/tenancy-admin');
const { pgbenchScript, prefill, runPgbench } = require('./pgbench');
const { STATEMENT_VARIANTS } = require('./statement-variants');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '16,64').split(',').map(Number);
const KEYS = Number(process.env.BENCH_KEYS ?? 100_000);
const ONLY = process.env.BENCH_VARIANTS?.split(',');


async function withClient(url, work) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The variant's own table: a copy of customers with its settings, then its prefilled keys. */
async function createVariantTable(url, merchantId, variant) {
  await withClient(url, async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS ${variant.schema} CASCADE; CREATE SCHEMA ${variant.schema}`);
    const storage = variant.fillfactor ? ` WITH (fillfactor = ${variant.fillfactor})` : '';
    await client.query(`CREATE TABLE ${variant.schema}.customers (LIKE public.customers INCLUDING ALL)${storage}`);
    for (const index of variant.dropIndexes ?? []) {
      const { rows } = await client.query(
        // The copy has a name of its own: it is the one with the same definition after USING.
        `SELECT c.indexname FROM pg_indexes c JOIN pg_indexes p ON p.schemaname = 'public' AND p.indexname = $2
         WHERE c.schemaname = $1 AND c.tablename = 'customers' AND split_part(c.indexdef, ' USING ', 2) = split_part(p.indexdef, ' USING ', 2)`,
        [variant.schema, index],
      );
      if (rows.length !== 1) throw new Error(`variant ${variant.name}: no copy of ${index} to drop`);
      await client.query(`DROP INDEX ${variant.schema}.${rows[0].indexname}`);
    }
  });
  await prefill(url, merchantId, KEYS, `${variant.schema}.customers`);
}

async function main() {
  if (spawnSync('pgbench', ['--version']).error) throw new Error('pgbench is needed: apt-get install -y postgresql-client');
  const database = await benchDatabase();
  const url = database.url;
  const db = await openDatabase(url, { poolSize: 2, statementTimeoutMs: 60_000, acquireTimeoutMs: 10_000, entities: ENTITIES });
  const merchant = await new TenancyAdmin((await db.orm()).em).createMerchant('Statement Bench Merchant');
  await db.close();

  const variants = STATEMENT_VARIANTS.filter((variant) => !ONLY || ONLY.includes(variant.name)).map((variant, i) => ({ ...variant, schema: `bench_v${i}` }));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'customer-gateway-bench-'));
  for (const variant of variants) {
    await createVariantTable(url, merchant.id, variant);
    variant.script = path.join(tmp, `${variant.schema}.pgbench`);
    writeFileSync(variant.script, pgbenchScript(variant.text, merchant.id, KEYS));
    variant.env = { PGOPTIONS: `-c search_path=${variant.schema},public` };
    runPgbench(url, variant.script, 16, 2, variant.env); // caches warm, and the script proven to run (discarded)
  }

  const samples = new Map(); // `${name} c${connections}` → tps[]
  for (let round = 0; round < ROUNDS; round++) {
    for (const connections of CONNECTIONS) {
      // A different order each round, so no variant always runs after the same neighbour.
      const order = variants.map((_, i) => variants[(i + round) % variants.length]);
      for (const variant of order) {
        await withClient(url, (client) => client.query(`VACUUM ${variant.schema}.customers`));
        const { rps } = runPgbench(url, variant.script, connections, SECONDS, variant.env);
        const key = `${variant.name} c${connections}`;
        samples.set(key, [...(samples.get(key) ?? []), rps]);
        process.stderr.write(`round ${round + 1} c${connections} ${variant.name}: ${rps.toFixed(0)} tps\n`);
      }
    }
  }

  console.log(
    `\nupsert statement alone: pgbench -M prepared, ${ROUNDS} interleaved rounds of ${SECONDS} s, ${KEYS.toLocaleString()} prefilled keys (every transaction a real update), ${os.cpus().length} cores`,
  );
  // The machine's load drifts between rounds: each variant is compared with the first one in
  // the same round, and the median of those ratios is printed beside the median rate.
  console.log(`${'variant'.padEnd(22)} ${CONNECTIONS.map((c) => `c${c} tps  ×${variants[0].name}`.padStart(20)).join(' ')}   what it is`);
  for (const variant of variants) {
    const cells = CONNECTIONS.map((c) => {
      const rates = samples.get(`${variant.name} c${c}`);
      const base = samples.get(`${variants[0].name} c${c}`);
      const ratio = median(rates.map((tps, round) => tps / base[round]));
      return `${median(rates).toFixed(0).padStart(9)} ${ratio.toFixed(2).padStart(10)}`;
    });
    console.log(`${variant.name.padEnd(22)} ${cells.map((cell) => cell.padStart(20)).join(' ')}   ${variant.about}`);
  }

  await withClient(url, async (client) => {
    for (const variant of variants) await client.query(`DROP SCHEMA ${variant.schema} CASCADE`);
  });
  await database.stop();
  rmSync(tmp, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
