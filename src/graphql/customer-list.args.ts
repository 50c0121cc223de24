import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { MAX_PAGE_SIZE, SORT_FIELDS, type SortField } from '../customers/customer-query';
import { DateTime } from './scalars';

/** `familyName` → `FAMILY_NAME`: the enum names derive from the core's sort fields. */
export function sortFieldEnumName(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export const CustomerSortFieldEnum = Object.fromEntries(SORT_FIELDS.map((field) => [sortFieldEnumName(field), field])) as Record<
  string,
  SortField
>;
registerEnumType(CustomerSortFieldEnum, { name: 'CustomerSortField' });

export const SortDirectionEnum = { ASC: 'ASC', DESC: 'DESC' } as const;
registerEnumType(SortDirectionEnum, { name: 'SortDirection' });

@InputType('CustomerSort', {
  description: 'Text fields sort case-insensitively in code-point order; a customer without the field sorts as an empty text.',
})
export class CustomerSortInput {
  @Field(() => CustomerSortFieldEnum)
  field!: SortField;

  @Field(() => SortDirectionEnum, { defaultValue: 'ASC' })
  direction!: keyof typeof SortDirectionEnum;
}

@ArgsType()
export class CustomersArgs {
  @Field(() => Int, { defaultValue: 20, description: `1 to ${MAX_PAGE_SIZE}.` })
  first!: number;

  @Field(() => String, { nullable: true, description: 'A cursor from pageInfo.endCursor, made with the same sort.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: '1-based page number, pages of `first`: offset paging instead of `after`.' })
  page?: number | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive, normalised as the upsert keys emails.' })
  emailAddress?: string | null;

  @Field(() => [String], { nullable: true, description: 'Any of these emails, compared as emailAddress is.' })
  emailAddresses?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Compared exactly after trimming.' })
  referenceCustomerId?: string | null;

  @Field(() => [ID], { nullable: true })
  customerIds?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: "Narrows a marketplace key's listing to these merchants of its marketplace.",
  })
  merchantIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive prefix of the given, family or organisation name.' })
  name?: string | null;

  @Field(() => DateTime, { nullable: true, description: 'RFC 3339, inclusive.' })
  createdAfter?: string | null;

  @Field(() => DateTime, { nullable: true, description: 'RFC 3339, inclusive.' })
  createdBefore?: string | null;

  @Field(() => [CustomerSortInput], { nullable: true, description: 'Default: createdAt ascending. Ties go by customerId.' })
  sort?: CustomerSortInput[] | null;
}
