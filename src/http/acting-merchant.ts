import type { FastifyRequest } from 'fastify';
import type { ActingMerchant, MerchantAccess, ReadScope } from '../tenancy/merchant-access';
import { AppError } from '../errors/app-error';
import { headerValue } from './headers';
import { recordAuthFailure } from './rate-limit';

/** A bad secret counts against the address's auth-failure limit, whichever door found it. */
function countingAuthFailures<T>(request: FastifyRequest, resolution: Promise<T>): Promise<T> {
  resolution.catch((error: unknown) => {
    if (error instanceof AppError && error.errorCode === 'unauthorized') recordAuthFailure(request);
  });
  return resolution;
}

const resolved = new WeakMap<FastifyRequest, Promise<ActingMerchant>>();
const scopes = new WeakMap<FastifyRequest, Promise<ReadScope>>();

/**
 * The merchant a request acts for, from its `Authorization` and `Merchant-Id`: resolved
 * once per request, by whichever asks first (the idempotency hook, the REST route or
 * a resolver), and shared with the others.
 */
export function actingMerchantOf(merchants: MerchantAccess, request: FastifyRequest): Promise<ActingMerchant> {
  let acting = resolved.get(request);
  if (!acting) {
    acting = countingAuthFailures(request, merchants.resolve(request.headers.authorization, headerValue(request, 'merchant-id')));
    resolved.set(request, acting);
  }
  return acting;
}

/** Whose customers a listing of this request may show; resolved once per request, like the acting merchant. */
export function readScopeOf(merchants: MerchantAccess, request: FastifyRequest): Promise<ReadScope> {
  let scope = scopes.get(request);
  if (!scope) {
    scope = countingAuthFailures(request, merchants.resolveReadScope(request.headers.authorization, headerValue(request, 'merchant-id')));
    scopes.set(request, scope);
  }
  return scope;
}
