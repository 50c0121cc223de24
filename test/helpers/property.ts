import path from 'node:path';
import fc from 'fast-check';

function chooseSeed(): number {
  const given = process.env.FC_SEED;
  if (given === undefined || given === '') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, not ${given}`);
  return seed;
}

/**
 * The seed of every property in this test file (jest loads this module once per file):
 * FC_SEED when set, to replay a failure, otherwise a fresh one.
 */
export const PROPERTY_SEED = chooseSeed();

/**
 * fc.assert with the file's seed, never one left to fast-check, printed when the
 * property fails: `FC_SEED=<seed> npx jest <file>` replays the same cases.
 */
export async function assertProperty<Ts>(property: fc.IAsyncProperty<Ts>, parameters: { numRuns: number }): Promise<void> {
  try {
    await fc.assert(property, { ...parameters, seed: PROPERTY_SEED });
  } catch (error) {
    const replay = `property failed with seed ${PROPERTY_SEED}: replay with FC_SEED=${PROPERTY_SEED} npx jest ${path.relative(process.cwd(), expect.getState().testPath ?? '')}`;
    console.error(replay);
    if (error instanceof Error) error.message = `${replay}\n\n${error.message}`;
    throw error;
  }
}
