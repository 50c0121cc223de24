import { startServiceProcess, type ServiceProcess } from '../helpers/service-process';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

// Log lines go to stdout through an asynchronous, buffered destination (src/observability/log-destination.ts).
let database: TestDatabase;
let service: ServiceProcess;
beforeAll(async () => {
  database = await createTestDatabase();
  service = await startServiceProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'info' });
}, 60_000);
afterAll(async () => {
  await service?.stop();
  await database?.drop();
});

describe('asynchronous request log', () => {
  it('loses no line on SIGTERM: lines still in the buffer are written before the process exits', async () => {
    // Fewer lines than the buffer holds, so none of them has been written when the signal comes.
    const tracers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${service.baseUrl}/health/live`);
      expect(response.status).toBe(200);
      tracers.push(response.headers.get('x-tracer')!);
    }
    const { code } = await service.stop('SIGTERM');
    expect(code).toBe(0);
    const lines = service.stdout.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const tracer of tracers) expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', tracer, statusCode: 200 }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'shutting down: draining requests in flight' }));
  });
});
