import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from './context';

/** Tells the request's log line and metrics which operation ran: Apollo alone resolves it from the document. */
export function operationObserver(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName, contextValue }) {
          // Names are the client's choice: long ones are cut, so no log line or label grows without bound.
          contextValue.observation.operationName = (operationName ?? '(anonymous)').slice(0, 100);
        },
      };
    },
  };
}
