import { hash, randomBytes } from 'node:crypto';

export type SecretKind = 'merchant_token' | 'marketplace_key';
export type SecretEnvironment = 'sandbox' | 'live';

const PREFIXES: Record<SecretKind, string> = { merchant_token: '_sk_', marketplace_key: '_api_' };
const SECRET_PREFIX = /^(sandbox|live)_(sk|api)_/;
const SECRET_SHAPE = /^(sandbox|live)_(sk|api)_[A-Za-z0-9_-]{32}$/;

/** 192 random bits behind a prefix that says what the secret is and where it works. */
export function generateSecret(kind: SecretKind, environment: SecretEnvironment): string {
  return environment + PREFIXES[kind] + randomBytes(24).toString('base64url');
}

/**
 * Secrets are high-entropy random strings, so a fast hash is enough to make a leaked
 * table useless, and it lets a lookup go by index. Nothing ever compares secret text
 * character by character, so response time says nothing about how much of a guess was right.
 */
export function hashSecret(secret: string): string {
  // One-shot: no Hash object per request.
  return hash('sha256', secret, 'hex');
}

function isWellFormedSecret(value: string): boolean {
  return SECRET_SHAPE.test(value);
}

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * The secret an `Authorization` header carries, as every reader of the header sees it:
 * any case of `Bearer`, any number of spaces. Undefined when absent, malformed or not
 * shaped like a secret. The resolver and the rate limiter both read it here, so one
 * secret is one credential and one counter however the header is spelt.
 */
export function secretFromAuthorization(authorization: string | undefined): string | undefined {
  const secret = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  return secret !== undefined && isWellFormedSecret(secret) ? secret : undefined;
}

/** What a listing may show: enough to recognise a secret, never enough to use it. */
export function secretHint(secret: string): string {
  const prefixLength = SECRET_PREFIX.exec(secret)?.[0].length ?? 0;
  return `${secret.slice(0, prefixLength + 4)}…`;
}
