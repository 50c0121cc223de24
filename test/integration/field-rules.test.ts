import { bearer, graphql, postCustomer, UPSERT_MUTATION } from '../helpers/clients';
import { consumerInput, organisationInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';

let t: TestApp;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  auth = bearer(t.tenants.secrets.merchantA);
});
afterAll(() => t.close());

const long = (n: number) => 'x'.repeat(n);
const TAGS = { consumer: 'UpsertConsumerCustomer', organisation: 'UpsertOrganisationCustomer' } as const;
type Kind = keyof typeof TAGS;

/** [kind, field, value (undefined = leave the field out), expected class] — one row per rule of contract section 2. */
const CASES: [Kind, string, unknown, 'unreadable' | 'rule'][] = [
  ['consumer', 'emailAddress', undefined, 'unreadable'],
  ['consumer', 'emailAddress', 'not-an-email', 'rule'],
  ['consumer', 'emailAddress', `${long(250)}@star.com`, 'rule'],
  ['consumer', 'emailAddress', 42, 'unreadable'],
  ['consumer', 'referenceCustomerId', '', 'rule'],
  ['consumer', 'referenceCustomerId', '   ', 'rule'],
  ['consumer', 'referenceCustomerId', long(129), 'rule'],
  ['consumer', 'referenceCustomerId', 'REF\u0007BELL', 'rule'],
  ['consumer', 'givenName', long(101), 'rule'],
  ['consumer', 'middleName', long(101), 'rule'],
  ['consumer', 'familyName', long(101), 'rule'],
  ['consumer', 'givenName', 'nul\u0000byte', 'rule'],
  ['consumer', 'givenName', { first: 'Lucy' }, 'unreadable'],
  ['consumer', 'phoneNumber', '0401234567', 'rule'],
  ['consumer', 'phoneNumber', '+0123', 'rule'],
  ['consumer', 'isVerified', 'yes', 'unreadable'],
  ['consumer', 'metadata', ['a'], 'unreadable'],
  ['consumer', 'metadata', 'text', 'unreadable'],
  ['consumer', 'metadata', { blob: long(8200) }, 'rule'],
  ['consumer', 'metadata', { bad: 'nul\u0000' }, 'rule'],
  ['consumer', 'organisationName', 'Not for consumers', 'unreadable'],
  ['consumer', 'unknownField', 1, 'unreadable'],
  ['organisation', 'referenceCustomerId', undefined, 'unreadable'],
  ['organisation', 'referenceCustomerId', long(129), 'rule'],
  ['organisation', 'organisationName', undefined, 'unreadable'],
  ['organisation', 'organisationName', '', 'rule'],
  ['organisation', 'organisationName', long(201), 'rule'],
  ['organisation', 'taxId', long(51), 'rule'],
  ['organisation', 'emailAddress', 'ap@', 'rule'],
  ['organisation', 'phoneNumber', '12345', 'rule'],
  ['organisation', 'givenName', 'Not for organisations', 'unreadable'],
];

function inputWith(kind: Kind, field: string, value: unknown): Record<string, unknown> {
  const base = kind === 'consumer' ? consumerInput() : organisationInput();
  if (value === undefined) delete base[field];
  else base[field] = value;
  return base;
}

async function customerCount(): Promise<number> {
  const [row] = await queryDatabase<{ n: string }>(t.database.url, 'SELECT count(*) AS n FROM customers');
  return Number(row!.n);
}

describe.each(CASES)('%s.%s = %j', (kind, field, value, expected) => {
  it(`GraphQL: BAD_USER_INPUT with errorCode ${expected === 'rule' ? 'validation_failed' : 'invalid_request'}, naming the field, writing nothing`, async () => {
    const before = await customerCount();
    const result = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { [kind]: inputWith(kind, field, value) } }, auth);
    expect(result.body.data ?? null).toBeNull();
    const [error] = result.body.errors;
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      errorCode: expected === 'rule' ? 'validation_failed' : 'invalid_request',
      fields: expect.arrayContaining([expect.objectContaining({ field: `${kind}.${field}` })]),
    });
    expect(await customerCount()).toBe(before);
  });

  it(`REST: ${expected === 'rule' ? '422 validation_failed' : '400 invalid_request'} naming ${TAGS[kind]}.${field}, writing nothing`, async () => {
    const before = await customerCount();
    const result = await postCustomer(t.baseUrl, { [TAGS[kind]]: inputWith(kind, field, value) }, auth);
    expect(result.status).toBe(expected === 'rule' ? 422 : 400);
    expect(result.body).toMatchObject({
      statusCode: result.status,
      errorCode: expected === 'rule' ? 'validation_failed' : 'invalid_request',
      metadata: { fields: expect.arrayContaining([expect.objectContaining({ field: `${TAGS[kind]}.${field}` })]) },
    });
    expect(await customerCount()).toBe(before);
  });
});

describe('values at the limits are accepted', () => {
  it.each([
    ['consumer', { emailAddress: `${long(244)}@star.com`, givenName: long(100), referenceCustomerId: long(128) }],
    ['consumer', { metadata: { blob: long(8000) }, phoneNumber: '+61401234567', givenName: 'Zoë 名前' }],
    ['organisation', { organisationName: long(200), taxId: long(50), referenceCustomerId: `  ${long(120)}  ` }],
  ] as const)('%s %#', async (kind, fields) => {
    const base = kind === 'consumer' ? consumerInput(fields) : organisationInput(fields);
    const result = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { [kind]: base } }, auth);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.upsertCustomer.outcome).toBe('CREATED');
  });
});

describe('an error never echoes the value it refused', () => {
  it('leaves a bad email and phone out of the message', async () => {
    const input = { consumer: { emailAddress: 'secret.person@', phoneNumber: '0400 111 222' } };
    const result = await graphql(t.baseUrl, UPSERT_MUTATION, { input }, auth);
    const text = JSON.stringify(result.body);
    expect(text).not.toContain('secret.person');
    expect(text).not.toContain('0400 111 222');
    const rest = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: 'x@y.com', givenName: { email: 'hidden@star.com' } } }, auth);
    expect(JSON.stringify(rest.body)).not.toContain('hidden@star.com');
  });
});
