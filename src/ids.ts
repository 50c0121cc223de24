import { randomFillSync } from 'node:crypto';

export type IdPrefix = 'cust_' | 'mcht_' | 'mktp_' | 'cred_';

// Random bytes are drawn from the kernel 8 KiB at a time, not once per id or tracer:
// a getrandom call per request showed up as ~4% of the request path's CPU.
const pool = Buffer.allocUnsafe(8192);
let offset = pool.length;

/** `size` cryptographically random bytes, copied out of the pool. */
export function randomBytesPooled(size: number): Buffer {
  if (offset + size > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  offset += size;
  return bytes;
}

const ID_CHARACTERS = 16;

/** `prefix` + 16 URL-safe characters: 96 random bits. */
export function newId(prefix: IdPrefix): string {
  return prefix + randomBytesPooled(12).toString('base64url');
}

const ID_SHAPES = new Map<IdPrefix, RegExp>(
  (['cust_', 'mcht_', 'mktp_', 'cred_'] as const).map((prefix) => [prefix, new RegExp(`^${prefix}[A-Za-z0-9_-]{${ID_CHARACTERS}}$`)]),
);

/** Whether `value` has the shape newId(prefix) gives: a value without it names nothing, and needs no lookup. */
export function hasIdShape(prefix: IdPrefix, value: string): boolean {
  return ID_SHAPES.get(prefix)!.test(value);
}
