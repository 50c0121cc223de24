import type { FastifyRequest } from 'fastify';
import type { UpsertOutcome } from '../customers/customer';
import { ERROR_CATALOGUE, type ErrorCode } from '../errors/catalogue';

/**
 * What a request turned out to be, gathered where each fact is known (the error
 * mapper, Apollo, the upsert) and read once, when the response has gone: by the
 * request's log line and by the metrics.
 */
export interface RequestObservation {
  /** The catalogue code of the answer's (first) error. */
  errorCode?: ErrorCode;
  /** True when an error of the answer says "retry" (a 5xx entry): idempotency must not store it. */
  retryable?: boolean;
  /** The GraphQL operation Apollo resolved on /graphql; absent when none was (a parse failure). */
  operationName?: string;
  /** Set by the upsert once it has run, whichever door it came through. */
  upsertOutcome?: UpsertOutcome;
}

const observations = new WeakMap<FastifyRequest, RequestObservation>();

export function observationOf(request: FastifyRequest): RequestObservation {
  let observation = observations.get(request);
  if (!observation) observations.set(request, (observation = {}));
  return observation;
}

/**
 * Records an error of the answer, as classified: the first names the answer in the log
 * line and metrics (`replace`: the HTTP error handler's answer replaces any before it).
 */
export function observeError(observation: RequestObservation, errorCode: ErrorCode, replace = false): void {
  if (replace) observation.errorCode = errorCode;
  else observation.errorCode ??= errorCode;
  if (ERROR_CATALOGUE[errorCode].status >= 500) observation.retryable = true;
}

/** The label for a request that matched no route: never the raw path, which may hold an email or an id. */
const UNKNOWN_ROUTE = '(unknown)';

/** The route pattern (`/customers/:customerId`), bounded by the routes that exist. */
export function routePatternOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNKNOWN_ROUTE;
}

export type Door = 'graphql' | 'rest';

export function doorOf(request: FastifyRequest): Door {
  return routePatternOf(request) === '/graphql' ? 'graphql' : 'rest';
}
