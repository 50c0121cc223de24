import { getNamedType, isNonNullType, type GraphQLObjectType, type GraphQLSchema, type GraphQLType } from 'graphql';
import { MAX_FILTER_VALUES, MAX_PAGE_SIZE, SORT_FIELDS } from '../customers/customer-query';
import { APRIL_FIELDS } from './april-customer';

type JsonSchema = Record<string, unknown>;

/** JSON Schema of an output scalar; `inputScalar` covers the ones inputs share. */
function outputScalar(type: GraphQLType, inputScalar: (type: GraphQLType) => JsonSchema): JsonSchema {
  switch (getNamedType(type).name) {
    case 'Int':
      return { type: 'integer' };
    case 'DateTime':
      return { type: 'string', format: 'date-time' };
    case 'JSONObject':
      return { type: 'object' };
    default:
      return inputScalar(type);
  }
}

/** April's customer object of one kind, read off the GraphQL type the shim queries: the two cannot drift. */
function customerSchema(type: GraphQLObjectType, tag: keyof typeof APRIL_FIELDS, inputScalar: (type: GraphQLType) => JsonSchema): JsonSchema {
  const fields = type.getFields();
  const properties = Object.fromEntries(
    APRIL_FIELDS[tag].map((name) => {
      const field = fields[name]!;
      const schema = outputScalar(field.type, inputScalar);
      if (!isNonNullType(field.type)) schema.type = [schema.type, 'null'];
      if (field.description) schema.description = field.description;
      return [name, schema];
    }),
  );
  return { type: 'object', required: [...APRIL_FIELDS[tag]], additionalProperties: false, properties };
}

const CONSUMER_EXAMPLE = {
  ConsumerCustomer: {
    customerId: 'cust_Zz6SN_8bIUK88SSn', merchantId: 'mcht_Zz6SN_8bIUK88SSm', marketplaceId: 'mktp_Zz6SN_8bIUK88SSk',
    referenceCustomerId: 'CUST-48822821', emailAddress: 'lucy.diamond@star.com', givenName: 'Lucy', middleName: null,
    familyName: 'Diamond', isVerified: true, phoneNumber: '+61401234567', metadata: {},
    createdAt: '2026-01-31T09:00:00.000Z', updatedAt: '2026-01-31T09:00:00.000Z', version: 1,
  },
};
const ORGANISATION_EXAMPLE = {
  OrganisationCustomer: {
    customerId: 'cust_Qm3vX0aL9pT2rW8e', merchantId: 'mcht_Zz6SN_8bIUK88SSm', marketplaceId: 'mktp_Zz6SN_8bIUK88SSk',
    referenceCustomerId: 'ORG-7', organisationName: 'Star Pty Ltd', taxId: '51824753556', emailAddress: 'ap@star.com',
    phoneNumber: null, isVerified: null, metadata: {}, createdAt: '2026-02-01T10:30:00.000Z', updatedAt: '2026-02-01T10:30:00.000Z', version: 2,
  },
};

const MERCHANT_ID_HEADER = {
  name: 'Merchant-Id', in: 'header', required: false, schema: { type: 'string' },
  description: 'Act for this merchant. Required with a marketplace API key, except to list across its marketplace.',
};

function listParameter(name: string, description: string, example: string): JsonSchema {
  return {
    name: `${name}[]`, in: 'query', required: false, style: 'form', explode: true,
    schema: { type: 'array', maxItems: MAX_FILTER_VALUES, items: { type: 'string', minLength: 1 } },
    description: `${description} Repeat it for more values; \`${name}=…\` without brackets is read the same.`,
    examples: { one: { value: [example] } },
  };
}

