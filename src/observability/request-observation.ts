import type { FastifyRequest } from 'fastify';
import type { UpsertOutcome } from '../customers/customer';
import type { ErrorCode } from '../errors/catalogue';

/**
 * What a request turned out to be, gathered where each fact is known (the error
 * mapper, Apollo, the upsert) and read once, when the response has gone: by the
 * request's log line and by the metrics.
 */
export interface RequestObservation {
  /** The catalogue code of the answer's (first) error. */
  errorCode?: ErrorCode;
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

/** The label for a request that matched no route: never the raw path, which may hold an email or an id. */
export const UNKNOWN_ROUTE = '(unknown)';

/** The route pattern (`/customers/:customerId`), bounded by the routes that exist. */
export function routePatternOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNKNOWN_ROUTE;
}

export type Door = 'graphql' | 'rest';

export function doorOf(request: FastifyRequest): Door {
  return routePatternOf(request) === '/graphql' ? 'graphql' : 'rest';
}
