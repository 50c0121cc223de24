import type { ConsumerCommand, OrganisationCommand } from './customer';
import type { CustomerProperty } from './customer-table-shape';

type CommandField = Exclude<keyof ConsumerCommand | keyof OrganisationCommand, 'kind'>;

/**
 * The fields an upsert may set: the one list of them. Each name is at once the API
 * field (of the commands, and so of both doors) and the entity's property, which the
 * type checks; the column comes from the entity's metadata. The order is the parameter
 * order and the bit order of the presence mask: a set bit means the request carried the
 * field (a value or null), so it replaces the stored one; a clear bit keeps it.
 */
export const UPSERT_FIELDS = [
  'emailAddress',
  'referenceCustomerId',
  'organisationName',
  'taxId',
  'givenName',
  'middleName',
  'familyName',
  'phoneNumber',
  'isVerified',
  'metadata',
] as const satisfies readonly (CommandField & CustomerProperty)[];

export type UpsertField = (typeof UPSERT_FIELDS)[number];

/** The presence bit of a field. */
export function presenceBit(field: UpsertField): number {
  return 1 << UPSERT_FIELDS.indexOf(field);
}

/**
 * The single-row statement's parameters, in order ($1 …): the request's key and id, the
 * fields, then the presence mask, the change token and email_key (the email as lookups
 * compare it, derived by the caller with the business key's normalisation).
 */
export const SINGLE_PARAMETERS = ['id', 'merchantId', 'kind', 'businessKey', ...UPSERT_FIELDS, 'presence', 'changeToken', 'emailKey'] as const;

export type SingleParameter = (typeof SINGLE_PARAMETERS)[number];

/** The properties a batch row names besides the fields: the key, the id a create takes, and the bookkeeping. */
export const BATCH_ROW_PROPERTIES = [
  'id',
  'merchant',
  'kind',
  'businessKey',
  'emailKey',
  'changeToken',
  'upsertPresence',
] as const satisfies readonly CustomerProperty[];

export type BatchRowProperty = (typeof BATCH_ROW_PROPERTIES)[number];
