import { createTestDatabase, onServer, type TestDatabase } from '../helpers/test-database';
import { spawnServiceProcess, waitForOutput } from '../helpers/service-process';
import { spawn } from 'node:child_process';
import path from 'node:path';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());


describe('start-up before the database is there', () => {
  it('waits for a database that comes up late, then serves', async () => {
    await onServer(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
    const starting = spawnServiceProcess({ DATABASE_URL: database.url, DATABASE_STARTUP_WAIT_MS: '20000' });
    try {
      // The database comes up only once the service has seen it refuse: no race with a timer.
      await waitForOutput(starting.output, /Waiting for the database \(attempt 1/);
      await onServer(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
      const service = await starting.listening;
      const ready = await fetch(`${service.baseUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.headers.get('cache-control')).toBe('no-store');
      expect(ready.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await onServer(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
      if (starting.child.exitCode === null) {
        const exited = new Promise((resolve) => starting.child.once('exit', resolve));
        starting.child.kill('SIGTERM');
        await exited;
      }
    }
  });

  it('gives up after DATABASE_STARTUP_WAIT_MS with a clear message and exit 1', async () => {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(__dirname, '../../dist/src/start.js')], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', DATABASE_STARTUP_WAIT_MS: '2000', PORT: '0', METRICS_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(output).toMatch(/Waiting for the database/);
    expect(output).toMatch(/customer-gateway could not start/);
  });
});
