import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../errors/app-error';
import { secretFromAuthorization } from '../tenancy/secrets';
import { RedisGuard } from './redis-guard';
import { windowedRedisStore } from './rate-limit-store';

export interface RateLimitOptions {
  readonly max: number;
  readonly windowMs: number;
  /** Failed authentications per client address per window; 0 turns this limit off. */
  readonly authFailureMax: number;
  /** Shared counts across instances; in-memory counts when absent. */
  readonly redis?: Redis;
  /** Deadline on one Redis command; past it the request passes uncounted. */
  readonly redisCommandTimeoutMs: number;
}

/**
 * Counts per credential, not per address: a marketplace behind one NAT is many
 * merchants, and one leaked secret spread over many addresses is one client. The key
 * comes from the secret as the resolver parses it, so every spelling of one header is
 * one counter; it is a hash, so no secret sits in memory or in Redis. A request without
 * a well-formed secret is counted by address.
 */
function rateLimitKey(request: FastifyRequest): string {
  const secret = secretFromAuthorization(request.headers.authorization);
  if (secret === undefined) return `ip:${request.ip}`;
  return `cred:${createHash('sha256').update(`rate-limit:${secret}`).digest('base64url').slice(0, 32)}`;
}

const isHealthCheck = (request: FastifyRequest) => request.url.startsWith('/health/');

const tooMany = (limit: string, ttlMs: number) => {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  return new AppError('rate_limited', `${limit} exceeded; retry in ${seconds} s.`, [], seconds);
};

// Set per request by the auth-failure gate; called by whoever finds its credential bad.
const authFailureRecorders = new WeakMap<FastifyRequest, () => void>();

/** Counts a failed authentication (missing, malformed, unknown or revoked secret) against the request's address. */
export function recordAuthFailure(request: FastifyRequest): void {
  const record = authFailureRecorders.get(request);
  authFailureRecorders.delete(request); // once per request, however many resolvers fail
  record?.();
}

/**
 * Guessing secrets: failed authentications are counted per client address, and an
 * address past `authFailureMax` in the current window is refused here, in onRequest,
 * before any credential lookup, so a flood of guesses costs a counter read each and
 * no database query.
 */
function registerAuthFailureGate(app: FastifyInstance, options: RateLimitOptions): void {
  const failures = app.createRateLimit({
    max: options.authFailureMax,
    timeWindow: options.windowMs,
    keyGenerator: (request) => `auth-failures:${request.ip}`,
    skipOnError: true,
  });
  app.addHook('onRequest', async (request) => {
    if (isHealthCheck(request)) return;
    const state = await failures(request, { increment: false });
    if (!state.isAllowed && state.remaining <= 0) throw tooMany(`Limit of ${state.max} failed authentications`, state.ttl);
    authFailureRecorders.set(request, () => void failures(request).catch(() => undefined));
  });
}

/**
 * If Redis fails or is slow, requests pass (skipOnError, with a deadline per command
 * and a breaker that logs once per outage): an outage of the limiter must not become an
 * outage of payments.
 */
export async function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  if (options.max === 0) return;
  const nameSpace = 'customer-gateway:rate:';
  let store;
  if (options.redis) {
    const guard = new RedisGuard(options.redis, options.redisCommandTimeoutMs, app.log);
    app.addHook('onClose', async () => guard.stop());
    store = windowedRedisStore(options.redis, guard, nameSpace);
  }
  await app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: options.windowMs,
    keyGenerator: rateLimitKey,
    allowList: isHealthCheck,
    // IETF RateLimit-Limit / -Remaining / -Reset, plus Retry-After when refused.
    enableDraftSpec: true,
    skipOnError: true,
    ...(store && { store }),
    errorResponseBuilder: (_request, context) => tooMany(`Rate limit of ${context.max} requests`, context.ttl),
  });
  if (options.authFailureMax > 0) registerAuthFailureGate(app, options);
}
