import { request } from '../helpers/clients';
import { startTestApp, type TestApp } from '../helpers/test-app';

const SHOP = 'https://shop.example';

function preflight(baseUrl: string, path: string, origin: string) {
  return request(`${baseUrl}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, merchant-id' },
  });
}

function corsHeaders(headers: Headers): string[] {
  return [...headers.keys()].filter((name) => name.startsWith('access-control-'));
}

describe('CORS with CORS_ORIGINS set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: `${SHOP}, http://localhost:5173` });
  });
  afterAll(() => t.close());

  it.each(['/graphql', '/customers'])('answers a preflight on %s from an allowed origin with 204 and the allow headers', async (path) => {
    const result = await preflight(t.baseUrl, path, SHOP);
    expect(result.status).toBe(204);
    expect(result.headers.get('access-control-allow-origin')).toBe(SHOP);
    const allowed = result.headers.get('access-control-allow-headers')!.toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'merchant-id', 'idempotency-key', 'traceparent']));
    expect(result.headers.get('access-control-allow-methods')).toContain('POST');
    expect(result.headers.get('access-control-allow-credentials')).toBeNull();
    expect(result.headers.get('vary')).toContain('Origin');
  });

  it('exposes the tracer, the rate-limit headers, ETag and Link on a real request from an allowed origin', async () => {
    const result = await request(`${t.baseUrl}/health/live`, { headers: { origin: 'http://localhost:5173' } });
    expect(result.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const exposed = result.headers.get('access-control-expose-headers')!.toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['x-tracer', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'etag', 'link']));
  });

  it('sends no CORS header to a disallowed origin, on a preflight or a request', async () => {
    const refused = await preflight(t.baseUrl, '/customers', 'https://evil.example');
    expect(corsHeaders(refused.headers)).toEqual([]);
    expect(refused.status).toBe(405);
    const plain = await request(`${t.baseUrl}/health/live`, { headers: { origin: 'https://shop.example.evil' } });
    expect(corsHeaders(plain.headers)).toEqual([]);
  });

  it('still answers an OPTIONS that is not a preflight with 405 and Allow', async () => {
    const result = await request(`${t.baseUrl}/customers`, { method: 'OPTIONS', headers: { origin: SHOP } });
    expect(result.status).toBe(405);
    expect(result.body).toMatchObject({ errorCode: 'method_not_allowed' });
    expect(result.headers.get('allow')).toBe('GET, POST');
  });

  it("keeps Apollo's CSRF prevention: a cross-origin GET without a preflight header is refused", async () => {
    const result = await request(`${t.baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: SHOP } });
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.body)).toContain('CSRF');
  });
});

describe('CORS with CORS_ORIGINS unset (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('sends no CORS header at all: a preflight is a 405 like any other OPTIONS', async () => {
    const result = await preflight(t.baseUrl, '/graphql', SHOP);
    expect(result.status).toBe(405);
    expect(corsHeaders(result.headers)).toEqual([]);
    expect(corsHeaders((await request(`${t.baseUrl}/health/live`, { headers: { origin: SHOP } })).headers)).toEqual([]);
  });
});
