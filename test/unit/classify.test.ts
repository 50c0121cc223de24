import { GraphQLError } from 'graphql';
import { AppError, ServiceUnavailable, ValidationFailed } from '../../src/errors/app-error';
import { classifyError, type ClassifiedError } from '../../src/errors/classify';
import { OperationErrors } from '../../src/errors/operation-errors';
import { ScalarRuleError, ScalarTypeError } from '../../src/graphql/scalars';

function withProps<T extends Error>(error: T, props: Record<string, unknown>): T {
  return Object.assign(error, props);
}

const emailRule = new ScalarRuleError('is not a valid email address');
const badVariable = new GraphQLError(`Variable "$input" got invalid value "secret@x" at "input.consumer.emailAddress"; ${emailRule.message}`, {
  originalError: emailRule,
});
const phoneType = new ScalarTypeError('must be a string');
const badPhoneType = new GraphQLError(`Variable "$input" got invalid value 3 at "input.consumer.phoneNumber"; ${phoneType.message}`, {
  originalError: phoneType,
});
const pgOutage = withProps(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' });
const resolverFault = new GraphQLError('relation "x" does not exist', { originalError: new Error('SQL'), path: ['customer'] });

type Expected = Partial<ClassifiedError>;
const cases: [string, () => unknown, Expected][] = [
  ['an AppError keeps its code and message', () => new AppError('forbidden'), { errorCode: 'forbidden', unexpected: false }],
  [
    'an AppError thrown in a resolver keeps its code through graphql-js’s wrapping',
    () => new GraphQLError('x', { originalError: new AppError('reference_customer_id_taken'), path: ['upsertCustomer'] }),
    { errorCode: 'reference_customer_id_taken', unexpected: false, refusedRequest: false },
  ],
  [
    'a bad variable is a field problem, without the value',
    () => badVariable,
    {
      errorCode: 'validation_failed',
      message: 'consumer.emailAddress is not a valid email address',
      fields: [{ field: 'consumer.emailAddress', message: 'is not a valid email address' }],
      refusedRequest: true,
    },
  ],
  [
    'a literal of the wrong type names only its type and the rule',
    () =>
      new GraphQLError('Expected value of type "JSONObject", found 3; must be a JSON object', { originalError: new ScalarTypeError('must be a JSON object') }),
    { errorCode: 'invalid_request', message: 'JSONObject must be a JSON object', refusedRequest: true },
  ],
  [
    'graphql-js’s own refusal of a document is shown',
    () => new GraphQLError('Cannot query field "nope" on type "Query".'),
    { errorCode: 'invalid_request', message: 'Cannot query field "nope" on type "Query".', refusedRequest: true, unexpected: false },
  ],
  [
    'a plain Error under a GraphQL error without a path is masked',
    () => new GraphQLError('Cannot read properties of undefined (reading "secret")', { originalError: new TypeError('boom') }),
    { errorCode: 'internal_error', message: 'Unexpected error.', unexpected: true, logLevel: 'error' },
  ],
  ['a failure inside a resolver is masked', () => resolverFault, { errorCode: 'internal_error', unexpected: true }],
  [
    'a 503 from the database layer is retryable and warned about',
    () => new GraphQLError('x', { originalError: new ServiceUnavailable(), path: ['customer'] }),
    { errorCode: 'service_unavailable', retryAfterSeconds: 5, logLevel: 'warn' },
  ],
  ['a PostgreSQL outage is service_unavailable', () => pgOutage, { errorCode: 'service_unavailable', retryAfterSeconds: 5, unexpected: false }],
  [
    'a socket error alone (Redis has them too) is not read as a database outage',
    () => withProps(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    { errorCode: 'internal_error', unexpected: true },
  ],
  [
    'Fastify’s refusal of a content type',
    () => withProps(new Error('Unsupported Media Type'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }),
    { errorCode: 'invalid_request', message: 'Content-Type must be application/json.' },
  ],
  [
    'an empty JSON body',
    () => withProps(new Error('empty'), { code: 'FST_ERR_CTP_EMPTY_JSON_BODY', statusCode: 400 }),
    { errorCode: 'invalid_json', message: 'The request body is empty.' },
  ],
  ['a body parser’s SyntaxError', () => withProps(new SyntaxError('Unexpected token'), { statusCode: 400 }), { errorCode: 'invalid_json' }],
  [
    'any other 4xx Fastify raised',
    () => withProps(new Error('x'), { statusCode: 414 }),
    { errorCode: 'invalid_request', message: 'The request is not in the expected shape.', unexpected: false },
  ],
  ['a 5xx Fastify raised is a fault', () => withProps(new Error('x'), { statusCode: 500 }), { errorCode: 'internal_error', unexpected: true }],
  ['something thrown that is not an Error', () => 'a string', { errorCode: 'internal_error', unexpected: true }],
  [
    'a REST door’s errors: a request the schema could not read outranks a broken rule, under April’s field names',
    () =>
      new OperationErrors(
        [new GraphQLError('x', { originalError: new ValidationFailed([{ field: 'consumer.lastName', message: 'is too long' }]), path: ['u'] }), badPhoneType],
        (field) => `April.${field}`,
      ),
    { errorCode: 'invalid_request', message: 'phoneNumber must be a string', fields: [{ field: 'April.consumer.phoneNumber', message: 'must be a string' }] },
  ],
  [
    'a REST door’s errors: a fault outranks every other error',
    () => new OperationErrors([badVariable, resolverFault], (field) => field),
    { errorCode: 'internal_error', unexpected: true },
  ],
];

describe('classifyError: anything thrown to a catalogue entry', () => {
  it.each(cases)('%s', (_name, make, expected) => {
    expect(classifyError(make())).toMatchObject(expected);
  });

  it('never shows the value a bad variable carried', () => {
    const { message, fields } = classifyError(badVariable);
    expect(JSON.stringify({ message, fields })).not.toContain('secret@x');
  });

  it('classifies an error once, however often it is asked', () => {
    const error = new GraphQLError('x', { originalError: new AppError('forbidden'), path: ['customer'] });
    expect(classifyError(error)).toBe(classifyError(error));
  });

  it('logs a masked fault by its cause, not by graphql-js’s wrapper', () => {
    expect(classifyError(resolverFault).cause).toBe(resolverFault.originalError);
  });
});
