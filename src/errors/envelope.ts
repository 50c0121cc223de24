import { ERROR_CATALOGUE, ERROR_TYPE_DESCRIPTIONS, type ErrorCode } from './catalogue';
import type { FieldProblem } from './app-error';

/** April's error body: every non-2xx answer outside /graphql has this shape. */
interface Envelope {
  statusCode: number;
  errorCode: ErrorCode;
  message: string;
  tracer: string;
  detail: string;
  errorTypeDescription: string;
  metadata: { fields?: FieldProblem[] };
}

interface EnvelopeError {
  readonly errorCode: ErrorCode;
  readonly message: string;
  readonly fields: readonly FieldProblem[];
}

export function toEnvelope(error: EnvelopeError, tracer: string): Envelope {
  const entry = ERROR_CATALOGUE[error.errorCode];
  return {
    statusCode: entry.status,
    errorCode: error.errorCode,
    message: error.message,
    tracer,
    detail: entry.message,
    errorTypeDescription: ERROR_TYPE_DESCRIPTIONS[entry.status] ?? 'Error',
    metadata: error.fields.length > 0 ? { fields: [...error.fields] } : {},
  };
}
