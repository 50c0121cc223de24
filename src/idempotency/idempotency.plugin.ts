import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import type { SqlRunner } from '../database/sql-runner';
import { actingMerchantOf } from '../http/acting-merchant';
import { headerValue } from '../http/headers';
import type { MerchantResolver } from '../tenancy/resolve-merchant';
import { IdempotencyStore, type IdempotencyScope } from './idempotency-store';

const IDEMPOTENT_ROUTES = new Set(['/customers', '/graphql']);
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;
/** How long a key stays held by a request that may have died with it. */
const LOCK_MS = 60_000;
const PURGE_EVERY_MS = 3_600_000;
// A response that says "try again" must not be replayed for 24 hours.
const RETRYABLE = /"errorCode":"(internal_error|service_unavailable)"/;

interface Held {
  scope: IdempotencyScope;
  requestHash: string;
}

export interface IdempotencyDeps {
  readonly db: SqlRunner;
  readonly merchants: MerchantResolver;
}

/**
 * `Idempotency-Key` on POST /customers and POST /graphql. Keys are scoped to the
 * credential and the merchant it acts for; the request hash covers the path and the
 * body. A replay answers the stored response with `Idempotent-Replayed: true`.
 */
export function registerIdempotency(app: FastifyInstance, deps: IdempotencyDeps): void {
  const store = new IdempotencyStore(deps.db, LOCK_MS);
  const held = new WeakMap<FastifyRequest, Held>();
  const purge = setInterval(() => {
    store.purgeExpired().catch((error: unknown) => app.log.warn({ err: error }, 'idempotency key purge failed'));
  }, PURGE_EVERY_MS).unref();
  app.addHook('onClose', async () => clearInterval(purge));

  app.addHook('preHandler', async (request, reply) => {
    const key = headerValue(request, 'idempotency-key');
    if (key === undefined || request.method !== 'POST' || !IDEMPOTENT_ROUTES.has(request.routeOptions.url ?? '')) return;
    if (!KEY_SHAPE.test(key)) {
      throw new AppError('invalid_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', [
        { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
      ]);
    }
    const acting = await actingMerchantOf(deps.merchants, request);
    const scope = { merchantId: acting.merchantId, credentialId: acting.credentialId, key };
    const requestHash = createHash('sha256').update(`${request.routeOptions.url}\n${JSON.stringify(request.body)}`).digest('hex');
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
      if (reply.statusCode >= 500 || RETRYABLE.test(body)) await store.release(claim.scope, claim.requestHash);
      else await store.complete(claim.scope, claim.requestHash, reply.statusCode, body);
    } catch (error) {
      // The answer still goes out. The claim lapses after its lock time, and a retry
      // re-runs an upsert, which is idempotent by nature.
      request.log.warn({ err: error }, 'could not record the idempotent response');
    }
    return payload;
  });
}
