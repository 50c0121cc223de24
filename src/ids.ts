import { randomBytes } from 'node:crypto';

export type IdPrefix = 'cust_' | 'mcht_' | 'mktp_' | 'cred_';

/** `prefix` + 16 URL-safe characters: 96 random bits. */
export function newId(prefix: IdPrefix): string {
  return prefix + randomBytes(12).toString('base64url');
}

const ID_SHAPE = /^(cust|mcht|mktp|cred)_[A-Za-z0-9_-]{16}$/;

export function looksLikeId(prefix: IdPrefix, value: string): boolean {
  return value.startsWith(prefix) && ID_SHAPE.test(value);
}
