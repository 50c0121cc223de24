import { ERROR_CATALOGUE, type ErrorCode } from './catalogue';

export interface FieldProblem {
  /** Dotted path from the top of the input, e.g. `emailAddress` or `consumer.emailAddress`. */
  readonly field: string;
  readonly message: string;
}

/**
 * An error the service means to show its caller. Anything that is not an AppError
 * is unexpected: masked as `internal_error` and logged in full.
 */
export class AppError extends Error {
  constructor(
    readonly errorCode: ErrorCode,
    message: string = ERROR_CATALOGUE[errorCode].message,
    readonly fields: readonly FieldProblem[] = [],
    /** Seconds, for 429 and 503. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class ValidationFailed extends AppError {
  constructor(fields: readonly FieldProblem[]) {
    const first = fields[0];
    super('validation_failed', first ? `${first.field} ${first.message}` : 'A value breaks a field rule.', fields);
  }
}

/** What a 503 tells the caller to wait before retrying, on both doors. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export class ServiceUnavailable extends AppError {
  constructor(message = ERROR_CATALOGUE.service_unavailable.message, cause?: unknown) {
    super('service_unavailable', message, [], UNAVAILABLE_RETRY_AFTER_SECONDS);
    // Kept for the log line, never shown to the caller.
    if (cause !== undefined) this.cause = cause;
  }
}

/** Makes a switch over a union exhaustive at compile time. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}
