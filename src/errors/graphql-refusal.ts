import type { ErrorCode } from './catalogue';
import type { FieldProblem } from './app-error';

/**
 * What a GraphQL error looks like to the classifier. errors/ does not import graphql:
 * graphql-js tags its errors (`Symbol.toStringTag` is 'GraphQLError'), and that tag,
 * with `path` and `originalError`, is all the classifier reads.
 */
export interface GraphQLErrorLike extends Error {
  readonly path?: readonly (string | number)[];
  readonly originalError?: Error;
}

export function isGraphQLError(error: unknown): error is GraphQLErrorLike {
  return error instanceof Error && Object.prototype.toString.call(error) === '[object GraphQLError]';
}

/**
 * A scalar's refusal (graphql/scalars.ts): `rule`, a value the schema could read that
 * breaks a field rule (REST 422); `type`, a value of the wrong JSON type (400).
 */
export type ScalarProblem = 'rule' | 'type';

function scalarProblemOf(error: unknown): ScalarProblem | undefined {
  const problem = (error as { scalarProblem?: unknown } | undefined)?.scalarProblem;
  return problem === 'rule' || problem === 'type' ? problem : undefined;
}

interface Refusal {
  readonly errorCode: ErrorCode;
  readonly message: string;
  readonly fields: readonly FieldProblem[];
}

// graphql-js 16 reports a bad variable as
//   Variable "$input" got invalid value <the value> at "input.consumer.emailAddress"; <problem>
// The value may be personal data, so it is dropped; the path becomes a field name
// relative to an input object ("consumer.emailAddress"), or the variable's own name
// when the variable itself is the argument ("first", "sort[0].field").
const VARIABLE_NAME = /^Variable "\$(\w+)"/;
const VARIABLE_PATH = / at "[a-zA-Z_]\w*(\.?)([^"]*)"$/;
const ECHOED_VALUE = /(cannot represent (?:a )?non[- ]\w+ value|cannot represent non-object value): [\s\S]*$/;

function variableField(prefix: string): string | undefined {
  const path = VARIABLE_PATH.exec(prefix);
  if (path?.[1] === '.' && path[2]) return path[2];
  const name = VARIABLE_NAME.exec(prefix)?.[1];
  return name && `${name}${path?.[2] ?? ''}`;
}

// graphql-js names a missing or unknown field in the message, one level below the path.
const NAMED_FIELD = /^Field "(\w+)" (?:(is not defined by type)|of required type "[^"]+" was not provided)/;

function fromInvalidVariable(error: GraphQLErrorLike, problem: string, errorCode: ErrorCode): Refusal {
  const prefix = error.message.slice(0, Math.max(0, error.message.length - problem.length - 2));
  let field = variableField(prefix);
  let safeProblem = problem.replace(ECHOED_VALUE, '$1');
  const named = NAMED_FIELD.exec(problem);
  if (named) {
    // A field of an input object, one level below the path (none: the variable's own object).
    field = VARIABLE_PATH.test(prefix) && field ? `${field}.${named[1]}` : named[1];
    safeProblem = named[2] ? 'is not a known field' : 'is required';
  }
  return { errorCode, message: field ? `${field} ${safeProblem}` : safeProblem, fields: field ? [{ field, message: safeProblem }] : [] };
}

/**
 * Whether graphql-js or Apollo refused the request itself (parse, validation, variable
 * coercion): a GraphQLError of their own, no execution path, and no cause beyond
 * another GraphQLError (a scalar's). A plain Error underneath is a fault.
 */
export function isRefusedRequest(error: GraphQLErrorLike): boolean {
  return error.path === undefined && (error.originalError === undefined || isGraphQLError(error.originalError));
}

/** A refused request in catalogue terms: invalid_request, or validation_failed when a scalar's rule was broken. */
export function readRefusal(error: GraphQLErrorLike): Refusal {
  const scalarError = error.originalError;
  const problem = scalarProblemOf(scalarError);
  const errorCode = problem === 'rule' ? 'validation_failed' : 'invalid_request';
  if (error.message.startsWith('Variable "$') && scalarError) return fromInvalidVariable(error, scalarError.message, errorCode);
  if (problem !== undefined) {
    // An inline literal: graphql-js says `found <literal>`; keep only the type and the rule.
    const type = /^Expected value of type "([^"]+)"/.exec(error.message)?.[1] ?? 'value';
    return { errorCode, message: `${type} ${scalarError!.message}`, fields: [] };
  }
  return { errorCode, message: error.message.replace(ECHOED_VALUE, '$1'), fields: [] };
}
