import { AppError } from '../errors/app-error';
import { ERROR_CATALOGUE } from '../errors/catalogue';
import type { EnvelopeError } from '../rest/envelope';

export interface ClassifiedHttpError extends EnvelopeError {
  readonly unexpected: boolean;
  readonly retryAfterSeconds?: number;
}

const BAD_BODY: Record<string, ClassifiedHttpError> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    errorCode: 'invalid_request',
    message: 'Content-Type must be application/json.',
    fields: [],
    unexpected: false,
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    errorCode: 'invalid_request',
    message: 'Content-Length does not match the body.',
    fields: [],
    unexpected: false,
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    errorCode: 'invalid_request',
    message: 'The request body is larger than this service accepts.',
    fields: [],
    unexpected: false,
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { errorCode: 'invalid_json', message: 'The request body is empty.', fields: [], unexpected: false },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    errorCode: 'invalid_json',
    message: 'The request body is not valid JSON.',
    fields: [],
    unexpected: false,
  },
};

/** What Fastify or a route threw, in catalogue terms. Unknown errors are masked. */
export function classifyHttpError(error: unknown): ClassifiedHttpError {
  if (error instanceof AppError) {
    return { errorCode: error.errorCode, message: error.message, fields: error.fields, unexpected: false, retryAfterSeconds: error.retryAfterSeconds };
  }
  const { code, statusCode } = (error ?? {}) as { code?: string; statusCode?: number };
  if (code && BAD_BODY[code]) return BAD_BODY[code];
  if (error instanceof SyntaxError && statusCode === 400) return BAD_BODY.FST_ERR_CTP_INVALID_JSON_BODY!;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { errorCode: 'invalid_request', message: ERROR_CATALOGUE.invalid_request.message, fields: [], unexpected: false };
  }
  return { errorCode: 'internal_error', message: ERROR_CATALOGUE.internal_error.message, fields: [], unexpected: true };
}
