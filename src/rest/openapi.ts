import {
  getNamedType,
  isNonNullType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';
import { E164_PATTERN, METADATA_MAX_BYTES, TEXT_LIMITS } from '../customers/field-rules';
import { ERROR_CATALOGUE, ERROR_CODES, ERROR_TYPE_DESCRIPTIONS } from '../errors/catalogue';
import { APRIL_MEMBERS, type AprilTag } from './april-translation';
import { NOT_FROM_READS, readOpenApi } from './openapi-reads';

type JsonSchema = Record<string, unknown>;

function scalarSchema(type: GraphQLInputType | GraphQLType): JsonSchema {
  switch (getNamedType(type).name) {
    case 'Boolean':
      return { type: 'boolean' };
    case 'JSONObject':
      return { type: 'object', description: `At most ${METADATA_MAX_BYTES} bytes serialised.` };
    case 'EmailAddress':
      return { type: 'string', format: 'email' };
    case 'PhoneNumber':
      return { type: 'string', pattern: E164_PATTERN, examples: ['+61401234567'] };
    default:
      return { type: 'string' };
  }
}

/** A REST body member, read off the GraphQL input type the shim feeds: the two cannot drift. */
function memberSchema(input: GraphQLInputObjectType): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of Object.values(input.getFields())) {
    const schema = scalarSchema(field.type);
    const limits = TEXT_LIMITS[field.name as keyof typeof TEXT_LIMITS];
    if (limits) Object.assign(schema, { minLength: limits[0], maxLength: limits[1] });
    if (field.description) schema.description = field.description;
    if (isNonNullType(field.type)) required.push(field.name);
    else schema.type = [schema.type, 'null'];
    properties[field.name] = schema;
  }
  return { type: 'object', description: input.description, properties, required, additionalProperties: false };
}

function envelopeFor(status: number): JsonSchema {
  const codes = ERROR_CODES.filter((code) => ERROR_CATALOGUE[code].status === status);
  return {
    description: `${ERROR_TYPE_DESCRIPTIONS[status]}: ${codes.join(', ')}`,
    content: {
      'application/json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/ErrorEnvelope' },
            { properties: { statusCode: { const: status }, errorCode: { enum: codes } } },
          ],
        },
      },
    },
  };
}

const ENVELOPE: JsonSchema = {
  type: 'object',
  required: ['statusCode', 'errorCode', 'message', 'tracer', 'detail', 'errorTypeDescription', 'metadata'],
  additionalProperties: false,
  properties: {
    statusCode: { type: 'integer', description: 'HTTP status code for this error' },
    errorCode: { type: 'string', enum: [...ERROR_CODES], description: 'An April code for the kind of error' },
    message: { type: 'string', description: 'Human readable description of the error' },
    tracer: { type: 'string', description: 'Unique per request; also in the X-Tracer header and the log' },
    detail: { type: 'string' },
    errorTypeDescription: { type: 'string' },
    metadata: {
      type: 'object',
      properties: {
        fields: {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'message'],
            additionalProperties: false,
            properties: { field: { type: 'string', examples: ['UpsertConsumerCustomer.emailAddress'] }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

/** OpenAPI 3.1 for the REST surface, built once at start from the GraphQL schema and the error catalogue. */
export function buildOpenApiDocument(schema: GraphQLSchema): JsonSchema {
  const members = Object.fromEntries(
    (Object.entries(APRIL_MEMBERS) as [AprilTag, string][]).map(([tag, member]) => {
      const input = schema.getType(member === 'consumer' ? 'ConsumerCustomerInput' : 'OrganisationCustomerInput');
      return [tag, memberSchema(input as GraphQLInputObjectType)];
    }),
  );
  const statuses = [...new Set(ERROR_CODES.map((code) => ERROR_CATALOGUE[code].status))].sort();
  const readStatuses = statuses.filter((status) => !NOT_FROM_READS.includes(status));
  const reads = readOpenApi(schema, Object.fromEntries(readStatuses.map((status) => [String(status), envelopeFor(status)])), scalarSchema);
  return {
    openapi: '3.1.0',
    info: {
      title: 'customer-gateway REST API',
      version: '3.0',
      description:
        "April's public API 3.0 Upsert Customer, Get Customer and Query Customers, served as a shim over the GraphQL upsertCustomer mutation and the customer and customers queries.",
    },
    security: [{ MerchantSecretToken: [] }, { MarketplaceApiKey: [] }],
    paths: {
      '/customers/{customerId}': { get: reads.one },
      '/customers': {
        get: reads.list,
        post: {
          operationId: 'upsertCustomer',
          summary: 'Upsert Customer',
          description:
            'Create a new customer or update the details of an existing one. Consumer business key: (merchant, emailAddress); organisation business key: (merchant, referenceCustomerId).',
          parameters: [
            { name: 'Merchant-Id', in: 'header', required: false, schema: { type: 'string' }, description: 'Act for this merchant; required with a marketplace API key.' },
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 255 } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: Object.keys(members).map((tag) => ({
                    type: 'object',
                    required: [tag],
                    additionalProperties: false,
                    properties: { [tag]: { $ref: `#/components/schemas/${tag}` } },
                  })),
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'The customer was created or updated.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/UpsertCustomerResponse' } } },
            },
            ...Object.fromEntries(statuses.map((status) => [String(status), envelopeFor(status)])),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        MerchantSecretToken: { type: 'http', scheme: 'bearer', description: 'sandbox_sk_… or live_sk_…: acts for its own merchant.' },
        MarketplaceApiKey: { type: 'http', scheme: 'bearer', description: 'sandbox_api_… or live_api_…: acts for the merchant named in Merchant-Id.' },
      },
      schemas: {
        ...members,
        UpsertCustomerResponse: {
          type: 'object',
          required: ['customerId', 'merchantId'],
          additionalProperties: false,
          properties: { customerId: { type: 'string', pattern: '^cust_' }, merchantId: { type: 'string', pattern: '^mcht_' } },
        },
        ...reads.schemas,
        ErrorEnvelope: ENVELOPE,
      },
    },
  };
}
