import { parse } from 'graphql';

/** Everything April's customer object holds, read through the schema like any client would. */
const APRIL_CUSTOMER_FRAGMENT = `fragment AprilCustomer on Customer {
  __typename customerId merchantId marketplaceId referenceCustomerId emailAddress phoneNumber isVerified metadata
  createdAt updatedAt version
  ... on ConsumerCustomer { givenName middleName familyName }
  ... on OrganisationCustomer { organisationName taxId }
}`;

export const GET_CUSTOMER_DOCUMENT = parse(`query GetCustomer($customerId: ID!) {
  customer(customerId: $customerId) { ...AprilCustomer }
}
${APRIL_CUSTOMER_FRAGMENT}`);

export const QUERY_CUSTOMERS_DOCUMENT = parse(`query QueryCustomers(
  $first: Int, $page: Int, $sort: [CustomerSort!], $createdAfter: DateTime, $createdBefore: DateTime,
  $emailAddresses: [String!], $customerIds: [ID!], $merchantIds: [ID!], $name: String
) {
  customers(
    first: $first, page: $page, sort: $sort, createdAfter: $createdAfter, createdBefore: $createdBefore,
    emailAddresses: $emailAddresses, customerIds: $customerIds, merchantIds: $merchantIds, name: $name
  ) {
    edges { node { ...AprilCustomer } }
    pageInfo { hasNextPage }
  }
}
${APRIL_CUSTOMER_FRAGMENT}`);

export type GraphQLCustomer = Record<string, unknown> & { __typename: 'ConsumerCustomer' | 'OrganisationCustomer'; version: number };

// April's field order for each kind; `version` is ours.
export const APRIL_FIELDS = {
  ConsumerCustomer: [
    'customerId', 'merchantId', 'marketplaceId', 'referenceCustomerId', 'emailAddress', 'givenName', 'middleName',
    'familyName', 'isVerified', 'phoneNumber', 'metadata', 'createdAt', 'updatedAt', 'version',
  ],
  OrganisationCustomer: [
    'customerId', 'merchantId', 'marketplaceId', 'referenceCustomerId', 'organisationName', 'taxId', 'emailAddress',
    'phoneNumber', 'isVerified', 'metadata', 'createdAt', 'updatedAt', 'version',
  ],
} as const;

/** `{ "ConsumerCustomer": {...} }` or `{ "OrganisationCustomer": {...} }`, as April tags a customer. */
export function toAprilCustomer(customer: GraphQLCustomer): Record<string, Record<string, unknown>> {
  const tag = customer.__typename;
  // A plain loop: this runs for every row of every page.
  const fields: Record<string, unknown> = {};
  for (const field of APRIL_FIELDS[tag]) fields[field] = customer[field] ?? null;
  return { [tag]: fields };
}
