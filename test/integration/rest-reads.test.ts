import { bearer, postCustomer, request } from '../helpers/clients';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';

let t: TestApp;
const ids: Record<string, string> = {};

/** Customers of merchant A with known names and creation times, one second apart. */
const A_CUSTOMERS = [
  { key: 'lucy', body: { UpsertConsumerCustomer: { emailAddress: 'Lucy.Diamond@star.com', givenName: 'Lucy', familyName: 'Diamond', referenceCustomerId: 'C-1' } } },
  { key: 'star', body: { UpsertOrganisationCustomer: { referenceCustomerId: 'ORG-7', organisationName: 'Star Pty Ltd', taxId: '51824753556', emailAddress: 'ap@star.com' } } },
  { key: 'bob', body: { UpsertConsumerCustomer: { emailAddress: 'bob@builder.com', givenName: 'Bob', familyName: 'Builder', phoneNumber: '+61401234567' } } },
  { key: 'dina', body: { UpsertConsumerCustomer: { emailAddress: 'dina@star.com', givenName: 'Dina', familyName: 'Abbot' } } },
  { key: 'acme', body: { UpsertOrganisationCustomer: { referenceCustomerId: 'ORG-8', organisationName: 'Acme' } } },
];

const get = (path: string, secret: string, merchantId?: string, headers: Record<string, string> = {}) =>
  request(`${t.baseUrl}${path}`, { headers: { ...bearer(secret, merchantId), ...headers } });
const listIds = (body: any[]) => body.map((tagged) => (Object.values(tagged)[0] as any).customerId);
const keysOf = (...keys: string[]) => keys.map((key) => ids[key]);

beforeAll(async () => {
  t = await startTestApp();
  const A = bearer(t.tenants.secrets.merchantA);
  for (const [i, { key, body }] of A_CUSTOMERS.entries()) {
    ids[key] = (await postCustomer(t.baseUrl, body, A)).body.customerId;
    // Known creation times make the created range and the sort checkable exactly.
    await queryDatabase(t.database.url, `UPDATE customers SET created_at = $1, updated_at = $2 WHERE id = $3`, [
      `2026-01-0${i + 1}T00:00:00.000001Z`,
      `2026-02-0${5 - i}T00:00:00Z`,
      ids[key],
    ]);
  }
  ids.bella = (await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: 'bella@b.com', givenName: 'Bella' } }, bearer(t.tenants.secrets.merchantB))).body.customerId;
  ids.carl = (await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: 'carl@c.com', givenName: 'Carl' } }, bearer(t.tenants.secrets.merchantC))).body.customerId;
});
afterAll(() => t.close());

describe('GET /customers/{customerId}', () => {
  it("answers April's tagged consumer object, in April's field order, with version and an ETag", async () => {
    const result = await get(`/customers/${ids.lucy}`, t.tenants.secrets.merchantA);
    expect(result.status).toBe(200);
    expect(Object.keys(result.body)).toEqual(['ConsumerCustomer']);
    const customer = result.body.ConsumerCustomer;
    expect(Object.keys(customer)).toEqual([
      'customerId', 'merchantId', 'marketplaceId', 'referenceCustomerId', 'emailAddress', 'givenName', 'middleName',
      'familyName', 'isVerified', 'phoneNumber', 'metadata', 'createdAt', 'updatedAt', 'version',
    ]);
    expect(customer).toMatchObject({
      customerId: ids.lucy, merchantId: t.tenants.merchantA, marketplaceId: t.tenants.marketplace1, referenceCustomerId: 'C-1',
      emailAddress: 'Lucy.Diamond@star.com', givenName: 'Lucy', middleName: null, familyName: 'Diamond', version: 1,
    });
    expect(result.headers.get('etag')).toBe('"1"');
  });

  it("answers April's tagged organisation object", async () => {
    const result = await get(`/customers/${ids.star}`, t.tenants.secrets.merchantA);
    expect(Object.keys(result.body.OrganisationCustomer)).toEqual([
      'customerId', 'merchantId', 'marketplaceId', 'referenceCustomerId', 'organisationName', 'taxId', 'emailAddress',
      'phoneNumber', 'isVerified', 'metadata', 'createdAt', 'updatedAt', 'version',
    ]);
    expect(result.body.OrganisationCustomer).toMatchObject({ organisationName: 'Star Pty Ltd', taxId: '51824753556' });
  });

  it('gives an unknown id and another merchant’s id the same 404 not_found', async () => {
    const unknown = await get('/customers/cust_AAAAAAAAAAAAAAAA', t.tenants.secrets.merchantB);
    const foreign = await get(`/customers/${ids.lucy}`, t.tenants.secrets.merchantB);
    for (const result of [unknown, foreign]) {
      expect(result.status).toBe(404);
      expect(result.body).toMatchObject({ errorCode: 'not_found', message: 'No customer has that id.' });
    }
    expect({ ...foreign.body, tracer: '' }).toEqual({ ...unknown.body, tracer: '' });
  });

  it('reads with a marketplace key for the merchant named in Merchant-Id, and needs that header', async () => {
    expect((await get(`/customers/${ids.lucy}`, t.tenants.secrets.marketplace1, t.tenants.merchantA)).status).toBe(200);
    expect((await get(`/customers/${ids.lucy}`, t.tenants.secrets.marketplace1)).body.errorCode).toBe('merchant_id_required');
    expect((await get(`/customers/${ids.lucy}`, t.tenants.secrets.marketplace2, t.tenants.merchantA)).status).toBe(403);
  });

  it('refuses a NUL in the id as a 400 naming customerId, and answers 401 without a credential', async () => {
    const nul = await get('/customers/cust_%00', t.tenants.secrets.merchantA);
    expect(nul.status).toBe(400);
    expect(nul.body.metadata.fields).toEqual([{ field: 'customerId', message: expect.stringContaining('NUL') }]);
    expect((await request(`${t.baseUrl}/customers/${ids.lucy}`)).status).toBe(401);
  });

  it('answers other methods with 405 and Allow: GET', async () => {
    const result = await request(`${t.baseUrl}/customers/${ids.lucy}`, { method: 'DELETE', headers: bearer(t.tenants.secrets.merchantA) });
    expect(result.status).toBe(405);
    expect(result.headers.get('allow')).toBe('GET');
  });
});

