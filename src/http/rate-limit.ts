import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../errors/app-error';

export interface RateLimitOptions {
  readonly max: number;
  readonly windowMs: number;
  /** Shared counts across instances; in-memory counts when absent. */
  readonly redis?: Redis;
}

/**
 * Counts per credential, not per address: a marketplace behind one NAT is many
 * merchants, and one leaked secret spread over many addresses is one client. The key
 * is a hash, so no secret sits in memory or in Redis. A request with no credential
 * is counted by address. If Redis fails, requests pass (and the failure is logged):
 * an outage of the limiter must not become an outage of payments.
 */
function rateLimitKey(request: FastifyRequest): string {
  const authorization = request.headers.authorization;
  if (!authorization) return `ip:${request.ip}`;
  return `cred:${createHash('sha256').update(authorization).digest('base64url').slice(0, 32)}`;
}

export async function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  if (options.max === 0) return;
  await app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: options.windowMs,
    keyGenerator: rateLimitKey,
    allowList: (request) => request.url.startsWith('/health/'),
    // IETF RateLimit-Limit / -Remaining / -Reset, plus Retry-After when refused.
    enableDraftSpec: true,
    skipOnError: true,
    ...(options.redis && { redis: options.redis, nameSpace: 'customer-gateway:rate:' }),
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `Rate limit of ${context.max} requests exceeded; retry in ${context.after}.`, [], Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}
