import { GraphQLError } from 'graphql';
import { AppError } from '../../src/errors/app-error';
import { classifyGraphQLError } from '../../src/graphql/classify-error';
import { ScalarRuleError } from '../../src/graphql/scalars';

describe('classifying GraphQL errors', () => {
  it('keeps an AppError’s code wherever it was thrown', () => {
    const error = new GraphQLError('x', { originalError: new AppError('forbidden'), path: ['upsertCustomer'] });
    expect(classifyGraphQLError(error)).toMatchObject({ errorCode: 'forbidden', unexpected: false });
  });

  it('reads a bad variable as a field problem, without the value', () => {
    const cause = new ScalarRuleError('is not a valid email address');
    const error = new GraphQLError(`Variable "$input" got invalid value "secret@x" at "input.consumer.emailAddress"; ${cause.message}`, { originalError: cause });
    expect(classifyGraphQLError(error)).toEqual({
      errorCode: 'validation_failed',
      message: 'consumer.emailAddress is not a valid email address',
      fields: [{ field: 'consumer.emailAddress', message: 'is not a valid email address' }],
      unexpected: false,
      refusedRequest: true,
    });
  });

  it('masks a plain Error even when it has no execution path', () => {
    const error = new GraphQLError('Cannot read properties of undefined (reading "secret")', { originalError: new TypeError('boom') });
    expect(classifyGraphQLError(error)).toMatchObject({ errorCode: 'internal_error', message: 'Unexpected error.', unexpected: true });
  });

  it('masks a failure inside a resolver', () => {
    const error = new GraphQLError('relation "x" does not exist', { originalError: new Error('SQL'), path: ['customer'] });
    expect(classifyGraphQLError(error)).toMatchObject({ errorCode: 'internal_error', unexpected: true });
  });

  it('shows graphql-js’s own refusal of a document', () => {
    expect(classifyGraphQLError(new GraphQLError('Cannot query field "nope" on type "Query".'))).toMatchObject({
      errorCode: 'invalid_request',
      message: 'Cannot query field "nope" on type "Query".',
      refusedRequest: true,
    });
  });
});
