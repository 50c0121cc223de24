import { execute, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
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
 */
export function compileOperation<T>(schema: GraphQLSchema, document: DocumentNode): CompiledOperation<T> {
  const problems = validate(schema, document);
  if (problems.length > 0) throw new Error(`The REST shim's operation does not fit the schema: ${problems[0]!.message}`);
  const compiled = compileQuery(schema, document);
  if (!isCompiledQuery(compiled)) throw new Error(`graphql-jit cannot compile the REST shim's operation: ${compiled.errors?.[0]?.message}`);
  return async (variableValues, contextValue) => {
    const result = (await compiled.query(undefined, contextValue, variableValues)) as ExecutionResult<T>;
    if (result.errors?.length && result.data === undefined) {
      return (await execute({ schema, document, variableValues, contextValue })) as ExecutionResult<T>;
    }
    return result;
  };
}
