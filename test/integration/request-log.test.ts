import { bearer, graphql, postCustomer, request, UPSERT_MUTATION } from '../helpers/clients';
import { consumerInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** The lines the app wrote for one tracer. */
function linesOf(tracer: string | null): Record<string, unknown>[] {
  return t.logs.filter((line) => line.tracer === tracer);
}

describe('one log line per request', () => {
  it('a REST upsert writes exactly one line: method, route pattern, status, duration, tracer and the caller trace id', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const result = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, {
      ...bearer(t.tenants.secrets.merchantA),
      traceparent: `00-${traceId}-b7ad6b7169203331-01`,
    });
    expect(result.status).toBe(200);
    const lines = linesOf(result.headers.get('x-tracer'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'request', method: 'POST', route: '/customers', statusCode: 200, traceId });
    expect(lines[0]!.durationMs).toEqual(expect.any(Number));
    expect(lines[0]).not.toHaveProperty('errorCode');
    expect(t.logs.some((line) => line.msg === 'incoming request' || line.msg === 'request completed')).toBe(false);
  });

  it('an error names its errorCode; a GraphQL request its operation', async () => {
    const refused = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput({ emailAddress: 'no' }) }, bearer(t.tenants.secrets.merchantA));
    expect(linesOf(refused.body.tracer)).toEqual([expect.objectContaining({ route: '/customers', statusCode: 422, errorCode: 'validation_failed' })]);

    const upsert = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: consumerInput() } }, bearer(t.tenants.secrets.merchantA));
    expect(linesOf(upsert.headers.get('x-tracer'))).toEqual([
      expect.objectContaining({ method: 'POST', route: '/graphql', statusCode: 200, operationName: 'Upsert' }),
    ]);
    const denied = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: consumerInput() } });
    expect(linesOf(denied.headers.get('x-tracer'))).toEqual([
      expect.objectContaining({ route: '/graphql', operationName: 'Upsert', errorCode: 'unauthorized' }),
    ]);
  });

  it('never logs a raw unknown path, a query string or a secret', async () => {
    const secret = t.tenants.secrets.merchantA;
    const unknown = await request(`${t.baseUrl}/customers/x/lucy.private@star.com?token=abc`, { headers: bearer(secret) });
    expect(unknown.status).toBe(404);
    const lines = linesOf(unknown.body.tracer);
    expect(lines).toEqual([expect.objectContaining({ method: 'GET', route: '(unknown)', statusCode: 404, errorCode: 'not_found' })]);
    const query = encodeURIComponent('{ customers(emailAddress: "lucy.query@star.com") { edges { cursor } } }');
    const get = await request(`${t.baseUrl}/graphql?query=${query}`, { headers: { ...bearer(secret), 'apollo-require-preflight': 'true' } });
    expect(linesOf(get.headers.get('x-tracer'))).toHaveLength(1);
    const written = t.rawLogs.join('');
    for (const leak of ['lucy.private', 'lucy.query', 'token=abc', secret]) expect(written).not.toContain(leak);
  });
});