describe('GET /customers', () => {
  const A = () => t.tenants.secrets.merchantA;

  it('lists the merchant’s customers oldest first, as a bare array of tagged objects', async () => {
    const result = await get('/customers', A());
    expect(result.status).toBe(200);
    expect(listIds(result.body)).toEqual(keysOf('lucy', 'star', 'bob', 'dina', 'acme'));
    expect(result.headers.get('link')).toBeNull();
  });

  it('pages with limit and page, and links next and prev (RFC 8288)', async () => {
    const first = await get('/customers?limit=2', A());
    expect(listIds(first.body)).toEqual(keysOf('lucy', 'star'));
    expect(first.headers.get('link')).toBe('</customers?limit=2&page=2>; rel="next"');
    const second = await get('/customers?limit=2&page=2', A());
    expect(listIds(second.body)).toEqual(keysOf('bob', 'dina'));
    expect(second.headers.get('link')).toBe('</customers?limit=2&page=3>; rel="next", </customers?limit=2&page=1>; rel="prev"');
    const last = await get('/customers?limit=2&page=3', A());
    expect(listIds(last.body)).toEqual(keysOf('acme'));
    expect(last.headers.get('link')).toBe('</customers?limit=2&page=2>; rel="prev"');
  });

  it.each([
    ['createdAt', ['lucy', 'star', 'bob', 'dina', 'acme']],
    ['-createdAt', ['acme', 'dina', 'bob', 'star', 'lucy']],
    ['updatedAt', ['acme', 'dina', 'bob', 'star', 'lucy']],
    ['-updatedAt', ['lucy', 'star', 'bob', 'dina', 'acme']],
    // Normalised emails; a customer without one sorts as empty text.
    ['emailAddress', ['acme', 'star', 'bob', 'dina', 'lucy']],
    ['-emailAddress', ['lucy', 'dina', 'bob', 'star', 'acme']],
    ['familyName,createdAt', ['star', 'acme', 'dina', 'bob', 'lucy']],
    ['-familyName,-createdAt', ['lucy', 'bob', 'dina', 'acme', 'star']],
    ['organisationName,-createdAt', ['dina', 'bob', 'lucy', 'acme', 'star']],
    ['-organisationName,createdAt', ['star', 'acme', 'lucy', 'bob', 'dina']],
  ])('sorts by %s', async (sort, expected) => {
    const result = await get(`/customers?sort=${sort}`, A());
    expect(listIds(result.body)).toEqual(keysOf(...expected));
  });

  it('filters by a created range, both ends inclusive to the microsecond', async () => {
    const result = await get('/customers?createdAfter=2026-01-02T00:00:00.000001Z&createdBefore=2026-01-04T00:00:00.000001%2B00:00', A());
    expect(listIds(result.body)).toEqual(keysOf('star', 'bob', 'dina'));
    const exclusive = await get('/customers?createdAfter=2026-01-02T00:00:00.0000011Z&createdBefore=2026-01-04T00:00:00.0000009Z', A());
    expect(listIds(exclusive.body)).toEqual(keysOf('bob'));
    const offset = await get('/customers?createdAfter=2026-01-03T09:00:00.000001%2B09:00&createdBefore=2026-01-03T00:00:00.000001Z', A());
    expect(listIds(offset.body)).toEqual(keysOf('bob'));
  });

  it('filters by emailAddress[] case-insensitively, in both list forms, organisations included', async () => {
    const brackets = await get('/customers?emailAddress[]=LUCY.diamond@STAR.com&emailAddress[]=%20AP@star.com', A());
    expect(listIds(brackets.body)).toEqual(keysOf('lucy', 'star'));
    const repeated = await get('/customers?emailAddress=lucy.diamond@star.com&emailAddress=bob@BUILDER.com', A());
    expect(listIds(repeated.body)).toEqual(keysOf('lucy', 'bob'));
  });

  it('filters by customerId[]', async () => {
    const result = await get(`/customers?customerId[]=${ids.bob}&customerId=${ids.acme}&customerId[]=${ids.bella}`, A());
    expect(listIds(result.body)).toEqual(keysOf('bob', 'acme'));
  });

  it('filters by name: a case-insensitive prefix of the given, family or organisation name', async () => {
    expect(listIds((await get('/customers?name=b', A())).body)).toEqual(keysOf('bob'));
    expect(listIds((await get('/customers?name=AB', A())).body)).toEqual(keysOf('dina'));
    expect(listIds((await get('/customers?name=star%20pty', A())).body)).toEqual(keysOf('star'));
    expect(listIds((await get('/customers?name=Di', A())).body)).toEqual(keysOf('lucy', 'dina'));
    expect(listIds((await get('/customers?name=ucy', A())).body)).toEqual([]);
  });

  it('combines filters with AND', async () => {
    const result = await get('/customers?name=d&createdAfter=2026-01-02T00:00:00Z&sort=-createdAt', A());
    expect(listIds(result.body)).toEqual(keysOf('dina'));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['sort=bogus', 'sort'],
    ['sort=createdAt,createdAt', 'sort'],
    ['sort=', 'sort'],
    ['createdAfter=yesterday', 'createdAfter'],
    ['createdBefore=2026-02-30T00:00:00Z', 'createdBefore'],
    ['name=', 'name'],
    ['name=%00', 'name'],
    ['emailAddress[]=a%00b@x.com', 'emailAddress'],
    ['customerId[]=', 'customerId'],
    ['colour=red', 'colour'],
    ['limit[]=2', 'limit[]'],
  ])('refuses %s as 400 invalid_request naming %s', async (query, parameter) => {
    const result = await get(`/customers?${query}`, A());
    expect(result.status).toBe(400);
    expect(result.body.errorCode).toBe('invalid_request');
    expect(result.body.metadata.fields[0].field).toBe(parameter);
    expect(result.body.message.startsWith(`${parameter} `)).toBe(true);
  });

  it('refuses a client that does not take JSON', async () => {
    expect((await get('/customers', A(), undefined, { accept: 'text/html' })).status).toBe(406);
  });
});

