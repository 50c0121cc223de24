import { execute, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import type { GraphQLContext } from '../graphql/context';
import { isTracing } from '../observability/tracing-state';

export type CompiledOperation<T> = (variableValues: Record<string, unknown>, context: GraphQLContext) => Promise<ExecutionResult<T>>;

/** A fixed document of the REST shim that no longer fits the schema stops the start, not a request. */
export function assertFitsSchema(schema: GraphQLSchema, document: DocumentNode): void {
  const problems = validate(schema, document);
  if (problems.length > 0) throw new Error(`The REST shim's operation does not fit the schema: ${problems[0]!.message}`);
}

/** graphql-jit turned `document` into code: the one thing a read request runs. */
function jitCompile(schema: GraphQLSchema, document: DocumentNode): CompiledQuery {
  // Required on the first read, not at start: graphql-jit brings fast-json-stringify and ajv,
  // about a fifth of the modules a start would otherwise load, and the upsert needs none of them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compileQuery, isCompiledQuery } = require('graphql-jit') as typeof import('graphql-jit');
  // Built-in leaves (ID, String, Boolean, Int) are passed on as the rows hold them, which are
  // already of those types, rather than through graphql-js's serialize: 14-28% off the compiled
  // listing of 100 rows (a microbenchmark). Our own scalars (DateTime, EmailAddress, …) still
  // serialize. test/unit/compiled-operation.test.ts checks the answers equal graphql-js's.
  const compiled = compileQuery(schema, document, undefined, { disableLeafSerialization: true });
  if (!isCompiledQuery(compiled)) throw new Error(`graphql-jit cannot compile the REST shim's operation: ${compiled.errors?.[0]?.message}`);
  return compiled;
}

/**
 * One of the REST shim's fixed queries, checked against the schema at start and compiled
 * once, on its first request, with graphql-jit: the same schema, resolvers and scalars as
 * graphql-js runs, but the selection is turned into code once instead of walked field by
 * field for every row of every page.
 *
 * graphql-jit coerces variables with messages of its own. A request it refuses there
 * (nothing has run yet) is run again by graphql-js, so that every refusal reads exactly
 * as graphql-js words it, on both doors.
 */
export function compileOperation<T>(schema: GraphQLSchema, document: DocumentNode): CompiledOperation<T> {
  assertFitsSchema(schema, document);
  let query: CompiledQuery | undefined;
  return async (variableValues, contextValue) => {
    // OpenTelemetry's graphql instrumentation traces graphql-js's execute, which compiled
    // code never calls: with tracing on, the operation runs there and is traced as on /graphql.
    if (isTracing()) return (await execute({ schema, document, variableValues, contextValue })) as ExecutionResult<T>;
    query ??= jitCompile(schema, document);
    const result = (await query.query(undefined, contextValue, variableValues)) as ExecutionResult<T>;
    if (result.errors?.length && result.data === undefined) {
      return (await execute({ schema, document, variableValues, contextValue })) as ExecutionResult<T>;
    }
    return result;
  };
}
