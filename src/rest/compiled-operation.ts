import {
  execute,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  typeFromAST,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import type { GraphQLContext } from '../graphql/context';
import { isTracing } from '../observability/tracing-state';

export interface CompiledOperation<T> {
  (variableValues: Record<string, unknown>, context: GraphQLContext): Promise<ExecutionResult<T>>;
  /** Compile now rather than after the first request: tests compare the compiled code with graphql-js. */
  compileNow(): void;
}

/** A fixed document of the REST shim that no longer fits the schema stops the start, not a request. */
export function assertFitsSchema(schema: GraphQLSchema, document: DocumentNode): void {
  const problems = validate(schema, document);
  if (problems.length > 0) throw new Error(`The REST shim's operation does not fit the schema: ${problems[0]!.message}`);
}

/** Whether a @oneOf input object type is anywhere inside `type` (its fields, their fields…). */
function holdsOneOf(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return named.isOneOf || Object.values(named.getFields()).some((field) => holdsOneOf(field.type, seen));
}

/**
 * graphql-jit does not check @oneOf. The variables typed by a @oneOf input object itself
 * are checked here, before it runs: `null` when a @oneOf sits deeper (in a list, in a
 * field), where no check this cheap would do, and graphql-js runs every request.
 */
function topLevelOneOfVariables(schema: GraphQLSchema, document: DocumentNode): string[] | null {
  const names: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      const type = typeFromAST(schema, variable.type) as GraphQLInputType | undefined;
      if (!type || !holdsOneOf(type)) continue;
      const unwrapped = isNonNullType(type) ? type.ofType : type;
      if (isListType(unwrapped) || !isInputObjectType(unwrapped) || !unwrapped.isOneOf) return null;
      if (Object.values(unwrapped.getFields()).some((field) => holdsOneOf(field.type))) return null;
      names.push(variable.variable.name.value);
    }
  }
  return names;
}

/** Exactly one member, and not null: what @oneOf asks of a value (graphql-js words the refusal). */
function isOneMember(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  let members = 0;
  for (const member of Object.values(value)) {
    if (member === undefined) continue;
    if (member === null || ++members > 1) return false;
  }
  return members === 1;
}

/** graphql-jit turned `document` into code: what the operation's requests run once it is compiled. */
function jitCompile(schema: GraphQLSchema, document: DocumentNode): CompiledQuery {
  // Required when the first compile runs, not at start: graphql-jit brings fast-json-stringify
  // and ajv, about a fifth of the modules a start would otherwise load.
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
 * One of the REST shim's fixed operations, checked against the schema at start and run
 * by graphql-jit: the same schema, resolvers and scalars as graphql-js runs, but the
 * variables' coercion and the selection are turned into code once, instead of walked
 * field by field on every request (for the upsert, graphql-js's variable coercion alone
 * was about 5% of the service's CPU under load).
 *
 * Compiled after its first request, off that request's path: loading graphql-jit takes
 * about 90 ms (it brings fast-json-stringify and ajv), which neither a start nor the
 * first answer should wait for. Until then graphql-js runs the operation.
 *
 * graphql-jit does not check @oneOf: a value that is not exactly one member goes to graphql-js.
 * It coerces variables with messages of its own. A request it refuses there
 * (nothing has run yet: graphql-jit answers without `data` only then) is run again by
 * graphql-js, so that every refusal reads exactly as graphql-js words it, on both doors.
 */
export function compileOperation<T>(schema: GraphQLSchema, document: DocumentNode): CompiledOperation<T> {
  assertFitsSchema(schema, document);
  const oneOfVariables = topLevelOneOfVariables(schema, document);
  // undefined: not yet compiled; null: graphql-jit could not compile it, graphql-js runs it.
  let query: CompiledQuery | null | undefined;
  let scheduled = false;
  const compileNow = (): void => {
    if (query !== undefined) return;
    if (oneOfVariables === null) {
      query = null;
      return;
    }
    try {
      query = jitCompile(schema, document);
    } catch (error) {
      query = null;
      process.emitWarning(`The REST shim runs an operation uncompiled: ${(error as Error).message}`);
    }
  };
  const runByGraphqlJs = async (variableValues: Record<string, unknown>, contextValue: GraphQLContext) =>
    (await execute({ schema, document, variableValues, contextValue })) as ExecutionResult<T>;
  const operation = async (variableValues: Record<string, unknown>, contextValue: GraphQLContext): Promise<ExecutionResult<T>> => {
    // OpenTelemetry's graphql instrumentation traces graphql-js's execute, which compiled
    // code never calls: with tracing on, the operation runs there and is traced as on /graphql.
    if (isTracing()) return runByGraphqlJs(variableValues, contextValue);
    if (!query) {
      const result = runByGraphqlJs(variableValues, contextValue);
      if (query === undefined && !scheduled) {
        scheduled = true;
        // Once this request's answer has gone: its statement is not held up behind the compile.
        void result.finally(() => setImmediate(compileNow)).catch(() => undefined);
      }
      return result;
    }
    if (!oneOfVariables!.every((name) => isOneMember(variableValues[name]))) return runByGraphqlJs(variableValues, contextValue);
    const result = (await query.query(undefined, contextValue, variableValues)) as ExecutionResult<T>;
    if (result.errors?.length && result.data === undefined) return runByGraphqlJs(variableValues, contextValue);
    return result;
  };
  return Object.assign(operation, { compileNow });
}
