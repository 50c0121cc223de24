import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const embedded = globalThis.embeddedForTests;
  if (!embedded) return;
  await embedded.database.stop();
  await rm(embedded.dataDir, { recursive: true, force: true });
}
