/**
 * The one table behind both surfaces: an errorCode decides the HTTP status of the
 * REST envelope and the `extensions.code` of a GraphQL error. `Record<ErrorCode, …>`
 * makes a code without a mapping a compile error.
 */
export const ERROR_CODES = [
  'invalid_json',
  'invalid_request',
  'merchant_id_required',
  'unauthorized',
  'forbidden',
  'merchant_not_found',
  'not_found',
  'method_not_allowed',
  'not_acceptable',
  'request_timeout',
  'reference_customer_id_taken',
  'idempotency_key_in_use',
  'expectation_failed',
  'validation_failed',
  'idempotency_key_reused',
  'rate_limited',
  'request_header_too_large',
  'internal_error',
  'service_unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface CatalogueEntry {
  readonly status: number;
  /** Apollo's code for `extensions.code`. */
  readonly graphqlCode: string;
  readonly message: string;
}

export const ERROR_CATALOGUE: Readonly<Record<ErrorCode, CatalogueEntry>> = {
  invalid_json: { status: 400, graphqlCode: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
  invalid_request: { status: 400, graphqlCode: 'BAD_USER_INPUT', message: 'The request is not in the expected shape.' },
  merchant_id_required: {
    status: 400,
    graphqlCode: 'BAD_USER_INPUT',
    message: 'A marketplace API key must name the merchant in the Merchant-Id header.',
  },
  unauthorized: { status: 401, graphqlCode: 'UNAUTHENTICATED', message: 'A valid credential is required.' },
  forbidden: { status: 403, graphqlCode: 'FORBIDDEN', message: 'This credential may not act for that merchant.' },
  merchant_not_found: { status: 404, graphqlCode: 'NOT_FOUND', message: 'No merchant has that id.' },
  not_found: { status: 404, graphqlCode: 'NOT_FOUND', message: 'Not found.' },
  method_not_allowed: { status: 405, graphqlCode: 'METHOD_NOT_ALLOWED', message: 'That method is not allowed here.' },
  not_acceptable: { status: 406, graphqlCode: 'NOT_ACCEPTABLE', message: 'This endpoint only answers application/json.' },
  request_timeout: { status: 408, graphqlCode: 'BAD_REQUEST', message: 'The request was not received in time.' },
  reference_customer_id_taken: {
    status: 409,
    graphqlCode: 'CONFLICT',
    message: 'referenceCustomerId is already held by another customer of this merchant.',
  },
  idempotency_key_in_use: {
    status: 409,
    graphqlCode: 'CONFLICT',
    message: 'A request with this Idempotency-Key is still running.',
  },
  expectation_failed: { status: 417, graphqlCode: 'BAD_REQUEST', message: 'Only Expect: 100-continue is supported.' },
  validation_failed: { status: 422, graphqlCode: 'BAD_USER_INPUT', message: 'A value breaks a field rule.' },
  idempotency_key_reused: {
    status: 422,
    graphqlCode: 'BAD_USER_INPUT',
    message: 'This Idempotency-Key was used with a different request.',
  },
  rate_limited: { status: 429, graphqlCode: 'RATE_LIMITED', message: 'Too many requests; retry later.' },
  request_header_too_large: {
    status: 431,
    graphqlCode: 'BAD_REQUEST',
    message: 'The request headers are larger than this service accepts.',
  },
  internal_error: { status: 500, graphqlCode: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' },
  service_unavailable: {
    status: 503,
    graphqlCode: 'SERVICE_UNAVAILABLE',
    message: 'The service is temporarily unavailable; retry later.',
  },
};

/** April's `errorTypeDescription`: the standard reason phrase of the status. */
export const ERROR_TYPE_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  417: 'Expectation Failed',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
