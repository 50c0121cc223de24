import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { bearer, postCustomer, request } from '../helpers/clients';
import { consumerInput, organisationInput } from '../helpers/builders';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let document: any;
let ajv: Ajv2020;

beforeAll(async () => {
  t = await startTestApp();
  document = (await request(`${t.baseUrl}/openapi.json`)).body;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, 'openapi');
});
afterAll(() => t.close());

function responseValidator(status: string) {
  return ajv.getSchema(`openapi#/paths/~1customers/post/responses/${status}/content/application~1json/schema`)!;
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', () => {
    const metaSchema = JSON.parse(
      readFileSync(require.resolve('@seriousme/openapi-schema-validator/schemas/v3.1/schema.json'), 'utf8'),
    );
    const validator = new Ajv2020({ strict: false, allErrors: true, formats: { 'media-range': true } });
    addFormats(validator);
    const valid = validator.validate(metaSchema, document);
    expect(validator.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(validator.validate(metaSchema, { ...document, info: undefined })).toBe(false);
  });

  it('describes both body variants, the 200 shape, every status of the catalogue and both security schemes', () => {
    const post = document.paths['/customers'].post;
    const variants = post.requestBody.content['application/json'].schema.oneOf.map((v: any) => v.required[0]);
    expect(variants).toEqual(['UpsertConsumerCustomer', 'UpsertOrganisationCustomer']);
    expect(Object.keys(post.responses)).toEqual(['200', '400', '401', '403', '404', '405', '406', '408', '409', '417', '422', '429', '431', '500', '503']);
    expect(Object.keys(document.components.securitySchemes)).toEqual(['MerchantSecretToken', 'MarketplaceApiKey']);
    expect(document.components.schemas.UpsertConsumerCustomer.required).toEqual(['emailAddress']);
    expect(document.components.schemas.UpsertConsumerCustomer.properties.givenName.maxLength).toBe(100);
  });

  it('accepts the bodies the service accepts', () => {
    const body = ajv.getSchema('openapi#/paths/~1customers/post/requestBody/content/application~1json/schema')!;
    expect(body({ UpsertConsumerCustomer: consumerInput({ givenName: 'Lucy', middleName: null, metadata: {} }) })).toBe(true);
    expect(body({ UpsertOrganisationCustomer: organisationInput({ taxId: '51824753556' }) })).toBe(true);
    expect(body({ UpsertConsumerCustomer: consumerInput(), UpsertOrganisationCustomer: organisationInput() })).toBe(false);
    expect(body({ UpsertConsumerCustomer: { givenName: 'no email' } })).toBe(false);
  });

  it('matches real responses: a 200 and error envelopes', async () => {
    const ok = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() }, bearer(t.tenants.secrets.merchantA));
    expect(responseValidator('200')(ok.body)).toBe(true);
    const samples: [string, Promise<any>][] = [
      ['400', postCustomer(t.baseUrl, { Nope: {} }, bearer(t.tenants.secrets.merchantA))],
      ['401', postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput() })],
      ['404', request(`${t.baseUrl}/nowhere`)],
      ['405', request(`${t.baseUrl}/customers`, { method: 'DELETE' })],
      ['422', postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput({ phoneNumber: '12' }) }, bearer(t.tenants.secrets.merchantA))],
    ];
    for (const [status, pending] of samples) {
      const result = await pending;
      const validate = responseValidator(status);
      expect({ status, valid: validate(result.body), errors: validate.errors ?? null }).toEqual({ status, valid: true, errors: null });
    }
  });

  describe('the reads, GET /customers/{customerId} and GET /customers', () => {
    const pointer = (path: string, status: string) =>
      ajv.getSchema(`openapi#/paths/${path.replace(/\//g, '~1')}/get/responses/${status}/content/application~1json/schema`)!;
    const expectValid = (validate: ReturnType<typeof pointer>, value: unknown) =>
      expect({ valid: validate(value), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });

    it('documents every April parameter with an example, and every answer', () => {
      const list = document.paths['/customers'].get;
      expect(list.parameters.map((p: any) => p.name)).toEqual([
        'Merchant-Id', 'limit', 'page', 'sort', 'createdAfter', 'createdBefore', 'emailAddress[]', 'customerId[]', 'merchantId[]', 'name',
      ]);
      for (const parameter of list.parameters.slice(1)) expect(parameter.example ?? parameter.examples).toBeDefined();
      expect(list.responses['200'].headers.Link).toBeDefined();
      expect(document.paths['/customers/{customerId}'].get.responses['200'].headers.ETag).toBeDefined();
      expect(Object.keys(list.responses)).not.toContain('422');
    });

    it('its examples are valid against its own schemas', () => {
      expectValid(pointer('/customers', '200'), list200Example());
      for (const example of Object.values(document.paths['/customers/{customerId}'].get.responses['200'].content['application/json'].examples)) {
        expectValid(pointer('/customers/{customerId}', '200'), (example as any).value);
      }
    });

    it('matches real responses: both kinds, a page, and error envelopes', async () => {
      const A = bearer(t.tenants.secrets.merchantA);
      const consumer = await postCustomer(t.baseUrl, { UpsertConsumerCustomer: consumerInput({ givenName: 'Lucy' }) }, A);
      const organisation = await postCustomer(t.baseUrl, { UpsertOrganisationCustomer: organisationInput() }, A);
      for (const { body } of [consumer, organisation]) {
        expectValid(pointer('/customers/{customerId}', '200'), (await request(`${t.baseUrl}/customers/${body.customerId}`, { headers: A })).body);
      }
      expectValid(pointer('/customers', '200'), (await request(`${t.baseUrl}/customers?limit=500`, { headers: A })).body);
      expectValid(pointer('/customers', '400'), (await request(`${t.baseUrl}/customers?limit=0`, { headers: A })).body);
      expectValid(pointer('/customers/{customerId}', '404'), (await request(`${t.baseUrl}/customers/cust_nope`, { headers: A })).body);
    });
  });
});

function list200Example(): unknown {
  return document.paths['/customers'].get.responses['200'].content['application/json'].examples.page.value;
}
