import { bearer, graphql, UPSERT_MUTATION } from '../helpers/clients';
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

async function upsert(input: Record<string, unknown>) {
  const result = await graphql(t.baseUrl, UPSERT_MUTATION, { input }, auth);
  expect(result.body.errors).toBeUndefined();
  return result.body.data.upsertCustomer;
}

describe('consumer customers', () => {
  it('creates a customer with version 1 and reports CREATED', async () => {
    const input = consumerInput({ givenName: 'Lucy', familyName: 'Diamond', phoneNumber: '+61401234567' });
    const payload = await upsert({ consumer: input });
    expect(payload.outcome).toBe('CREATED');
    expect(payload.customerId).toMatch(/^cust_[A-Za-z0-9_-]{16}$/);
    expect(payload.merchantId).toBe(t.tenants.merchantA);
    expect(payload.customer).toMatchObject({
      __typename: 'ConsumerCustomer',
      emailAddress: input.emailAddress,
      givenName: 'Lucy',
      familyName: 'Diamond',
      phoneNumber: '+61401234567',
      version: 1,
    });
    expect(payload.customer.createdAt).toBe(payload.customer.updatedAt);
  });

  it('updates the customer with the same email, keeping its customerId', async () => {
    const input = consumerInput({ givenName: 'Lucy' });
    const created = await upsert({ consumer: input });
    const updated = await upsert({ consumer: { ...input, givenName: 'Lucia' } });
    expect(updated.outcome).toBe('UPDATED');
    expect(updated.customerId).toBe(created.customerId);
    expect(updated.customer.version).toBe(2);
    expect(updated.customer.givenName).toBe('Lucia');
    expect(updated.customer.createdAt).toBe(created.customer.createdAt);
    expect(new Date(updated.customer.updatedAt).getTime()).toBeGreaterThan(new Date(created.customer.updatedAt).getTime());
  });

  it('matches the email case-insensitively after trimming, and stores it trimmed as given', async () => {
    const created = await upsert({ consumer: { emailAddress: 'Mixed.Case@Star.com' } });
    const again = await upsert({ consumer: { emailAddress: '  mixed.case@STAR.COM  ', givenName: 'M' } });
    expect(again.customerId).toBe(created.customerId);
    expect(again.customer.emailAddress).toBe('mixed.case@STAR.COM');
    const rows = await queryDatabase<{ n: string }>(
      t.database.url,
      `SELECT count(*) AS n FROM customers WHERE lower(email_address) = 'mixed.case@star.com'`,
    );
    expect(rows[0]!.n).toBe('1');
  });

  it('reports UNCHANGED and leaves version and updatedAt alone when nothing changes', async () => {
    const input = consumerInput({ givenName: 'Same', metadata: { tier: 'gold', tags: ['a'] } });
    const created = await upsert({ consumer: input });
    const again = await upsert({ consumer: { ...input, metadata: { tags: ['a'], tier: 'gold' } } });
    expect(again.outcome).toBe('UNCHANGED');
    expect(again.customer.version).toBe(1);
    expect(again.customer.updatedAt).toBe(created.customer.updatedAt);
  });

  it('leaves absent fields as they are (partial update)', async () => {
    const input = consumerInput({ givenName: 'Lucy', familyName: 'Diamond', isVerified: true });
    await upsert({ consumer: input });
    const updated = await upsert({ consumer: { emailAddress: input.emailAddress, middleName: 'In-The-Sky' } });
    expect(updated.customer).toMatchObject({ givenName: 'Lucy', middleName: 'In-The-Sky', familyName: 'Diamond', isVerified: true });
  });

  it('clears an optional field sent as explicit null', async () => {
    const input = consumerInput({ givenName: 'Lucy', phoneNumber: '+61401234567', metadata: { a: 1 } });
    await upsert({ consumer: input });
    const cleared = await upsert({ consumer: { emailAddress: input.emailAddress, phoneNumber: null, metadata: null } });
    expect(cleared.outcome).toBe('UPDATED');
    expect(cleared.customer).toMatchObject({ givenName: 'Lucy', phoneNumber: null, metadata: null });
  });
});

describe('organisation customers', () => {
  it('creates, updates and leaves unchanged by referenceCustomerId', async () => {
    const input = organisationInput({ taxId: '51824753556', emailAddress: 'ap@star.com' });
    const created = await upsert({ organisation: input });
    expect(created.outcome).toBe('CREATED');
    expect(created.customer).toMatchObject({ __typename: 'OrganisationCustomer', organisationName: 'Star Pty Ltd', taxId: '51824753556' });

    const renamed = await upsert({ organisation: { ...input, organisationName: 'Star Holdings' } });
    expect(renamed).toMatchObject({ outcome: 'UPDATED', customerId: created.customerId });
    expect(renamed.customer).toMatchObject({ organisationName: 'Star Holdings', taxId: '51824753556', version: 2 });

    const same = await upsert({ organisation: { ...input, organisationName: 'Star Holdings' } });
    expect(same.outcome).toBe('UNCHANGED');
    expect(same.customer.version).toBe(2);
  });

  it('compares the reference exactly after trimming', async () => {
    const created = await upsert({ organisation: organisationInput({ referenceCustomerId: 'ORG-Case' }) });
    const trimmed = await upsert({ organisation: organisationInput({ referenceCustomerId: '  ORG-Case ' }) });
    const otherCase = await upsert({ organisation: organisationInput({ referenceCustomerId: 'org-case' }) });
    expect(trimmed.customerId).toBe(created.customerId);
    expect(otherCase.customerId).not.toBe(created.customerId);
  });

  it('clears taxId with null and keeps it when absent', async () => {
    const input = organisationInput({ taxId: 'T-1' });
    await upsert({ organisation: input });
    const kept = await upsert({ organisation: { referenceCustomerId: input.referenceCustomerId, organisationName: 'New Name' } });
    expect(kept.customer.taxId).toBe('T-1');
    const cleared = await upsert({ organisation: { ...input, taxId: null } });
    expect(cleared.customer.taxId).toBeNull();
  });
});

describe('referenceCustomerId is unique per merchant across both kinds', () => {
  it('refuses a consumer whose reference another customer holds, with 409-class CONFLICT', async () => {
    const org = organisationInput();
    await upsert({ organisation: org });
    const result = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { consumer: consumerInput({ referenceCustomerId: org.referenceCustomerId }) } }, auth);
    expect(result.body.errors[0].extensions).toMatchObject({
      code: 'CONFLICT',
      errorCode: 'reference_customer_id_taken',
      fields: [{ field: 'consumer.referenceCustomerId', message: 'is already held by another customer' }],
    });
  });

  it('lets the customer that holds a reference keep sending it', async () => {
    const input = consumerInput({ referenceCustomerId: `C-${Date.now()}` });
    await upsert({ consumer: input });
    const again = await upsert({ consumer: { ...input, givenName: 'x' } });
    expect(again.outcome).toBe('UPDATED');
  });

  it('allows the same reference at another merchant', async () => {
    const org = organisationInput();
    await upsert({ organisation: org });
    const other = await graphql(t.baseUrl, UPSERT_MUTATION, { input: { organisation: org } }, bearer(t.tenants.secrets.merchantB));
    expect(other.body.data.upsertCustomer.outcome).toBe('CREATED');
  });
});
