import { AppError, UNAVAILABLE_RETRY_AFTER_SECONDS, type FieldProblem } from './app-error';
import { ERROR_CATALOGUE, type ErrorCode } from './catalogue';
import { isDatabaseUnavailable } from './database-unavailable';
import { isGraphQLError, isRefusedRequest, readRefusal, type GraphQLErrorLike } from './graphql-refusal';
import { OperationErrors } from './operation-errors';

/** Anything thrown, read in catalogue terms: what both surfaces render and what the log and idempotency decide from. */
export interface ClassifiedError {
  readonly errorCode: ErrorCode;
  readonly message: string;
  readonly fields: readonly FieldProblem[];
  /** Seconds, for 429 and 503. */
  readonly retryAfterSeconds?: number;
  /** True when nothing about the error may be shown: it is logged in full instead. */
  readonly unexpected: boolean;
  /** True when graphql-js or Apollo refused the request itself: Apollo's own code then stands. */
  readonly refusedRequest: boolean;
  /** How the error is logged: `error` for a fault, `warn` for an outage, nothing for the caller's mistake. */
  readonly logLevel?: 'error' | 'warn';
  /** What the log line shows as `err`: never shown to the caller. */
  readonly cause: unknown;
}

const UNEXPECTED = { errorCode: 'internal_error', message: ERROR_CATALOGUE.internal_error.message, fields: [] } as const;

function entry(
  shown: { errorCode: ErrorCode; message: string; fields: readonly FieldProblem[]; retryAfterSeconds?: number },
  cause: unknown,
  refusedRequest = false,
): ClassifiedError {
  const unexpected = shown.errorCode === 'internal_error';
  const logLevel = unexpected ? 'error' : shown.errorCode === 'service_unavailable' ? 'warn' : undefined;
  return { ...shown, unexpected, refusedRequest, ...(logLevel && { logLevel }), cause };
}

function fromAppError(error: AppError, cause: unknown): ClassifiedError {
  const { errorCode, message, fields, retryAfterSeconds } = error;
  return entry({ errorCode, message, fields, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) }, cause);
}

// A PostgreSQL error (it has a severity and a five-character SQLSTATE) that says the
// database is not there. Socket errors alone are not read as one: Redis has them too.
function isDatabaseOutage(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && isDatabaseUnavailable(error);
}

function unavailable(cause: unknown): ClassifiedError {
  const { message } = ERROR_CATALOGUE.service_unavailable;
  return entry({ errorCode: 'service_unavailable', message, fields: [], retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS }, cause);
}

function rootCause(error: GraphQLErrorLike): Error | undefined {
  let cause = error.originalError;
  while (isGraphQLError(cause) && cause.originalError) cause = cause.originalError;
  return cause;
}

/**
 * graphql-js wraps what a resolver threw; Apollo and graphql-js refuse requests with
 * errors of their own. The cause keeps its meaning (an AppError its code); a refusal
 * is the caller's mistake; anything else is a fault, masked.
 */
function fromGraphQLError(error: GraphQLErrorLike): ClassifiedError {
  const cause = rootCause(error);
  const logged = error.originalError ?? error;
  if (cause instanceof AppError) return fromAppError(cause, logged);
  if (isDatabaseOutage(cause)) return unavailable(logged);
  if (isRefusedRequest(error)) return entry(readRefusal(error), error, true);
  return entry(UNEXPECTED, logged);
}

// What Fastify's body parser refuses (FST_ERR_CTP_*), in catalogue terms.
const BAD_BODY: Readonly<Record<string, { errorCode: ErrorCode; message: string }>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { errorCode: 'invalid_request', message: 'Content-Type must be application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { errorCode: 'invalid_request', message: 'Content-Length does not match the body.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { errorCode: 'invalid_request', message: 'The request body is larger than this service accepts.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { errorCode: 'invalid_json', message: 'The request body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { errorCode: 'invalid_json', message: 'The request body is not valid JSON.' },
};

/** Fastify's and Node's errors: a body it could not read, any other 4xx it raised; anything else is a fault. */
function fromHttpError(error: unknown): ClassifiedError {
  const { code, statusCode } = (error ?? {}) as { code?: string; statusCode?: number };
  const badBody = code !== undefined && Object.hasOwn(BAD_BODY, code) ? BAD_BODY[code] : undefined;
  if (badBody) return entry({ ...badBody, fields: [] }, error);
  if (error instanceof SyntaxError && statusCode === 400) return entry({ ...BAD_BODY.FST_ERR_CTP_INVALID_JSON_BODY!, fields: [] }, error);
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return entry({ errorCode: 'invalid_request', message: ERROR_CATALOGUE.invalid_request.message, fields: [] }, error);
  }
  return entry(UNEXPECTED, error);
}

/**
 * A REST door's operation errors as one answer. A fault outranks everything (it is
 * masked and logged); then a request the schema could not read outranks a broken rule
 * (400 before 422). The fields of every error of the leading code are shown, under
 * the door's names.
 */
function fromOperationErrors(carrier: OperationErrors): ClassifiedError {
  const classified = carrier.errors.map(classifyError);
  const fault = classified.find((entry) => entry.unexpected);
  if (fault) return fault;
  const lead = classified.find((entry) => entry.errorCode === 'invalid_request') ?? classified[0];
  if (!lead) return entry(UNEXPECTED, carrier);
  const fields = classified
    .filter((entry) => entry.errorCode === lead.errorCode)
    .flatMap((entry) => entry.fields)
    .map((problem) => ({ field: carrier.fieldName(problem.field), message: problem.message }));
  const first = fields[0];
  return { ...lead, message: first ? `${first.field.split('.').at(-1)} ${first.message}` : lead.message, fields };
}

function classifyOnce(error: unknown): ClassifiedError {
  if (error instanceof AppError) return fromAppError(error, error);
  if (error instanceof OperationErrors) return fromOperationErrors(error);
  if (isGraphQLError(error)) return fromGraphQLError(error);
  if (isDatabaseOutage(error)) return unavailable(error);
  return fromHttpError(error);
}

// Each error is classified once, however many places (formatter, logger, status) ask.
const classified = new WeakMap<object, ClassifiedError>();

/**
 * The one function from anything thrown, on either door or by the HTTP layer, to a
 * catalogue entry: AppError keeps its code; GraphQL refusals and scalar rules are the
 * caller's; Fastify's body refusals and 4xx errors are invalid_request or invalid_json;
 * a PostgreSQL outage is service_unavailable; anything else is internal_error, masked.
 */
export function classifyError(error: unknown): ClassifiedError {
  if (typeof error !== 'object' || error === null) return classifyOnce(error);
  let result = classified.get(error);
  if (!result) classified.set(error, (result = classifyOnce(error)));
  return result;
}
