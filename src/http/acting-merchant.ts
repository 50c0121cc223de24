import type { FastifyRequest } from 'fastify';
import type { ActingMerchant, MerchantResolver, ReadScope } from '../tenancy/resolve-merchant';
import { headerValue } from './headers';

const resolved = new WeakMap<FastifyRequest, Promise<ActingMerchant>>();
const scopes = new WeakMap<FastifyRequest, Promise<ReadScope>>();

/**
 * The merchant a request acts for, from its `Authorization` and `Merchant-Id`: resolved
 * once per request, by whichever asks first (the idempotency hook, the REST route or
 * a resolver), and shared with the others.
 */
export function actingMerchantOf(merchants: MerchantResolver, request: FastifyRequest): Promise<ActingMerchant> {
  let acting = resolved.get(request);
  if (!acting) {
    acting = merchants.resolve(request.headers.authorization, headerValue(request, 'merchant-id'));
    resolved.set(request, acting);
  }
  return acting;
}

/** Whose customers a listing of this request may show; resolved once per request, like the acting merchant. */
export function readScopeOf(merchants: MerchantResolver, request: FastifyRequest): Promise<ReadScope> {
  let scope = scopes.get(request);
  if (!scope) {
    scope = merchants.resolveReadScope(request.headers.authorization, headerValue(request, 'merchant-id'));
    scopes.set(request, scope);
  }
  return scope;
}
