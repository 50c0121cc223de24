import { Field, ID, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import type { Customer, Metadata, UpsertOutcome } from '../customers/customer';
import { UnreachableCaseError } from '../errors/app-error';
import { DateTime, EmailAddress, JSONObject, PhoneNumber } from './scalars';

export const UpsertOutcomeEnum = { CREATED: 'CREATED', UPDATED: 'UPDATED', UNCHANGED: 'UNCHANGED' } as const;
registerEnumType(UpsertOutcomeEnum, {
  name: 'UpsertOutcome',
  description: 'What the upsert did. UNCHANGED leaves version and updatedAt as they were.',
});

/** The object type of a Customer row. Synchronous: see schema.ts, which installs it as is. */
export function customerTypeName(customer: Customer): 'ConsumerCustomer' | 'OrganisationCustomer' {
  switch (customer.kind) {
    case 'consumer':
      return 'ConsumerCustomer';
    case 'organisation':
      return 'OrganisationCustomer';
    default:
      throw new UnreachableCaseError(customer.kind);
  }
}

@InterfaceType('Customer', { resolveType: customerTypeName })
export abstract class CustomerType {
  @Field(() => ID)
  customerId!: string;

  @Field(() => ID)
  merchantId!: string;

  @Field(() => ID, { nullable: true, description: "The merchant's marketplace; null for a merchant that stands alone." })
  marketplaceId!: string | null;

  @Field(() => EmailAddress, { nullable: true })
  emailAddress!: string | null;

  @Field(() => String, { nullable: true })
  referenceCustomerId!: string | null;

  @Field(() => PhoneNumber, { nullable: true })
  phoneNumber!: string | null;

  @Field(() => Boolean, { nullable: true })
  isVerified!: boolean | null;

  @Field(() => JSONObject, { nullable: true })
  metadata!: Metadata | null;

  @Field(() => Int, { description: 'Starts at 1; +1 on every upsert that changes something.' })
  version!: number;

  @Field(() => DateTime)
  createdAt!: string;

  @Field(() => DateTime)
  updatedAt!: string;
}

// simpleResolvers on every output type: they only carry values, so their fields are read
// as plain properties (graphql's default resolver) instead of through type-graphql's
// middleware runner, once per field of every row. No middleware, auth checker or field
// resolver is used here.
@ObjectType('ConsumerCustomer', { implements: CustomerType, simpleResolvers: true })
export class ConsumerCustomerType extends CustomerType {
  @Field(() => String, { nullable: true })
  givenName!: string | null;

  @Field(() => String, { nullable: true })
  middleName!: string | null;

  @Field(() => String, { nullable: true })
  familyName!: string | null;
}

@ObjectType('OrganisationCustomer', { implements: CustomerType, simpleResolvers: true })
export class OrganisationCustomerType extends CustomerType {
  @Field(() => String)
  organisationName!: string;

  @Field(() => String, { nullable: true })
  taxId!: string | null;
}

@ObjectType('UpsertCustomerPayload', { simpleResolvers: true })
export class UpsertCustomerPayload {
  @Field(() => ID)
  customerId!: string;

  @Field(() => ID)
  merchantId!: string;

  @Field(() => UpsertOutcomeEnum)
  outcome!: UpsertOutcome;

  @Field(() => CustomerType)
  customer!: Customer;
}

@ObjectType('PageInfo', { simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('CustomerEdge', { simpleResolvers: true })
export class CustomerEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => CustomerType)
  node!: Customer;
}

@ObjectType('CustomerConnection', { simpleResolvers: true })
export class CustomerConnection {
  @Field(() => [CustomerEdge])
  edges!: CustomerEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
