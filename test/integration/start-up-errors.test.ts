import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { createTestDatabase, queryDatabase, type TestDatabase } from '../helpers/test-database';
import { startServiceProcess } from '../helpers/service-process';

const MAIN = path.join(__dirname, '../../dist/src/start.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the service to its exit, for a start that is expected to fail. */
function runToExit(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', METRICS_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function occupyPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const development = () => ({ DATABASE_URL: database.url, NODE_ENV: 'development', SEED_DEMO_TENANT: 'true' });

describe('a start that cannot listen', () => {
  it('names PORT in one line when the port is taken, and seeds nothing, so the next start still prints the demo secrets', async () => {
    const { server, port } = await occupyPort();
    try {
      const failed = await runToExit({ ...development(), PORT: String(port) });
      expect(failed.code).toBe(1);
      expect(failed.stderr.trim()).toBe(
        `customer-gateway could not start: port ${port} on 127.0.0.1 is already in use; set PORT to a free port (for example PORT=${port + 1})`,
      );
      expect(await queryDatabase(database.url, 'SELECT id FROM merchants')).toEqual([]);
    } finally {
      server.close();
    }

    const next = await startServiceProcess({ ...development(), PORT: '0' });
    try {
      const printed = next.output.join('');
      expect(printed).toMatch(/export MERCHANT_TOKEN=sandbox_sk_\S+/);
      expect(printed).toMatch(/export MARKETPLACE_KEY=sandbox_api_\S+/);
    } finally {
      await next.stop();
    }
  });

  it('names HOST when the host is not an address', async () => {
    const failed = await runToExit({ DATABASE_URL: database.url, NODE_ENV: 'test', HOST: '999.1.1.1', PORT: '0' });
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim()).toMatch(/^customer-gateway could not start: HOST=999\.1\.1\.1 [^\n]*; set HOST to an address of this machine/);
    expect(failed.stderr).not.toMatch(/DATABASE_URL|\n\s+at /);
  });
});

describe('what start-up writes where', () => {
  it('keeps stdout for JSON log lines only: the human start-up text goes to stderr', async () => {
    const service = await startServiceProcess({ DATABASE_URL: database.url, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0' });
    await fetch(`${service.baseUrl}/health/live`);
    await service.stop();
    const lines = service.stdout.join('').split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(service.stderr.join('')).toMatch(/listening on http:\/\/localhost:\d+/);
  });
});
