import { bearer, graphql, postCustomer, request, UPSERT_MUTATION, type HttpResult } from '../helpers/clients';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { queryDatabase } from '../helpers/test-database';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOG_LEVEL: 'trace', RATE_LIMIT_MAX: '40', RATE_LIMIT_WINDOW_MS: '60000' });
  await queryDatabase(t.database.url, `ALTER TABLE customers ADD CONSTRAINT injected_fault CHECK (given_name IS DISTINCT FROM 'boom')`);
});
afterAll(() => t.close());

const EMAIL = 'private.person@leak-check.example';
const PHONE = '+61499888777';
const BAD_PHONE = '0499 888 777';

describe('no stack trace, SQL, secret, email or phone in any error response or any log line', () => {
  it('holds over a full run of successes and failures of every kind', async () => {
    const A = bearer(t.tenants.secrets.merchantA);
    const errors: HttpResult[] = [];
    const keep = (result: HttpResult) => {
      if (result.status >= 400 || result.body?.errors) errors.push(result);
    };
    const person = { emailAddress: EMAIL, phoneNumber: PHONE, givenName: 'Private' };

    keep(await postCustomer(t.baseUrl, { UpsertConsumerCustomer: person }, A));
    keep(await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: { ...person, familyName: 'P' } } }, A));
    keep(await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { ...person, phoneNumber: BAD_PHONE } }, A));
    keep(await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: `x${EMAIL}.`, phoneNumber: PHONE } }, A));
    keep(await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: { emailAddress: EMAIL, phoneNumber: BAD_PHONE } } }, A));
    keep(await graphql(t.baseUrl, `mutation { upsertCustomer(input: { consumer: { emailAddress: "${EMAIL}", phoneNumber: "${BAD_PHONE}" } }) { outcome } }`, {}, A));
    keep(await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: { emailAddress: EMAIL, givenName: { nested: EMAIL } } } }, A));
    keep(await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { ...person, givenName: 'boom' } }, A)); // 500
    keep(await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: { ...person, givenName: 'boom' } } }, A)); // masked
    keep(await postCustomer(t.baseUrl, { UpsertConsumerCustomer: person }, bearer(t.tenants.secrets.revokedMerchantA)));
    keep(await postCustomer(t.baseUrl, { UpsertConsumerCustomer: person }, bearer(t.tenants.secrets.merchantA, t.tenants.merchantC)));
    keep(await postCustomer(t.baseUrl, `{"UpsertConsumerCustomer": {"emailAddress": "${EMAIL}",`, A));
    keep(await request(`${t.baseUrl}/graphql?query=${encodeURIComponent(`{ customers(emailAddress: "${EMAIL}") { edges { cursor } } }`)}`, { headers: { ...A, 'apollo-require-preflight': '1' } }));
    keep(await graphql(t.baseUrl, `{ customers(emailAddress: "${EMAIL}") { edges { node { customerId } } } }`, {}, A));
    const org = { referenceCustomerId: 'LEAK-1', organisationName: 'Leak Pty', emailAddress: EMAIL };
    keep(await postCustomer(t.baseUrl, { UpsertOrganisationCustomer: org }, A));
    keep(await postCustomer(t.baseUrl, { UpsertConsumerCustomer: { emailAddress: `other.${EMAIL}`, referenceCustomerId: 'LEAK-1' } }, A)); // 409
    for (let i = 0; i < 45; i++) keep(await postCustomer(t.baseUrl, { UpsertConsumerCustomer: person }, bearer(t.tenants.secrets.merchantD))); // 429s
    keep(await request(`${t.baseUrl}/nowhere?email=${EMAIL}`));

    const codes = new Set(errors.map((e) => e.body?.errorCode ?? e.body?.errors?.[0]?.extensions?.errorCode));
    expect([...codes].sort()).toEqual(
      ['forbidden', 'internal_error', 'invalid_json', 'invalid_request', 'not_found', 'rate_limited', 'reference_customer_id_taken', 'unauthorized', 'validation_failed'].sort(),
    );

    const secrets = Object.values(t.tenants.secrets);
    const forbiddenEverywhere = [EMAIL, PHONE, BAD_PHONE, 'INSERT INTO', 'ON CONFLICT', 'SELECT ', ...secrets];
    const responses = errors.map((e) => JSON.stringify(e.body));
    for (const text of responses) {
      for (const needle of forbiddenEverywhere) expect({ text, needle, found: text.includes(needle) }).toMatchObject({ found: false });
      expect(text).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
    }

    expect(t.rawLogs.length).toBeGreaterThan(50);
    for (const line of t.rawLogs) {
      for (const needle of forbiddenEverywhere) expect({ line, needle, found: line.includes(needle) }).toMatchObject({ found: false });
      // A stack trace belongs only on the one line that reports an unexpected error.
      if (/"stack"/.test(line)) expect(JSON.parse(line).level).toBeGreaterThanOrEqual(50);
    }
    expect(t.rawLogs.some((line) => /"stack"/.test(line) && line.includes('injected_fault'))).toBe(true);
  });
});
