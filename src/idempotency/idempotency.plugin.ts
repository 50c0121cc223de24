import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { AppError } from '../errors/app-error';
import type { SqlRunner } from '../database/sql-runner';
import { observationOf } from '../observability/request-observation';
import type { ActingMerchant } from '../tenancy/merchant-access';
import { canonicalJson } from './canonical-json';
import { selectsMutation } from './graphql-operation';
import { IdempotencyStore, type IdempotencyScope } from './idempotency-store';

const IDEMPOTENT_ROUTES = new Set(['/customers', '/graphql']);
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;
const PURGE_EVERY_MS = 3_600_000;

interface Held {
  scope: IdempotencyScope;
  requestHash: string;
}

/**
 * How long a claim holds before another request may take the key over: longer than
 * any request can run while holding it (two statements at most, each bounded by the
 * pool's acquire timeout and the statement timeout), so a key never runs twice at
 * once, yet the key of a holder that died (kill -9) is free again soon after.
 */
export function idempotencyLockMs(config: Pick<Config, 'databaseAcquireTimeoutMs' | 'statementTimeoutMs'>): number {
  return 2 * (config.databaseAcquireTimeoutMs + config.statementTimeoutMs);
}

export interface IdempotencyDeps {
  readonly db: SqlRunner;
  /** The merchant the request acts for, resolved once per request and shared with the doors (the app's acting-merchant.ts). */
  readonly actingMerchant: (request: FastifyRequest) => Promise<Pick<ActingMerchant, 'merchantId' | 'credentialId'>>;
  /** idempotencyLockMs(config). */
  readonly lockMs: number;
}

/**
 * `Idempotency-Key` on POST /customers and POST /graphql. Keys are scoped to the
 * credential and the merchant it acts for; the request hash covers the path and the
 * body. A replay answers the stored response with `Idempotent-Replayed: true`.
 */
export function registerIdempotency(app: FastifyInstance, deps: IdempotencyDeps): void {
  const store = new IdempotencyStore(deps.db, deps.lockMs);
  const held = new WeakMap<FastifyRequest, Held>();
  const purge = setInterval(() => {
    store.purgeExpired().catch((error: unknown) => app.log.warn({ err: error }, 'idempotency key purge failed'));
  }, PURGE_EVERY_MS).unref();
  app.addHook('onClose', async () => clearInterval(purge));

  app.addHook('preHandler', async (request, reply) => {
    const header = request.headers['idempotency-key'];
    const key = Array.isArray(header) ? header.join(', ') : header;
    const route = request.routeOptions.url ?? '';
    if (key === undefined || request.method !== 'POST' || !IDEMPOTENT_ROUTES.has(route)) return;
    if (route === '/graphql' && !selectsMutation(request.body)) return;
    if (!KEY_SHAPE.test(key)) {
      throw new AppError('invalid_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', [
        { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
      ]);
    }
    const acting = await deps.actingMerchant(request);
    const scope = { merchantId: acting.merchantId, credentialId: acting.credentialId, key };
    const requestHash = createHash('sha256')
      .update(`${route}\n${canonicalJson(request.body)}`)
      .digest('hex');
    const claim = await store.claim(scope, requestHash);
    switch (claim.kind) {
      case 'claimed':
        held.set(request, { scope, requestHash });
        return;
      case 'in_progress':
        throw new AppError('idempotency_key_in_use');
      case 'mismatch':
        throw new AppError('idempotency_key_reused');
      case 'replay':
        return reply.code(claim.statusCode).header('idempotent-replayed', 'true').type('application/json; charset=utf-8').send(claim.body);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = held.get(request);
    if (!claim) return payload;
    held.delete(request);
    const body = typeof payload === 'string' ? payload : '';
    try {
      // Too large an answer is released by the store itself (MAX_STORED_RESPONSE_BYTES).
      // An answer that says "try again" (an error classified 5xx, even inside a GraphQL 200) must not be replayed for 24 hours.
      if (reply.statusCode >= 500 || observationOf(request).retryable) await store.release(claim.scope, claim.requestHash);
      else await store.complete(claim.scope, claim.requestHash, reply.statusCode, body);
    } catch (error) {
      // The answer still goes out. The claim lapses after its lock time, and a retry
      // re-runs an upsert, which is idempotent by nature.
      request.log.warn({ err: error }, 'could not record the idempotent response');
    }
    return payload;
  });
}
