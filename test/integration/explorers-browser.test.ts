import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { graphql, bearer } from '../helpers/clients';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Debian's chromium (installed by .ci/run); never a browser download.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = path.join(__dirname, '../../test-artifacts/screenshots');
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;

let t: TestApp;
let browser: Browser;
/** Every request the page tried to send off this machine: all of them were aborted. */
let offMachine: string[];

/** A page whose network is this machine only, as on a computer with no internet. */
async function offlinePage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(30_000);
  await page.route('**/*', (route) => {
    const { hostname, protocol } = new URL(route.request().url());
    if (protocol === 'data:' || hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    offMachine.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  return page;
}

async function storedGivenName(secret: string, emailAddress: string): Promise<string | undefined> {
  const read = await graphql(t.baseUrl, `{ customers(first: 1, emailAddress: "${emailAddress}") { edges { node { ... on ConsumerCustomer { givenName } } } } }`, {}, bearer(secret));
  return read.body.data?.customers.edges[0]?.node.givenName;
}

describeWithChromium('the explorers in a browser with no internet (headless Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await startTestApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(() => {
    offMachine = [];
  });

  it('/graphql: Apollo Sandbox stays the landing page, and links to the explorers that work offline', async () => {
    const page = await offlinePage();
    await page.goto(`${t.baseUrl}/graphql`);
    // Sandbox itself comes from Apollo's CDN: offline, its own fallback text shows, with our links.
    await page.getByText('Apollo Sandbox cannot be loaded').waitFor();
    await page.locator('.fallback a[href="/graphiql"]').waitFor();
    // The fallback fades in after a second; the screenshot should show it.
    await page.locator('.fallback').evaluate((fallback) => fallback.getAnimations().at(0)?.finished);
    expect(offMachine.some((url) => url.includes('apollographql.com'))).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'landing-page-offline.png') });
    await page.locator('#explorer-links a[href="/graphiql"]').click();
    await page.waitForURL(`${t.baseUrl}/graphiql`);
    await page.close();
  });

  it('/graphiql: GraphiQL runs an upsert with the Authorization header set in its Headers tab', async () => {
    const page = await offlinePage();
    await page.goto(`${t.baseUrl}/graphiql`);
    await page.locator('.graphiql-container').waitFor();
    // The Headers tab is open by default; replace its placeholder with a real credential.
    const headers = page.locator('.graphiql-editor-tool .graphiql-editor').last();
    await headers.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${t.tenants.secrets.merchantA}` }));
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window').getByText('"outcome": "CREATED"').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'graphiql-offline.png') });
    expect(offMachine).toEqual([]);
    expect(await storedGivenName(t.tenants.secrets.merchantA, 'lucy.diamond@star.com')).toBe('Lucy');
    await page.close();
  });

  it('/docs: Swagger UI authorises with a bearer token and runs POST /customers', async () => {
    const page = await offlinePage();
    await page.goto(`${t.baseUrl}/docs`);
    await page.locator('.opblock-post').first().waitFor();
    await page.locator('button.authorize').first().click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input[type="text"]').first().fill(t.tenants.secrets.merchantB);
    await dialog.locator('button.authorize').first().click();
    await dialog.locator('button.btn-done').first().click();

    const operation = page.locator('.opblock-post').filter({ hasText: '/customers' }).first();
    await operation.locator('.opblock-summary').click();
    await operation.locator('textarea.body-param__text').fill(JSON.stringify({ UpsertConsumerCustomer: { emailAddress: 'docs.page@star.com', givenName: 'Swagger' } }));
    await operation.locator('button.execute').click();
    await operation.locator('.live-responses-table .response-col_status').getByText('200').waitFor();
    await operation.locator('.live-responses-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'swagger-ui-offline.png') });
    expect(offMachine).toEqual([]);
    expect(await storedGivenName(t.tenants.secrets.merchantB, 'docs.page@star.com')).toBe('Swagger');
    await page.close();
  });
});