describe('GET /customers: who may list what', () => {
  it('a merchant token lists only its own merchant; merchantId[] cannot widen it', async () => {
    const result = await get(`/customers?merchantId[]=${t.tenants.merchantB}&merchantId[]=${t.tenants.merchantA}`, t.tenants.secrets.merchantB);
    expect(listIds(result.body)).toEqual([ids.bella]);
  });

  it('a marketplace key without Merchant-Id lists every merchant of its marketplace, and only those', async () => {
    const result = await get('/customers?limit=500', t.tenants.secrets.marketplace1);
    expect(new Set(result.body.map((tagged: any) => (Object.values(tagged)[0] as any).merchantId))).toEqual(
      new Set([t.tenants.merchantA, t.tenants.merchantB]),
    );
    expect(listIds(result.body)).toContain(ids.bella);
    expect(listIds(result.body)).not.toContain(ids.carl);
  });

  it('merchantId[] narrows a marketplace listing, and names of other marketplaces find nothing', async () => {
    const narrowed = await get(`/customers?merchantId[]=${t.tenants.merchantB}`, t.tenants.secrets.marketplace1);
    expect(listIds(narrowed.body)).toEqual([ids.bella]);
    const foreign = await get(`/customers?merchantId[]=${t.tenants.merchantC}`, t.tenants.secrets.marketplace1);
    expect(foreign.body).toEqual([]);
  });

  it('Merchant-Id narrows a marketplace key to one merchant; a foreign one is 403', async () => {
    const narrowed = await get('/customers', t.tenants.secrets.marketplace1, t.tenants.merchantB);
    expect(listIds(narrowed.body)).toEqual([ids.bella]);
    expect((await get('/customers', t.tenants.secrets.marketplace1, t.tenants.merchantC)).status).toBe(403);
    expect((await get('/customers', t.tenants.secrets.marketplace2)).body.map((x: any) => x.ConsumerCustomer.customerId)).toEqual([ids.carl]);
  });

  it('answers 401 to a missing or revoked credential before looking at the parameters', async () => {
    expect((await request(`${t.baseUrl}/customers?limit=0`)).status).toBe(401);
    expect((await get('/customers?limit=0', t.tenants.secrets.revokedMerchantA)).status).toBe(401);
  });
});
