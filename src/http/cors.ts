import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { headerValue } from './headers';

/** What a browser may send: the credential, the JSON body, the acting merchant, retries and the caller's trace. */
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Merchant-Id', 'Idempotency-Key', 'traceparent', 'Apollo-Require-Preflight'];
/** What a browser script may read back: the tracer to quote, the limits, the read caches and paging links. */
const EXPOSED_HEADERS = [
  'X-Tracer',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
  'ETag',
  'Link',
  'Idempotent-Replayed',
];
const METHODS = ['GET', 'POST'];

const NO_CORS: FastifyCorsOptions = { origin: false };

/**
 * CORS for the browser origins in CORS_ORIGINS; none configured: not registered, so
 * no response carries a CORS header. A disallowed origin gets none either. Only a
 * real preflight (Origin and Access-Control-Request-Method, from an allowed origin)
 * is answered here, 204; any other OPTIONS falls through to the router, which answers
 * 405 with Allow as for any other method a path does not take. Authentication is by
 * bearer header, never by cookie: credentials stay off. Apollo's CSRF prevention is
 * untouched: a cross-origin GET or simple POST to /graphql still needs a preflight.
 */
export async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  const optionsFor = (request: FastifyRequest): FastifyCorsOptions => {
    const origin = headerValue(request, 'origin');
    if (origin === undefined || !allowed.has(origin)) return NO_CORS;
    const preflight = request.method === 'OPTIONS' && headerValue(request, 'access-control-request-method') !== undefined;
    if (request.method === 'OPTIONS' && !preflight) return NO_CORS;
    return {
      origin,
      methods: METHODS,
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      credentials: false,
      maxAge: 600,
      strictPreflight: true,
    };
  };
  await app.register(cors, { hook: 'onRequest', delegator: (request, callback) => callback(null, optionsFor(request)) });
}
