import fc from 'fast-check';
import { bearer, graphql, postCustomer, request } from '../helpers/clients';
import { consumerInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';
import { ERROR_CATALOGUE, ERROR_CODES } from '../../src/errors/catalogue';
import { assertProperty } from '../helpers/property';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '4096' });
});
afterAll(() => t.close());

const A = () => bearer(t.tenants.secrets.merchantA);

describe('POST /customers, as April clients send it', () => {
  it('answers {customerId, merchantId} for created and for updated, and GraphQL reads back what REST wrote', async () => {
    const body = {
      UpsertConsumerCustomer: {
        emailAddress: 'lucy.diamond@star.com', phoneNumber: '+61401234567', referenceCustomerId: 'CUST-48822821',
        givenName: 'Lucy', middleName: null, familyName: 'Diamond', isVerified: true, metadata: {},
      },
    };
    const created = await postCustomer(t.baseUrl, body, A());
    expect(created.status).toBe(200);
    expect(Object.keys(created.body).sort()).toEqual(['customerId', 'merchantId']);
    const updated = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: 'LUCY.diamond@star.com', familyName: 'Sky' } }, A());
    expect(updated.body).toEqual(created.body);

    const read = await graphql(t.baseUrl, `query($id: ID!) { customer(customerId: $id) {
      emailAddress referenceCustomerId phoneNumber isVerified metadata version
      ... on ConsumerCustomer { givenName middleName familyName } } }`, { id: created.body.customerId }, A());
    expect(read.body.data.customer).toEqual({
      emailAddress: 'LUCY.diamond@star.com', referenceCustomerId: 'CUST-48822821', phoneNumber: '+61401234567', isVerified: true,
      metadata: {}, version: 2, givenName: 'Lucy', middleName: null, familyName: 'Sky',
    });
  });

  it('logs the trace id of a W3C traceparent beside a tracer of its own, unique per request', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const headers = { ...A(), traceparent: `00-${traceId}-00f067aa0ba902b7-01` };
    const [first, second] = [await postCustomer(t.baseUrl, { Nope: 1 }, headers), await postCustomer(t.baseUrl, { Nope: 1 }, headers)];
    expect(first.body.tracer).not.toBe(traceId);
    expect(first.body.tracer).not.toBe(second.body.tracer);
    expect(first.headers.get('x-tracer')).toBe(first.body.tracer);
    for (const { body } of [first, second]) {
      expect(t.logs.some((line) => line.tracer === body.tracer && line.traceId === traceId)).toBe(true);
    }
  });

  it('gives each request its own tracer otherwise', async () => {
    const tracers = new Set<string>();
    for (let i = 0; i < 5; i++) tracers.add((await postCustomer(t.baseUrl, { Nope: 1 }, A())).body.tracer);
    expect(tracers.size).toBe(5);
  });

  it.each([
    ['a body over the limit', () => postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput({ metadata: { x: 'y'.repeat(5000) } }) }, A()), 400, 'invalid_request'],
    ['a non-JSON content type', () => request(`${t.baseUrl}/customers`, { method: 'POST', headers: { ...A(), 'content-type': 'text/plain' }, body: '{}' }), 400, 'invalid_request'],
    ['a form body', () => request(`${t.baseUrl}/customers`, { method: 'POST', headers: { ...A(), 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' }), 400, 'invalid_request'],
    ['no body', () => request(`${t.baseUrl}/customers`, { method: 'POST', headers: { ...A(), 'content-type': 'application/json' } }), 400, 'invalid_json'],
    ['a JSON array', () => postCustomer(t.baseUrl, [{ UpsertConsumerCustomer: consumerInput() }], A()), 400, 'invalid_request'],
    ['a JSON string', () => postCustomer(t.baseUrl, '"UpsertConsumerCustomer"', A()), 400, 'invalid_request'],
    ['the member as an array', () => postCustomer(t.baseUrl, { UpsertConsumerCustomer: [] }, A()), 400, 'invalid_request'],
    ['the member as null', () => postCustomer(t.baseUrl, { UpsertConsumerCustomer: null }, A()), 400, 'invalid_request'],
    ['a prototype-pollution key', () => postCustomer(t.baseUrl, '{"__proto__": {"x": 1}}', A()), 400, 'invalid_request'],
  ] as const)('refuses %s with %i %s', async (_name, send, status, errorCode) => {
    const result = await send();
    expect(result.status).toBe(status);
    expect(result.body.errorCode).toBe(errorCode);
  });
});

