import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * graphql-js 16 validates a subscription against a schema with no Subscription type
 * and only fails when executing it, which Apollo then reports as an internal error.
 * Refused here, at validation, as the bad request it is (graphql-js 17's KnownOperationTypesRule).
 */
export function knownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  const roots = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() };
  return {
    OperationDefinition(operation) {
      if (!roots[operation.operation]) {
        context.reportError(new GraphQLError(`This API has no ${operation.operation} operations.`, { nodes: operation }));
      }
    },
  };
}
