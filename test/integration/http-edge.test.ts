import { bearer, graphql, request } from '../helpers/clients';
import { rawHttp } from '../helpers/raw-http';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let production: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  production = await startTestApp({ NODE_ENV: 'production' });
});
afterAll(async () => {
  await production.close();
  await t.close();
});

const A = () => bearer(t.tenants.secrets.merchantA);

function expectEnvelope(result: { status: number; headers: Headers; body: any }, status: number, errorCode: string) {
  expect(result.status).toBe(status);
  expect(result.body).toMatchObject({ statusCode: status, errorCode, tracer: expect.stringMatching(/^[0-9a-f]{32}$/) });
  expect(result.headers.get('x-tracer')).toBe(result.body.tracer);
}

describe("refusals by Node's HTTP layer get April's envelope and a tracer", () => {
  it.each([
    ['an oversized header, on /graphql too', `POST /graphql HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'request_header_too_large'],
    ['a malformed request line', 'GET /health/live HTTP/9\r\n\r\n', 400, 'invalid_request'],
    ['a header without a colon', 'GET /health/live HTTP/1.1\r\nHost x\r\n\r\n', 400, 'invalid_request'],
    [
      'a smuggling probe (Content-Length with chunked Transfer-Encoding)',
      'POST /customers HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /x HTTP/1.1\r\n\r\n',
      400,
      'invalid_request',
    ],
    ['an unsupported Expect', 'POST /customers HTTP/1.1\r\nHost: x\r\nExpect: x-fancy\r\nContent-Length: 0\r\n\r\n', 417, 'expectation_failed'],
  ])('%s', async (_name, text, status, errorCode) => {
    const result = await rawHttp(t.baseUrl, text);
    expectEnvelope(result, status, errorCode);
    expect(t.logs.some((line) => line.tracer === result.body.tracer && line.errorCode === errorCode)).toBe(true);
  });
});

describe('the route and method are checked before the body is read', () => {
  it('DELETE /customers with a JSON content type and an empty body is a 405 with Allow', async () => {
    const result = await request(`${t.baseUrl}/customers`, { method: 'DELETE', headers: { ...A(), 'content-type': 'application/json' } });
    expectEnvelope(result, 405, 'method_not_allowed');
    expect(result.headers.get('allow')).toContain('POST');
  });

  it('POST to an unknown path with a body that is not JSON is a 404', async () => {
    const result = await request(`${t.baseUrl}/unknown`, { method: 'POST', headers: { ...A(), 'content-type': 'application/json' }, body: '{nope' });
    expectEnvelope(result, 404, 'not_found');
  });

  it.each(['HEAD', 'OPTIONS'])('%s /graphql is a 405 naming GET and POST, not a CSRF refusal', async (method) => {
    const result = await request(`${t.baseUrl}/graphql`, { method, headers: A() });
    expect(result.status).toBe(405);
    expect(result.headers.get('allow')).toBe('GET, POST');
  });
});

describe('GraphQL refusals', () => {
  it('refuses a subscription as a bad request, not an internal error', async () => {
    const result = await graphql(t.baseUrl, 'subscription { customerChanged { customerId } }', {}, A());
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions).toMatchObject({ errorCode: 'invalid_request' });
    expect(result.body.errors[0].extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
  });

  it('with introspection off, suggests no field names', async () => {
    const result = await graphql(production.baseUrl, '{ custome { customerId } }', {}, bearer(production.tenants.secrets.merchantA));
    expect(result.body.errors[0].extensions.errorCode).toBe('invalid_request');
    expect(result.body.errors[0].message).not.toMatch(/Did you mean|"customer"/);
  });

  it('with introspection on, still helps developers with suggestions', async () => {
    const result = await graphql(t.baseUrl, '{ custome { customerId } }', {}, A());
    expect(result.body.errors[0].message).toMatch(/Did you mean/);
  });
});
