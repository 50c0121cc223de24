import { execute, getOperationAST, getVariableValues, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';

import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { GraphQLContext } from '../graphql/context';

export type CompiledOperation<T> = (variableValues: Record<string, unknown>, context: GraphQLContext) => Promise<ExecutionResult<T>>;

/**
 * One of the REST shim's fixed queries, checked against the schema and compiled once at
 * start with graphql-jit: the same schema, resolvers and scalars as graphql-js runs, but
 * the selection is turned into code once instead of walked field by field for every row
 * of every page.
 *
 * graphql-jit coerces variables with messages of its own. A request it refuses there
 * (nothing has run yet) is run again by graphql-js, so that every refusal reads exactly
 * as graphql-js words it, on both doors.
 *
 * It also does not enforce `@oneOf`. For an operation whose variables are of such a type
 * (`graphqlJsDecidesVariables`), graphql-js coerces them first and decides: what it refuses
 * it answers itself, in its own words, as before; only what it accepts runs compiled.
 */
export function compileOperation<T>(
  schema: GraphQLSchema,
  document: DocumentNode,
  options: { graphqlJsDecidesVariables?: boolean } = {},
): CompiledOperation<T> {
  const problems = validate(schema, document);
  if (problems.length > 0) throw new Error(`The REST shim's operation does not fit the schema: ${problems[0]!.message}`);
  const compiled = compileQuery(schema, document);
  if (!isCompiledQuery(compiled)) throw new Error(`graphql-jit cannot compile the REST shim's operation: ${compiled.errors?.[0]?.message}`);
  const definitions = getOperationAST(document)?.variableDefinitions ?? [];
  return async (variableValues, contextValue) => {
    if (options.graphqlJsDecidesVariables && 'errors' in getVariableValues(schema, definitions, variableValues, { maxErrors: 50 })) {
      return (await execute({ schema, document, variableValues, contextValue })) as ExecutionResult<T>;
    }
    const result = (await compiled.query(undefined, contextValue, variableValues)) as ExecutionResult<T>;
    if (result.errors?.length && result.data === undefined) {
      return (await execute({ schema, document, variableValues, contextValue })) as ExecutionResult<T>;
    }
    return result;
  };
}
