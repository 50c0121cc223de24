// pgbench on the service's own single-row upsert statement: the script, the run and the
// prefilled keys, shared by upsert.bench.js (the statement beside the HTTP systems) and
// statement.bench.js (variants of the statement against each other).
'use strict';
const { execFileSync } = require('node:child_process');
const { Client } = require('pg');
const { SINGLE_PARAMETERS } = require('../dist/src/customers/upsert-fields');
const { presenceBit } = require('../dist/src/customers/upsert-fields');

/**
 * A compiled single-row upsert statement as pgbench runs it (-M prepared): the same text,
 * with each parameter an expression of pgbench variables. It updates a random one of `keys`
 * prefilled keys (prefill below) with a given name never sent before, so every transaction
 * is a real change: exactly what the HTTP runs send.
 */
function pgbenchScript(text, merchantId, keys) {
  const email = `('bench.' || :k || '@star.com')`;
  const values = {
    id: `('cust_pgb' || lpad(:k::text, 11, '0'))`,
    merchantId: `'${merchantId}'`,
    kind: `'consumer'`,
    businessKey: email,
    emailAddress: email,
    givenName: `('G' || :g)`,
    familyName: `'Bench'`,
    presence: String(presenceBit('emailAddress') | presenceBit('givenName') | presenceBit('familyName')),
    changeToken: 'gen_random_uuid()',
    emailKey: email,
  };
  const filled = text.replace(/\$(\d+)/g, (_, n) => {
    const parameter = SINGLE_PARAMETERS[Number(n) - 1];
    if (!parameter) throw new Error(`the upsert statement has a parameter $${n} that is not in SINGLE_PARAMETERS`);
    return values[parameter] ?? 'NULL';
  });
  // pgbench reads every ":name" as a variable, even inside a literal: quote the colons of
  // a to_char format as to_char's own literal text, which prints the same.
  const unambiguous = filled.replace(/HH24:MI:SS/g, 'HH24":"MI":"SS');
  return `\\set k random(1, ${keys})\n\\set g random(1, 2000000000)\n${unambiguous.replace(/\s+/g, ' ')};\n`;
}

/** One pgbench run of `script` (-M prepared, two threads); `env` can set PGOPTIONS, say. */
function runPgbench(url, script, connections, seconds, env = {}) {
  const output = execFileSync('pgbench', ['-n', '-M', 'prepared', '-c', String(connections), '-j', '2', '-T', String(seconds), '-f', script, url], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const tps = /tps = ([\d.]+)/.exec(output);
  const latency = /latency average = ([\d.]+) ms/.exec(output);
  if (!tps) throw new Error(`pgbench printed no rate:\n${output}`);
  return { rps: Number(tps[1]), p50: Number(latency?.[1] ?? NaN), p99: NaN, requests: NaN, bad: 0 };
}

/** Replaces `merchantId`'s customers in `table` with `keys` customers keyed as pgbenchScript's are. */
async function prefill(url, merchantId, keys, table = 'customers') {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DELETE FROM ${table} WHERE merchant_id = $1`, [merchantId]);
    await client.query(
      `INSERT INTO ${table} (id, merchant_id, kind, business_key, email_address, email_key, given_name, family_name, version, change_token, created_at, updated_at)
       SELECT 'cust_bench' || lpad(i::text, 11, '0'), $1, 'consumer', 'bench.' || i || '@star.com', 'bench.' || i || '@star.com',
              'bench.' || i || '@star.com', 'G0', 'Bench', 1, gen_random_uuid(), now(), now()
       FROM generate_series(1, $2::int) AS i`,
      [merchantId, keys],
    );
    await client.query(`VACUUM ANALYZE ${table}`);
  } finally {
    await client.end();
  }
}

module.exports = { pgbenchScript, runPgbench, prefill };