const QUERY_PARAMETERS: JsonSchema[] = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }, example: 50 },
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 }, description: '1-based.', example: 2 },
  {
    name: 'sort', in: 'query', schema: { type: 'string', default: 'createdAt', pattern: `^-?(${SORT_FIELDS.join('|')})(,-?(${SORT_FIELDS.join('|')}))*$` },
    description: 'Comma-separated fields, `-` for descending; ties go by customerId. Text fields sort case-insensitively in code-point order, a customer without the field as empty text.',
    example: '-createdAt,familyName',
  },
  { name: 'createdAfter', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'RFC 3339, inclusive.', example: '2026-01-01T00:00:00Z' },
  { name: 'createdBefore', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'RFC 3339, inclusive.', example: '2026-01-31T23:59:59.999999+10:00' },
  listParameter('emailAddress', 'Case-insensitive, normalised as the upsert compares emails.', 'Lucy.Diamond@star.com'),
  listParameter('customerId', 'Only these customers.', 'cust_Zz6SN_8bIUK88SSn'),
  listParameter('merchantId', "Only these merchants: narrows a marketplace key's listing; never widens a listing.", 'mcht_Zz6SN_8bIUK88SSm'),
  { name: 'name', in: 'query', schema: { type: 'string', minLength: 1, maxLength: 200 }, description: 'Case-insensitive prefix of the given, family or organisation name.', example: 'diam' },
].map((parameter) => ({ required: false, ...parameter }));

/** Statuses a read never answers: its path has the method, and it has no body rules and no idempotency. */
export const NOT_FROM_READS: readonly number[] = [405, 409, 422];

/** GET /customers and GET /customers/{customerId}, with their components. */
export function readOpenApi(schema: GraphQLSchema, errorResponses: JsonSchema, inputScalar: (type: GraphQLType) => JsonSchema) {
  const tagged = { $ref: '#/components/schemas/TaggedCustomer' };
  return {
    list: {
      operationId: 'queryCustomers',
      summary: 'Query Customers',
      description:
        "A page of customers, as a bare array of tagged customer objects. A merchant token lists its own merchant's; a marketplace API key without Merchant-Id lists every merchant of its marketplace, never beyond it. Paging is in the Link header (rel=next, rel=prev); there is no total count, which would cost a scan of every match.",
      parameters: [MERCHANT_ID_HEADER, ...QUERY_PARAMETERS],
      responses: {
        '200': {
          description: 'The page, in the requested order.',
          headers: { Link: { description: 'RFC 8288 links to the next and previous pages.', schema: { type: 'string' }, example: '</customers?limit=20&page=3>; rel="next", </customers?limit=20&page=1>; rel="prev"' } },
          content: { 'application/json': { schema: { type: 'array', items: tagged }, examples: { page: { value: [CONSUMER_EXAMPLE, ORGANISATION_EXAMPLE] } } } },
        },
        ...errorResponses,
      },
    },
    one: {
      operationId: 'getCustomer',
      summary: 'Get Customer',
      description: "One customer of the acting merchant. An unknown id and another merchant's id get the same 404 not_found.",
      parameters: [
        { name: 'customerId', in: 'path', required: true, schema: { type: 'string' }, example: 'cust_Zz6SN_8bIUK88SSn' },
        MERCHANT_ID_HEADER,
      ],
      responses: {
        '200': {
          description: 'The customer, tagged with its kind.',
          headers: { ETag: { description: 'The customer\'s version, quoted.', schema: { type: 'string' }, example: '"1"' } },
          content: { 'application/json': { schema: tagged, examples: { consumer: { value: CONSUMER_EXAMPLE }, organisation: { value: ORGANISATION_EXAMPLE } } } },
        },
        ...errorResponses,
      },
    },
    schemas: {
      ConsumerCustomer: customerSchema(schema.getType('ConsumerCustomer') as GraphQLObjectType, 'ConsumerCustomer', inputScalar),
      OrganisationCustomer: customerSchema(schema.getType('OrganisationCustomer') as GraphQLObjectType, 'OrganisationCustomer', inputScalar),
      TaggedCustomer: {
        oneOf: (['ConsumerCustomer', 'OrganisationCustomer'] as const).map((tag) => ({
          type: 'object', required: [tag], additionalProperties: false, properties: { [tag]: { $ref: `#/components/schemas/${tag}` } },
        })),
      },
    },
  };
}
