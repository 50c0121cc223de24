export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

async function send<T>(url: string, init: RequestInit): Promise<HttpResult<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
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
