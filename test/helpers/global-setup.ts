import { mkdtemp } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres';

declare global {
  // eslint-disable-next-line no-var
  var embeddedForTests: { database: EmbeddedDatabase; dataDir: string } | undefined;
}


/** Whether a Redis answers PING at `url`: the shared rate-limit test needs one, and is skipped without. */
function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port || 6379), hostname);
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** With DATABASE_URL unset, the suite runs on its own embedded PostgreSQL, thrown away afterwards. */
export default async function globalSetup(): Promise<void> {
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(redisUrl)) process.env.TEST_REDIS_AVAILABLE = redisUrl;
  if (process.env.DATABASE_URL) return;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'customer-gateway-test-'));
  const quiet = { info: () => undefined, debug: () => undefined };
  const database = await startEmbeddedPostgres(dataDir, await freePort(), quiet);
  globalThis.embeddedForTests = { database, dataDir };
  // Workers start after this and inherit it.
  process.env.DATABASE_URL = database.url;
}
