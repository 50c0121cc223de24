import { Directive, Field, InputType } from 'type-graphql';
import { EmailAddress, JSONObject, PhoneNumber } from './scalars';
import type { Metadata } from '../customers/customer';

// Optional fields stay `?:` with no initialiser: an absent field must stay absent
// (keep the stored value), distinct from an explicit null (clear it).

@InputType('ConsumerCustomerInput', { description: 'A person. Business key: (merchant, emailAddress).' })
export class ConsumerCustomerInput {
  @Field(() => EmailAddress, { description: 'Compared case-insensitively after trimming; stored trimmed.' })
  emailAddress!: string;

  @Field(() => String, { nullable: true, description: 'Unique per merchant across both kinds.' })
  referenceCustomerId?: string | null;

  @Field(() => String, { nullable: true })
  givenName?: string | null;

  @Field(() => String, { nullable: true })
  middleName?: string | null;

  @Field(() => String, { nullable: true })
  familyName?: string | null;

  @Field(() => PhoneNumber, { nullable: true })
  phoneNumber?: string | null;

  @Field(() => Boolean, { nullable: true })
  isVerified?: boolean | null;

  @Field(() => JSONObject, { nullable: true, description: 'At most 8 KiB serialised.' })
  metadata?: Metadata | null;
}

@InputType('OrganisationCustomerInput', {
  description: 'A business. Business key: (merchant, referenceCustomerId).',
})
export class OrganisationCustomerInput {
  @Field(() => String, { description: 'Compared exactly after trimming.' })
  referenceCustomerId!: string;

  @Field(() => String)
  organisationName!: string;

  @Field(() => String, { nullable: true })
  taxId?: string | null;

  @Field(() => EmailAddress, { nullable: true })
  emailAddress?: string | null;

  @Field(() => PhoneNumber, { nullable: true })
  phoneNumber?: string | null;

  @Field(() => Boolean, { nullable: true })
  isVerified?: boolean | null;

  @Field(() => JSONObject, { nullable: true, description: 'At most 8 KiB serialised.' })
  metadata?: Metadata | null;
}

/** Exactly one member. type-graphql cannot declare @oneOf: schema.ts turns this marker into `isOneOf`. */
@Directive('@oneOf')
@InputType('CustomerInput', { description: 'Exactly one of consumer or organisation.' })
export class CustomerInput {
  @Field(() => ConsumerCustomerInput, { nullable: true })
  consumer?: ConsumerCustomerInput;

  @Field(() => OrganisationCustomerInput, { nullable: true })
  organisation?: OrganisationCustomerInput;
}
