import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';
import { serverAccount } from './own-postgres';

function findPgbouncer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin'];
  return dirs.map((dir) => path.join(dir, 'pgbouncer')).find((file) => path.isAbsolute(file) && existsSync(file));
}

export const pgbouncerBinary = findPgbouncer();

export interface Pgbouncer {
  /** The same database and credentials as `serverUrl`, through pgbouncer. */
  readonly url: string;
  readonly output: string[];
  stop(): Promise<void>;
}

/**
 * pgbouncer in transaction mode in front of `serverUrl`'s database, on a free port, as
 * production usually runs it: a few server connections shared by many clients, and
 * Debian's default of no ignored startup parameters.
 */
export async function startPgbouncer(serverUrl: string, { poolSize = 4 } = {}): Promise<Pgbouncer> {
  if (!pgbouncerBinary) throw new Error('pgbouncer is not installed: see pgbouncerBinary');
  const server = new URL(serverUrl);
  const database = server.pathname.slice(1);
  const account = serverAccount(); // pgbouncer refuses to run as root
  const root = mkdtempSync(path.join(os.tmpdir(), 'cg-pgbouncer-'));
  const port = await freePort();
  const ini = path.join(root, 'pgbouncer.ini');
  const password = decodeURIComponent(server.password);
  writeFileSync(
    ini,
    [
      '[databases]',
      // The client's own name and password are not checked (auth_type any): pgbouncer logs in as this user.
      `${database} = host=${server.hostname} port=${server.port || 5432} dbname=${database} user=${decodeURIComponent(server.username)}${password ? ` password=${password}` : ''}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = any',
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 500',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  if (account) {
    chownSync(root, account.uid, account.gid);
    chownSync(ini, account.uid, account.gid);
  }
  const child: ChildProcess = spawn(pgbouncerBinary, [ini], { ...(account ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `postgresql://${server.username}@127.0.0.1:${port}/${database}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return { url, output, stop };
    } catch (error) {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`pgbouncer did not start (${String(error)}):\n${output.join('')}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
