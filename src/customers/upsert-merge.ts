import { raw, type RawQueryFragment } from '@mikro-orm/core';
import { quoteIdentifier } from './entity-metadata';
import { columnOf, type CustomerProperty } from './customer-metadata';
import { presenceBit, UPSERT_FIELDS } from './upsert-fields';

/** The alias both upsert statements give the stored row. */
export const STORED = 'c';

/**
 * What ON CONFLICT … DO UPDATE sets, property by property, for both statements; `sent`
 * is the SQL that tells whether the request carried a field, given its presence bit.
 *
 * Only the sent fields change; id, merchant_id, kind, business_key and created_at are
 * never set. version and updated_at move only when a value really changed, and
 * change_token records which statement changed the row last, so that a statement can
 * tell UPDATED from UNCHANGED exactly.
 */
export function upsertMerge(sent: (bit: number) => string): Partial<Record<CustomerProperty, RawQueryFragment>> {
  const stored = (property: CustomerProperty) => `${STORED}.${quoteIdentifier(columnOf(property))}`;
  const proposed = (property: CustomerProperty) => `excluded.${quoteIdentifier(columnOf(property))}`;
  const chosen = (property: CustomerProperty, bit: number) => `CASE WHEN ${sent(bit)} THEN ${proposed(property)} ELSE ${stored(property)} END`;

  const merged = UPSERT_FIELDS.map((field) => chosen(field, presenceBit(field)));
  const changed = `(${merged.join(', ')}) IS DISTINCT FROM (${UPSERT_FIELDS.map(stored).join(', ')})`;
  const merge: Partial<Record<CustomerProperty, RawQueryFragment>> = {};
  UPSERT_FIELDS.forEach((field, i) => (merge[field] = raw(merged[i]!)));
  // email_key follows the email: it is derived from it by the caller.
  merge.emailKey = raw(chosen('emailKey', presenceBit('emailAddress')));
  merge.version = raw(`${stored('version')} + CASE WHEN ${changed} THEN 1 ELSE 0 END`);
  merge.changeToken = raw(`CASE WHEN ${changed} THEN ${proposed('changeToken')} ELSE ${stored('changeToken')} END`);
  merge.updatedAt = raw(`CASE WHEN ${changed} THEN now() ELSE ${stored('updatedAt')} END`);
  return merge;
}

/** The conflict target: the business key's unique constraint (merchant, kind, business key). */
export const BUSINESS_KEY: CustomerProperty[] = ['merchant', 'kind', 'businessKey'];
