import type { FastifyInstance } from 'fastify';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Apps of this test process, by base URL. A request to one of them runs in process
 * through `app.inject()`: the same routes, hooks and handlers, without a socket, so
 * table-driven cases stay fast as they grow. What only a socket shows (Node's HTTP
 * parser, slow clients, raw bytes) goes through raw-http.ts, or set
 * TEST_OVER_SOCKETS=1 to send everything over real sockets.
 */
const inProcessApps = new Map<string, FastifyInstance>();

export function serveInProcess(baseUrl: string, app: FastifyInstance): () => void {
  const origin = new URL(baseUrl).origin;
  inProcessApps.set(origin, app);
  return () => inProcessApps.delete(origin);
}

function headersOf(init: RequestInit): Record<string, string> {
  return Object.fromEntries(new Headers(init.headers).entries());
}

async function sendInProcess(app: FastifyInstance, url: URL, init: RequestInit): Promise<{ status: number; headers: Headers; text: string }> {
  const body = init.body ?? undefined;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) throw new Error('in-process requests take text or bytes');
  const response = await app.inject({
    method: (init.method ?? 'GET') as 'GET',
    url: `${url.pathname}${url.search}`,
    headers: headersOf(init),
    ...(body !== undefined && { payload: typeof body === 'string' ? body : Buffer.from(body) }),
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) headers.append(name, String(one));
  }
  return { status: response.statusCode, headers, text: response.payload };
}

async function exchange(url: string, init: RequestInit): Promise<{ status: number; headers: Headers; text: string }> {
  const parsed = new URL(url);
  const app = process.env.TEST_OVER_SOCKETS ? undefined : inProcessApps.get(parsed.origin);
  if (app) return sendInProcess(app, parsed, init);
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function send<T>(url: string, init: RequestInit): Promise<HttpResult<T>> {
  const response = await exchange(url, init);
  const text = response.text;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: left as text for the test to look at
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

export function bearer(secret: string, merchantId?: string): Record<string, string> {
  return { authorization: `Bearer ${secret}`, ...(merchantId !== undefined && { 'merchant-id': merchantId }) };
}

export function graphql<T = any>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  return send(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
}

export function postCustomer<T = any>(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  return send(`${baseUrl}/customers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function request<T = any>(url: string, init: RequestInit = {}): Promise<HttpResult<T>> {
  return send(url, init);
}

export const UPSERT_MUTATION = `mutation Upsert($input: CustomerInput!) {
  upsertCustomer(input: $input) {
    customerId merchantId outcome
    customer {
      __typename customerId merchantId emailAddress referenceCustomerId phoneNumber isVerified metadata
      version createdAt updatedAt
      ... on ConsumerCustomer { givenName middleName familyName }
      ... on OrganisationCustomer { organisationName taxId }
    }
  }
}`;
