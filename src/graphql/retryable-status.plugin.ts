import type { ApolloServerPlugin } from '@apollo/server';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../errors/app-error';
import { ERROR_CATALOGUE } from '../errors/catalogue';
import type { GraphQLContext } from './context';

/**
 * A GraphQL answer is 200 even with errors, except when retrying is the answer:
 * an unreachable database is a 503 with Retry-After, as on REST.
 */
export function retryableStatusPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const unavailable = response.body.singleResult.errors?.some((e) => e.extensions?.errorCode === 'service_unavailable');
          if (unavailable) {
            response.http.status = ERROR_CATALOGUE.service_unavailable.status;
            response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
          }
        },
      };
    },
  };
}
