/** The customer as the core sees it: plain data, no ORM, no GraphQL. */
export type CustomerKind = 'consumer' | 'organisation';
export type UpsertOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED';
export type Metadata = Record<string, unknown>;

export interface Customer {
  readonly customerId: string;
  readonly merchantId: string;
  /** The merchant's marketplace; null for a merchant that stands alone. */
  readonly marketplaceId: string | null;
  readonly kind: CustomerKind;
  readonly emailAddress: string | null;
  readonly referenceCustomerId: string | null;
  readonly organisationName: string | null;
  readonly taxId: string | null;
  readonly givenName: string | null;
  readonly middleName: string | null;
  readonly familyName: string | null;
  readonly phoneNumber: string | null;
  readonly isVerified: boolean | null;
  readonly metadata: Metadata | null;
  readonly version: number;
  /** RFC 3339, UTC, microseconds. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Optional fields follow upsert semantics: absent (undefined) keeps the stored value,
 * null clears it, a value replaces it.
 */
interface CommonFields {
  phoneNumber?: string | null;
  isVerified?: boolean | null;
  metadata?: Metadata | null;
}

export interface ConsumerCommand extends CommonFields {
  readonly kind: 'consumer';
  emailAddress: string;
  referenceCustomerId?: string | null;
  givenName?: string | null;
  middleName?: string | null;
  familyName?: string | null;
}

export interface OrganisationCommand extends CommonFields {
  readonly kind: 'organisation';
  referenceCustomerId: string;
  organisationName: string;
  taxId?: string | null;
  emailAddress?: string | null;
}

export type UpsertCustomerCommand = ConsumerCommand | OrganisationCommand;

export interface UpsertCustomerResult {
  readonly outcome: UpsertOutcome;
  readonly customer: Customer;
}
