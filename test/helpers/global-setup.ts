import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres';

declare global {
  // eslint-disable-next-line no-var
  var embeddedForTests: { database: EmbeddedDatabase; dataDir: string } | undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** With DATABASE_URL unset, the suite runs on its own embedded PostgreSQL, thrown away afterwards. */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'customer-gateway-test-'));
  const quiet = { info: () => undefined, debug: () => undefined };
  const database = await startEmbeddedPostgres(dataDir, await freePort(), quiet);
  globalThis.embeddedForTests = { database, dataDir };
  // Workers start after this and inherit it.
  process.env.DATABASE_URL = database.url;
}
