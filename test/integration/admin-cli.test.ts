import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { bearer, postCustomer } from '../helpers/clients';
import { consumerInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';

const run = promisify(execFile);
const ADMIN = path.join(__dirname, '../../dist/src/cli/admin.js');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ CREDENTIAL_CACHE_TTL_MS: '0' });
});
afterAll(() => t.close());

async function admin(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [ADMIN, ...args], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.database.url } });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

describe('npm run admin', () => {
  it('creates a marketplace and a merchant, issues a secret shown once, lists without it, and revokes it', async () => {
    const marketplace = /Created marketplace (mktp_\S+)/.exec((await admin('create-marketplace', '--name', 'CLI Market')).out)?.[1];
    expect(marketplace).toBeDefined();
    const merchant = /Created merchant (mcht_\S+)/.exec((await admin('create-merchant', '--name', 'CLI Shop', '--marketplace', marketplace!)).out)?.[1];
    expect(merchant).toBeDefined();

    const issued = await admin('issue-secret', '--merchant', merchant!);
    const secret = /(sandbox_sk_\S+)/.exec(issued.out)?.[1];
    const credentialId = /Issued (cred_\S+)\./.exec(issued.out)?.[1];
    expect(secret).toBeDefined();
    const key = /(live_api_\S+)/.exec((await admin('issue-secret', '--marketplace', marketplace!, '--environment', 'live')).out)?.[1];
    expect(key).toBeDefined();

    const listing = await admin('list-secrets', '--owner', merchant!);
    expect(listing.out).toContain(credentialId!);
    expect(listing.out).toContain('active');
    expect(listing.out).not.toContain(secret!);

    expect((await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, bearer(secret!))).body.merchantId).toBe(merchant);
    expect((await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, bearer(key!, merchant))).body.merchantId).toBe(merchant);

    expect((await admin('revoke-secret', '--id', credentialId!)).code).toBe(0);
    expect((await admin('list-secrets', '--owner', merchant!)).out).toMatch(/revoked \d{4}-/);
    expect((await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, bearer(secret!))).status).toBe(401);
  });

  it.each([
    [['create-merchant', '--name', 'X', '--marketplace', 'mktp_none'], /No marketplace mktp_none/],
    [['issue-secret', '--merchant', 'mcht_none'], /No mcht_none to issue a secret for/],
    [['revoke-secret', '--id', 'cred_none'], /No credential cred_none/],
    [['create-marketplace'], /--name is required/],
    [['frobnicate'], /Usage: npm run admin/],
  ])('fails with a clear message and exit 1: %j', async (args, message) => {
    const result = await admin(...args);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
    expect(result.err).not.toMatch(/\n\s+at /);
  });
});