describe('property: any body, header or content type gets an envelope and a 4xx, never a 500, and writes nothing', () => {
  const seen = new Map<string, number>();
  let cases = 0;

  const jsonValue = fc.jsonValue({ maxDepth: 3 });
  // Mostly plausible values, so that requests get past the envelope checks and reach credentials and field rules.
  const plausible = fc.oneof(
    fc.emailAddress(),
    fc.constantFrom('+61401234567', '0401', 'REF-1', '', ' ', 'x'.repeat(300), true, false, {}, { a: [1] }),
    fc.string({ maxLength: 40 }),
  );
  const memberField = fc.constantFrom('emailAddress', 'referenceCustomerId', 'organisationName', 'taxId', 'givenName', 'middleName', 'familyName', 'phoneNumber', 'isVerified', 'metadata', 'unknown', 'constructor');
  const member = fc.dictionary(memberField, fc.oneof({ arbitrary: plausible, weight: 4 }, { arbitrary: jsonValue, weight: 1 }, { arbitrary: fc.constant(null), weight: 1 }), { maxKeys: 6 });
  const tag = fc.constantFrom('UpsertConsumerCustomer', 'UpsertOrganisationCustomer', 'UpsertConsumerCustomer', 'UpsertOrganisationCustomer', 'upsertConsumerCustomer', 'Other');
  const body = fc.oneof(
    { arbitrary: fc.dictionary(tag, member, { minKeys: 1, maxKeys: 1 }).map((value) => JSON.stringify(value)), weight: 6 },
    { arbitrary: fc.dictionary(tag, fc.oneof(member, jsonValue), { maxKeys: 3 }).map((value) => JSON.stringify(value)), weight: 1 },
    { arbitrary: jsonValue.map((value) => JSON.stringify(value)), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
  );
  const often = <T,>(usual: T, ...others: T[]) => fc.oneof({ arbitrary: fc.constant(usual), weight: 5 }, { arbitrary: fc.constantFrom(...others), weight: 1 });
  const headers = fc.record({
    'content-type': often('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', ''),
    accept: often('application/json', '*/*', 'text/html', 'application/xml;q=1, application/json;q=0', ''),
    authorization: often('valid', 'Bearer ', 'Bearer sandbox_sk_x', 'Basic Zm9vOmJhcg==', 'Bearer sandbox_sk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', ''),
    'merchant-id': often('', 'mcht_unknown', 'own', 'other', '../../etc/passwd'),
  });

  it('holds over 300 random requests, and the customer table stays untouched by every rejection', async () => {
    // Every row as it stood, so that a rejected request's insert and its update both show.
    const snapshot = () => queryDatabase<{ id: string; version: number; updated_at: Date }>(t.database.url, 'SELECT id, version, updated_at FROM customers');
    const before = new Map((await snapshot()).map((row) => [row.id, `${row.version}/${row.updated_at.toISOString()}`]));
    const answered200 = new Set<string>();
    await assertProperty(
      fc.asyncProperty(body, headers, async (payload, rawHeaders) => {
        cases++;
        const sent: Record<string, string> = {};
        for (const [name, value] of Object.entries(rawHeaders)) {
          if (value === '') continue;
          if (name === 'authorization' && value === 'valid') sent[name] = `Bearer ${t.tenants.secrets.merchantA}`;
          else if (name === 'merchant-id' && value === 'own') sent[name] = t.tenants.merchantA;
          else if (name === 'merchant-id' && value === 'other') sent[name] = t.tenants.merchantB;
          else sent[name] = value;
        }
        const result = await request(`${t.baseUrl}/customers`, { method: 'POST', headers: sent, body: payload });
        if (result.status === 200) return void answered200.add(result.body.customerId); // a random body that happens to be a valid upsert may succeed
        expect(result.status).toBeGreaterThanOrEqual(400);
        expect(result.status).toBeLessThan(500);
        expect(ERROR_CODES).toContain(result.body.errorCode);
        expect(result.body.statusCode).toBe(ERROR_CATALOGUE[result.body.errorCode as keyof typeof ERROR_CATALOGUE].status);
        expect(result.body.tracer).toBe(result.headers.get('x-tracer'));
        seen.set(result.body.errorCode, (seen.get(result.body.errorCode) ?? 0) + 1);
      }),
      { numRuns: 300 },
    );
    // Only requests answered 200 may have written, and each only the customer it named.
    const written = (await snapshot()).filter((row) => before.get(row.id) !== `${row.version}/${row.updated_at.toISOString()}`);
    expect(written.map((row) => row.id).filter((id) => !answered200.has(id))).toEqual([]);
    console.log(`property run: ${cases} cases, ${seen.size} distinct error codes: ${JSON.stringify(Object.fromEntries(seen))}`);
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });
});
