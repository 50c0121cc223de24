// What every benchmark starts from: PostgreSQL at DATABASE_URL, or an embedded one of its
// own in a temporary folder, thrown away by stop(); and the median the rounds report.
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startEmbeddedPostgres } = require('../dist/src/database/embedded-postgres');

/** `{ url, stop }`: DATABASE_URL as it is (stop does nothing), or a fresh embedded server. */
async function benchDatabase() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'customer-gateway-bench-'));
  const embedded = await startEmbeddedPostgres(dataDir, 54400 + Math.floor(Math.random() * 500), { info: () => {}, debug: () => {} });
  return {
    url: embedded.url,
    stop: async () => {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

module.exports = { benchDatabase, median };
