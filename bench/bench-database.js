// What every benchmark starts from: PostgreSQL at DATABASE_URL, or an embedded one of its
// own in a temporary folder, thrown away by stop(); and the median the rounds report.
'use strict';
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startEmbeddedPostgres } = require('../dist/src/database/embedded-postgres');

/**
 * User + system CPU of one process so far, in µs (0 once it has gone); with `reaped`, also
 * that of its children that have exited and been waited for (cutime, cstime).
 */
function cpuMicros(pid, reaped = false) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime, stime, cutime, cstime, in clock ticks (USER_HZ = 100)
    const ticks = Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
    return (ticks * 1e6) / 100;
  } catch {
    return 0;
  }
}

/** The CPU, in µs, that the embedded server's processes (the postmaster and its children) have used so far. */
function serverCpuMicros(dataDir) {
  const processes = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const parent = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1];
      processes.push({ pid, parent, command: readFileSync(`/proc/${pid}/cmdline`, 'utf8') });
    } catch {
      // gone meanwhile
    }
  }
  const postmaster = processes.find((p) => p.command.includes(`\0${dataDir}`))?.pid;
  if (!postmaster) return NaN;
  // A backend that ends during a run (a pool closing an idle connection) takes its CPU out of
  // the live processes; the postmaster, which reaps it, then counts it as its children's.
  const children = processes.filter((p) => p.parent === postmaster).reduce((sum, p) => sum + cpuMicros(p.pid), 0);
  return cpuMicros(postmaster, true) + children;
}

/**
 * `{ url, stop, cpuMicros }`: DATABASE_URL as it is (stop does nothing, and its server's
 * CPU cannot be read: NaN), or a fresh embedded server whose CPU so far cpuMicros() reads.
 */
async function benchDatabase() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {}, cpuMicros: () => NaN };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'customer-gateway-bench-'));
  const embedded = await startEmbeddedPostgres(dataDir, 54400 + Math.floor(Math.random() * 500), { info: () => {}, debug: () => {} });
  return {
    url: embedded.url,
    cpuMicros: () => serverCpuMicros(path.join(dataDir, 'postgres')),
    stop: async () => {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Ends a benchmark with `code`. The embedded server's exit hook (async-exit-hook) calls
 * process.exit(0) on beforeExit, which overrode process.exitCode: a run that missed its
 * targets exited 0. Output is flushed first, since process.exit does not wait for a pipe.
 */
async function exitWith(code) {
  await new Promise((resolve) => process.stdout.write('', resolve));
  await new Promise((resolve) => process.stderr.write('', resolve));
  process.exit(code);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

module.exports = { benchDatabase, cpuMicros, exitWith, median };
