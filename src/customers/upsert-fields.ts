import type { ConsumerCommand, OrganisationCommand } from './customer';
import { columnOf, type CustomerProperty } from './customer-metadata';

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

/** UPSERT_FIELDS' columns, in the same order. */
export const UPSERT_COLUMNS: readonly string[] = UPSERT_FIELDS.map(columnOf);

/** The presence bit of a field. */
export function presenceBit(field: UpsertField): number {
  return 1 << UPSERT_FIELDS.indexOf(field);
}
