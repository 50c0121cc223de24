import { bearer, graphql, postCustomer, request, UPSERT_MUTATION } from '../helpers/clients';
import { consumerInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const A = () => bearer(t.tenants.secrets.merchantA);

async function customerCount(): Promise<number> {
  const [row] = await queryDatabase<{ n: string }>(t.database.url, 'SELECT count(*) AS n FROM customers');
  return Number(row!.n);
}

function postRaw(path: string, text: string | Buffer) {
  return request(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...A() }, body: text });
}

describe('metadata is stored exactly as sent, or refused naming the field', () => {
  it.each([
    ['1e400', '{"big":1e400}', 'big'],
    ['an integer past 2^53', '{"n":18446744073709551617}', 'n'],
    ['negative zero', '{"z":-0}', 'z'],
    ['a number that underflows to 0', '{"tiny":1e-400}', 'tiny'],
    ['a number inside a list', '{"list":[1,2,9007199254740993]}', 'list.2'],
  ])('REST refuses %s with a 422', async (_name, metadata, path) => {
    const before = await customerCount();
    const email = consumerInput().emailAddress as string;
    const result = await postRaw('/customers', `{"UpsertConsumerCustomer":{"emailAddress":"${email}","metadata":${metadata}}}`);
    expect(result.status).toBe(422);
    expect(result.body.errorCode).toBe('validation_failed');
    expect(result.body.metadata.fields).toEqual([{ field: `UpsertConsumerCustomer.metadata.${path}`, message: expect.stringContaining('exactly') }]);
    expect(await customerCount()).toBe(before);
  });

  it('GraphQL refuses the same in variables, naming the field', async () => {
    const email = consumerInput().emailAddress as string;
    const body = `{"query":${JSON.stringify(UPSERT_MUTATION)},"variables":{"input":{"consumer":{"emailAddress":"${email}","metadata":{"big":1e400}}}}}`;
    const result = await postRaw('/graphql', body);
    expect(result.body.errors[0].extensions).toMatchObject({
      errorCode: 'validation_failed',
      fields: [{ field: 'variables.input.consumer.metadata.big', message: expect.stringContaining('exactly') }],
    });
  });

  it('GraphQL refuses the same written inline in the document', async () => {
    const query = `mutation { upsertCustomer(input: { consumer: { emailAddress: "${consumerInput().emailAddress}", metadata: { big: 1e400 } } }) { outcome } }`;
    const result = await graphql(t.baseUrl, query, {}, A());
    expect(result.body.errors[0].extensions.errorCode).toBe('validation_failed');
    expect(result.body.data ?? null).toBeNull();
  });

  it('refuses a key written twice, on both doors, instead of keeping the last', async () => {
    const email = consumerInput().emailAddress as string;
    const rest = await postRaw('/customers', `{"UpsertConsumerCustomer":{"emailAddress":"${email}","metadata":{"a":1,"a":2}}}`);
    expect(rest.status).toBe(400);
    expect(rest.body).toMatchObject({ errorCode: 'invalid_request', metadata: { fields: [{ field: 'UpsertConsumerCustomer.metadata.a' }] } });
    const twiceAtTop = await postRaw('/customers', `{"UpsertConsumerCustomer":{"emailAddress":"${email}","givenName":"A","givenName":"B"}}`);
    expect(twiceAtTop.body.errorCode).toBe('invalid_request');
    const gql = await postRaw('/graphql', `{"query":${JSON.stringify(UPSERT_MUTATION)},"query":"{ __typename }"}`);
    expect(gql.body.errors[0].extensions.errorCode).toBe('invalid_request');
  });

  it('stores numbers that survive exactly, as sent', async () => {
    const email = consumerInput().emailAddress as string;
    const result = await postRaw('/customers', `{"UpsertConsumerCustomer":{"emailAddress":"${email}","metadata":{"a":0.1,"b":9007199254740991,"c":1.5e300,"d":-2}}}`);
    expect(result.status).toBe(200);
    const [row] = await queryDatabase<{ metadata: string }>(t.database.url, 'SELECT metadata::text FROM customers WHERE id = $1', [result.body.customerId]);
    expect(JSON.parse(row!.metadata)).toEqual({ a: 0.1, b: 9007199254740991, c: 1.5e300, d: -2 });
  });
});

describe('text is stored as sent or refused', () => {
  it('refuses a body that is not valid UTF-8 instead of storing U+FFFD', async () => {
    const before = await customerCount();
    const email = consumerInput().emailAddress as string;
    const head = Buffer.from(`{"UpsertConsumerCustomer":{"emailAddress":"${email}","givenName":"`);
    const result = await postRaw('/customers', Buffer.concat([head, Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]));
    expect(result.status).toBe(400);
    expect(result.body.errorCode).toBe('invalid_json');
    expect(result.body.message).toContain('UTF-8');
    expect(await customerCount()).toBe(before);
  });

  it('says what is wrong with a lone surrogate, and with a NUL', async () => {
    const surrogate = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput({ givenName: 'Lu\ud800cy' }) }, A());
    expect(surrogate.status).toBe(422);
    expect(surrogate.body.metadata.fields[0]).toEqual({ field: 'UpsertConsumerCustomer.givenName', message: expect.stringContaining('lone surrogate') });
    const nul = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput({ givenName: 'Lu\u0000cy' }) }, A());
    expect(nul.body.metadata.fields[0].message).toContain('NUL');
  });
});

describe('one email normalisation for the upsert and every lookup', () => {
  const LOOKUP = `query($email: String) { customers(emailAddress: $email) { edges { node { emailAddress } } } }`;

  it.each([
    ['the Kelvin sign (U+212A) for K', 'kate', '\u212aATE'],
    ['a dotted capital I (U+0130)', 'inan', '\u0130nan'],
  ])('%s: the upsert refuses it, and the lookup does not find the ASCII address either', async (_name, local, lookalike) => {
    const domain = `${consumerInput().emailAddress}`.split('@')[1];
    await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: `${local}@${domain}` } }, A());
    const upsert = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: `${lookalike}@${domain}` } }, A());
    expect(upsert.status).toBe(422);
    const found = await graphql(t.baseUrl, LOOKUP, { email: `${lookalike}@${domain}` }, A());
    expect(found.body.data.customers.edges).toEqual([]);
    const ascii = await graphql(t.baseUrl, LOOKUP, { email: ` ${local.toUpperCase()}@${domain.toUpperCase()} ` }, A());
    expect(ascii.body.data.customers.edges).toEqual([{ node: { emailAddress: `${local}@${domain}` } }]);
  });
});
