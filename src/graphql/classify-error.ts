import { GraphQLError } from 'graphql';
import { ScalarRuleError, ScalarTypeError } from './scalars';
import { AppError, type FieldProblem } from '../errors/app-error';
import { ERROR_CATALOGUE, type ErrorCode } from '../errors/catalogue';

/** A GraphQL error read in catalogue terms: what both surfaces show. */
export interface ClassifiedError {
  readonly errorCode: ErrorCode;
  readonly message: string;
  readonly fields: readonly FieldProblem[];
  readonly retryAfterSeconds?: number;
  /** True when nothing about the error may be shown: it is logged in full instead. */
  readonly unexpected: boolean;
  /** True when graphql-js or Apollo refused the request itself: Apollo's own code then stands. */
  readonly refusedRequest: boolean;
}

function rootCause(error: GraphQLError): Error | undefined {
  let cause: Error | undefined = error.originalError;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  return cause;
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

function fromInvalidVariable(error: GraphQLError, problem: string, errorCode: ErrorCode): ClassifiedError {
  const prefix = error.message.slice(0, Math.max(0, error.message.length - problem.length - 2));
  let field = variableField(prefix);
  let safeProblem = problem.replace(ECHOED_VALUE, '$1');
  const named = NAMED_FIELD.exec(problem);
  if (named) {
    // A field of an input object, one level below the path (none: the variable's own object).
    field = VARIABLE_PATH.test(prefix) && field ? `${field}.${named[1]}` : named[1];
    safeProblem = named[2] ? 'is not a known field' : 'is required';
  }
  return {
    errorCode,
    message: field ? `${field} ${safeProblem}` : safeProblem,
    fields: field ? [{ field, message: safeProblem }] : [],
    unexpected: false,
    refusedRequest: true,
  };
}

/**
 * Sorts any error a GraphQL execution produced into the catalogue:
 * - an AppError (thrown by the core or tenancy) keeps its code;
 * - a request the schema could not accept (parse, validation, variable coercion: no
 *   execution path, no cause but a GraphQLError) is invalid_request, or
 *   validation_failed when a scalar's rule was broken;
 * - anything else is unexpected: internal_error, shown as "Unexpected error.".
 */
export function classifyGraphQLError(error: GraphQLError): ClassifiedError {
  const cause = rootCause(error);
  if (cause instanceof AppError) {
    return {
      errorCode: cause.errorCode,
      message: cause.message,
      fields: cause.fields,
      retryAfterSeconds: cause.retryAfterSeconds,
      unexpected: false,
      refusedRequest: false,
    };
  }
  // graphql-js and Apollo refuse a request with a GraphQLError of their own, no path,
  // and no cause beyond another GraphQLError (a scalar's). A plain Error is a fault.
  const refused = error.path === undefined && (error.originalError === undefined || error.originalError instanceof GraphQLError);
  if (refused) {
    const scalarError = error.originalError;
    const errorCode = scalarError instanceof ScalarRuleError ? 'validation_failed' : 'invalid_request';
    if (error.message.startsWith('Variable "$') && scalarError) {
      return fromInvalidVariable(error, scalarError.message, errorCode);
    }
    if (scalarError instanceof ScalarRuleError || scalarError instanceof ScalarTypeError) {
      // An inline literal: graphql-js says `found <literal>`; keep only the type and the rule.
      const type = /^Expected value of type "([^"]+)"/.exec(error.message)?.[1] ?? 'value';
      return { errorCode, message: `${type} ${scalarError.message}`, fields: [], unexpected: false, refusedRequest: true };
    }
    return { errorCode, message: error.message.replace(ECHOED_VALUE, '$1'), fields: [], unexpected: false, refusedRequest: true };
  }
  return { errorCode: 'internal_error', message: ERROR_CATALOGUE.internal_error.message, fields: [], unexpected: true, refusedRequest: false };
}
